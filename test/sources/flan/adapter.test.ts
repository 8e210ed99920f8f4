import path from "node:path";
import { describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { AdapterError, isUserError } from "../../../src/errors.js";
import { promptText, type Rendered, type RenderedPrompt, type SourceRoot } from "../../../src/sources/contract.js";
import { type FlanAdapter, openFlan } from "../../../src/sources/flan/adapter.js";
import { FLAN_DEFAULTS } from "../../../src/sources/flan/adapter-options.js";
import { flan } from "../../../src/sources/flan/index.js";
import { openSource } from "../../../src/sources/open.js";
import { type OptionLayer, optionNames, resolveOptions } from "../../../src/sources/options.js";
import { TEMPLATE_RULE_DEFAULTS } from "../../../src/sources/template-rule.js";
import type { Issue, Task } from "../../../src/types.js";
import { loadAll, openAt, rootAt, testAdapter } from "../conformance.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SAMPLE = path.join(ROOT, "sources/sample/flan");
const COLLECTION = path.join(ROOT, "test/fixtures/flan/collection");
const ALL_TYPES = ["zs_opt", "zs_noopt", "fs_opt", "fs_noopt"];

/** The sample corpus opened as a build opens it, the descriptor's license on the root; stats kept (the guard keeps the adapter as prototype). */
function openSample(options: Record<string, unknown> = {}, root: Partial<SourceRoot> = {}): FlanAdapter {
  const request = { root: { ...rootAt(SAMPLE), license: "Apache-2.0", ...root }, options: [{ origin: "test", values: options }] };
  return openSource(flan, request) as FlanAdapter;
}

async function loadSample(options: Record<string, unknown> = {}): Promise<{ tasks: Task[]; issues: Issue[]; adapter: FlanAdapter }> {
  const adapter = openSample(options);
  const { tasks, issues } = await loadAll(adapter);
  return { tasks, issues, adapter };
}

const byName = (tasks: readonly Task[], name: string): Task => tasks.find((t) => t.name === name) as Task;

function rendered(r: Rendered): RenderedPrompt {
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return r as RenderedPrompt;
}

const ROW_FILES = ["rows/**/*.{jsonl,parquet}", "cot_data/*.tsv"];

testAdapter(flan, { root: SAMPLE, rowFiles: ROW_FILES, options: { templateTypes: ALL_TYPES } }, (loaded) => {
  it("exposes every template type asked for, on every task, and renders each of them", () => {
    const { adapter, tasks } = loaded();
    const withRows = tasks.filter((t) => t.instances.length > 0);
    expect(tasks.filter((t) => t.instances.length === 0).map((t) => t.name)).toEqual(["wnli"]);
    for (const task of withRows) {
      const types = new Set(task.templates.map((t) => t.id.split(":")[2]));
      expect([...types].sort(), task.name).toEqual([...ALL_TYPES].sort());
      const instance = task.instances.find((i) => i.sourceSplit === "validation") ?? task.instances[0]!;
      for (const type of ALL_TYPES) {
        const ok = task.templates
          .filter((t) => t.id.endsWith(`:${type}`))
          .map((t) => adapter.render(task, instance, t.id, rngFor(0, "types", t.id), { demoPool: task.instances }))
          .filter((r) => r.ok);
        expect(ok.length, `${task.name} ${type}`).toBeGreaterThan(0);
      }
    }
  });

  it("puts the whole prompt in `input`: FLAN's templates carry their instructions", () => {
    const { adapter, tasks } = loaded();
    const rte = byName(tasks, "rte");
    const r = rendered(adapter.render(rte, rte.instances[30]!, "rte:1:zs_opt", rngFor(1, "render")));
    expect(r.parts.instruction).toBe("");
    expect(r.parts.lead).toBe("");
    expect(promptText(r.parts)).toBe(r.parts.input);
  });
});

describe("collection mode (test/fixtures/flan/collection)", () => {
  testAdapter(flan, {
    root: COLLECTION,
    rowFiles: ["**/*.{jsonl,parquet}"],
    options: { mode: "collection" },
    listReadsRows: "a FLAN Collection export names its tasks only in each row's task_name",
  });
});

describe("flan adapter, templates mode, on the sample corpus", () => {
  it("lists every PATTERNS key, sorted, with its rows, its chain-of-thought TSV or no data file", async () => {
    const refs = await openAt(flan, SAMPLE).list();
    const files = Object.fromEntries(refs.map((r) => [r.name, r.files.map((f) => path.relative(SAMPLE, f))]));
    expect(files).toEqual({
      cot_gsm8k: ["templates.py", "cot_data/gsm8k_train.tsv"],
      cot_strategyqa: ["templates.py", "cot_data/strategyqa_train.tsv"],
      imdb_reviews: ["templates.py", "rows/imdb_reviews/train.jsonl", "rows/imdb_reviews/validation.jsonl"],
      rte: ["templates.py", "rows/rte/train.jsonl", "rows/rte/validation.jsonl"],
      stream_aqua: ["templates.py", "cot_data/aqua_train.tsv"],
      trivia_qa: ["templates.py", "rows/trivia_qa/train.jsonl", "rows/trivia_qa/validation.jsonl"],
      wnli: ["templates.py"],
    });
    expect(refs.map((r) => r.name)).toEqual(["cot_gsm8k", "cot_strategyqa", "imdb_reviews", "rte", "stream_aqua", "trivia_qa", "wnli"]);
  });

  it("builds the task record: categories from FLAN 2021 clusters, dataset from the PATTERNS key, instances per split", async () => {
    const { tasks } = await loadSample();
    const rte = byName(tasks, "rte");
    expect(tasks.map((t) => [t.name, t.sourceCategories, t.dataset, t.instances.length])).toEqual([
      ["cot_gsm8k", [], "cot_gsm8k", 12],
      ["cot_strategyqa", [], "cot_strategyqa", 10],
      ["imdb_reviews", ["sentiment"], "imdb_reviews", 50],
      ["rte", ["entailment"], "rte", 50],
      ["stream_aqua", [], "stream_aqua", 10],
      ["trivia_qa", ["open_domain_qa"], "trivia_qa", 50],
      ["wnli", ["entailment"], "wnli", 0],
    ]);
    expect(rte).toMatchObject({ id: "flan/rte", source: "flan", category: "", license: ["Apache-2.0"] });
    expect(rte.instances).toHaveLength(50);
    expect(rte.instances[30]).toMatchObject({ id: "rte-validation-0", sourceSplit: "validation", choices: ["yes", "no"] });
    expect(rte.instances[30]?.outputs).toEqual([rte.instances[30]?.fields?.answer]);
  });

  it("exposes original-task zero-shot templates by default; inverted ones only on request", async () => {
    const { tasks } = await loadSample();
    expect(byName(tasks, "rte").templates.map((t) => t.id)).toEqual(["rte:0:zs_opt", "rte:1:zs_opt", "rte:2:zs_opt", "rte:3:zs_opt"]);
    const all = await loadSample({ includeInverted: true, templateTypes: ["zs_opt", "fs_noopt"] });
    const imdb = byName(all.tasks, "imdb_reviews");
    expect(imdb.templates.filter((t) => !t.originalTask).map((t) => t.id)).toEqual(["imdb_reviews:3:zs_opt", "imdb_reviews:3:fs_noopt"]);
    expect(imdb.templates).toHaveLength(8);
  });

  it("reports the module's skipped statements as issues with line and column, and the task without rows", async () => {
    const { issues } = await loadSample();
    expect(issues.map((i) => i.pointer)).toEqual(["L4:1", "L5:1", "L73:23", "L74:1", undefined]);
    expect(issues[2]?.message).toContain("copy");
    expect(issues[4]).toEqual({
      file: path.join(SAMPLE, "rows/wnli"),
      kind: "no_instances",
      message: 'task "wnli" has no rows (looked for rows/wnli/<split>.{jsonl,parquet}); it has no instances',
    });
  });

  it("renders zero-shot exactly (golden)", async () => {
    const { tasks, adapter } = await loadSample();
    const rte = byName(tasks, "rte");
    const inst = rte.instances[30]!;
    const f = inst.fields as Record<string, string>;
    const out = adapter.render(rte, inst, "rte:1:zs_opt", rngFor(1, "render"));
    expect(out).toEqual({
      ok: true,
      parts: {
        instruction: "",
        lead: "",
        input: `Passage: ${f.premise}\nStatement: ${f.hypothesis}\nDoes the passage support the statement?\nOPTIONS:\n- yes\n- no`,
      },
      completion: f.answer,
      references: [f.answer],
      choices: ["yes", "no"],
    });
  });

  it("renders few-shot with train exemplars only, never the target row, deterministically", async () => {
    const { tasks, adapter } = await loadSample({ templateTypes: ["fs_opt"], shotRule: "fixed" });
    const rte = byName(tasks, "rte");
    const target = rte.instances[3]!;
    const render = () => adapter.render(rte, target, "rte:0:fs_opt", rngFor(9, "render", target.id));
    const out = rendered(render());
    expect(out).toEqual(render());
    const blocks = promptText(out.parts).split("\n\n");
    expect(blocks).toHaveLength(6);
    expect(blocks.at(-1)).toBe(
      `Problem: Passage: ${String(target.fields?.premise)}\n${String(target.fields?.hypothesis)}\nOPTIONS:\n- yes\n- no\nSolution:`,
    );
    const trainPremises = new Set(
      rte.instances.filter((i) => i.sourceSplit === "train" && i.id !== target.id).map((i) => String(i.fields?.premise)),
    );
    for (const block of blocks.slice(0, -1)) {
      const premise = block.split("\n")[0]?.replace("Problem: Passage: ", "") ?? "";
      expect(trainPremises.has(premise), block).toBe(true);
      expect(block).not.toBe(blocks.at(-1));
    }
  });

  it("counts few-shot queries that fall back to zero-shot when no exemplar fits the budget", async () => {
    const { tasks, adapter } = await loadSample({ templateTypes: ["fs_noopt"], budget: { unit: "chars", max: 10 } });
    const qa = byName(tasks, "trivia_qa");
    const out = adapter.render(qa, qa.instances[0]!, "trivia_qa:0:fs_noopt", rngFor(1, "r"));
    expect(out).toMatchObject({
      ok: true,
      parts: { instruction: "", lead: "", input: `Quiz question: ${String(qa.instances[0]?.fields?.question)}\nAnswer:` },
    });
    expect(adapter.stats.fewShotFallbacks).toEqual({ "trivia_qa:0:fs_noopt": 1 });
  });

  it("counts fallbacks on the adapter openFlan returns, too", async () => {
    const adapter = openFlan(
      rootAt(SAMPLE),
      { ...FLAN_DEFAULTS, templateTypes: ["fs_noopt"], budget: { unit: "chars", max: 10 } },
      TEMPLATE_RULE_DEFAULTS,
    );
    const { tasks } = await loadAll(adapter);
    const qa = byName(tasks, "trivia_qa");
    for (const instance of qa.instances.slice(0, 3)) adapter.render(qa, instance, "trivia_qa:0:fs_noopt", rngFor(1, "r", instance.id));
    expect(adapter.stats.fewShotFallbacks).toEqual({ "trivia_qa:0:fs_noopt": 3 });
  });

  it("uses the module's option candidates for the random style, seeded", async () => {
    const { tasks, adapter } = await loadSample({ optionsStyle: "random" });
    const imdb = byName(tasks, "imdb_reviews");
    const prompts = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const out = adapter.render(imdb, imdb.instances[0]!, "imdb_reviews:0:zs_opt", rngFor(seed, "r"));
      if (out.ok) {
        const prompt = promptText(out.parts);
        prompts.add(prompt.slice(prompt.indexOf("?") + 1));
      }
    }
    expect(prompts.size).toBeGreaterThan(5);
  });

  it("rejects unknown or ill-typed options, listing them all, by the option schema", () => {
    const attempt = () => openAt(flan, SAMPLE, { templateTypes: ["zs"], colour: 1 });
    expect(attempt).toThrow(AdapterError);
    expect(attempt).toThrow(`[adapter:flan] test: unknown option "colour". Accepted options: ${optionNames(flan).join(", ")}.`);
    expect(attempt).toThrow(
      /\n\[adapter:flan\] test: option "templateTypes\.0": expected one of: "zs_opt", "zs_noopt", "fs_opt", "fs_noopt"\./,
    );
    expect(() => openAt(flan, SAMPLE, { budget: { unit: "chars", max: 0 } })).toThrow(
      '[adapter:flan] test: option "budget.max": must be > 0.',
    );
    expect(() => openAt(flan, SAMPLE, { includeInverted: "yes" })).toThrow(
      '[adapter:flan] test: option "includeInverted": expected boolean.',
    );
  });

  it("refuses a template id its task does not have, even one of another type of the same key", async () => {
    const { tasks, adapter } = await loadSample();
    const rte = byName(tasks, "rte");
    const attempt = () => adapter.render(rte, rte.instances[0]!, "rte:0:zs_noopt", rngFor(0, "r"));
    expect(attempt).toThrow(AdapterError);
    expect(attempt).toThrow(
      '[adapter:flan] templates.py: flan/rte: unknown template "rte:0:zs_noopt". Expected one of: rte:0:zs_opt, rte:1:zs_opt, rte:2:zs_opt, rte:3:zs_opt.',
    );
  });

  it("names the file, line and column of a malformed module", async () => {
    const root = path.join(ROOT, "test/fixtures/flan");
    const adapter = openAt(flan, root, { templates: "malformed/unclosed_bracket.py", rows: "collection" });
    await expect(adapter.load({ name: "x", files: [] }, [])).rejects.toThrow(/unclosed_bracket\.py.*line 1, column 12/);
    await expect(adapter.load({ name: "x", files: [] }, [])).rejects.toThrow(AdapterError);
  });
});

describe("flan options by the generic route", () => {
  const descriptor: OptionLayer = { origin: "sources/flan.yaml#/options", values: { templateTypes: ["zs_opt"] } };
  const splitConfig: OptionLayer = { origin: "splits/x.yaml#/source_options/flan", values: { templateTypes: ["zs_noopt"] } };

  it("a later layer (the split config) wins over an earlier one (the descriptor)", async () => {
    expect(resolveOptions(flan, [descriptor, splitConfig])).toMatchObject({ templateTypes: ["zs_noopt"] });
    expect(resolveOptions(flan, [splitConfig, descriptor])).toMatchObject({ templateTypes: ["zs_opt"] });
    const adapter = openSource(flan, { root: rootAt(SAMPLE), options: [descriptor, splitConfig] });
    const [ref] = (await adapter.list()).filter((r) => r.name === "rte");
    const rte = await adapter.load(ref as NonNullable<typeof ref>, []);
    expect(rte.templates.map((t) => t.id)).toEqual(["rte:0:zs_noopt", "rte:1:zs_noopt", "rte:2:zs_noopt", "rte:3:zs_noopt"]);
  });

  it("--option wins over the split config; a layer replaces a whole top-level option; unset layers leave the defaults", () => {
    const cli: OptionLayer = { origin: "--option", values: { templateTypes: ["fs_opt"], budget: { unit: "chars", max: 5 } } };
    expect(resolveOptions(flan, [descriptor, splitConfig, cli])).toEqual({
      ...FLAN_DEFAULTS,
      templateTypes: ["fs_opt"],
      budget: { unit: "chars", max: 5 },
    });
    expect(resolveOptions(flan, [{ origin: "sources/flan.yaml#/options", values: undefined }])).toEqual(FLAN_DEFAULTS);
  });

  it("rejects an unknown option with an exit-code-1 error (AdapterError, E_CONFIG) naming it, its origin and the accepted options", () => {
    const origin = "splits/x.yaml#/source_options/flan";
    const error = (() => {
      try {
        openSource(flan, { root: rootAt(SAMPLE), options: [descriptor, { origin, values: { bogus: 1 } }] });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AdapterError);
    expect(isUserError(error)).toBe(true);
    expect((error as AdapterError).code).toBe("E_CONFIG");
    expect((error as Error).message).toBe(
      `[adapter:flan] ${origin}: unknown option "bogus". Accepted options: mode, templates, extraTemplates, rows, cotData, collection, taskKeys, templateTypes, includeInverted, invertedTemplates, optionsStyle, shotRule, budget, fallback, clusters, collectionInfo.`,
    );
  });
});

describe("flan adapter, collection mode", () => {
  it("groups exported rows by task name, one template per template type, column aliases accepted", async () => {
    const adapter = openAt(flan, COLLECTION, { mode: "collection" });
    const refs = await adapter.list();
    expect(refs.map((r) => r.name)).toEqual(["lambada:1.0.0", "rte", "trivia_qa", "wmt16_translate_deen"]);
    const issues: Issue[] = [];
    const tasks = await Promise.all(refs.map((r) => adapter.load(r, issues)));
    const rte = tasks[1] as Task;
    expect(rte.templates.map((t) => t.id)).toEqual(["collection:zs_noopt", "collection:zs_opt"]);
    expect(rte.instances).toHaveLength(3);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain("without string inputs/targets");
    expect(tasks.map((t) => [t.dataset, t.sourceCategories])).toEqual([
      ["lambada", []],
      ["rte", ["entailment"]],
      ["trivia_qa", ["open_domain_qa"]],
      ["wmt16_translate_deen", ["translation"]],
    ]);
    expect(tasks[0]?.templates.map((t) => t.id)).toEqual(["collection:untyped"]);
    expect(tasks[3]?.instances[0]?.fields).toEqual({
      inputs: "Translate to German: good morning",
      targets: "guten Morgen",
      template_type: "zs_noopt",
      template_idx: 3,
    });
    const first = rte.instances[0]!;
    expect(adapter.render(rte, first, "collection:zs_opt", rngFor(1, "r"))).toMatchObject({
      ok: true,
      parts: { instruction: "", lead: "", input: first.input },
      completion: "yes",
    });
    expect(adapter.render(rte, first, "collection:zs_noopt", rngFor(1, "r"))).toMatchObject({
      ok: false,
      reason: "template_not_applicable",
    });
  });

  it("refuses a collection template id its task does not have", async () => {
    const adapter = openAt(flan, COLLECTION, { mode: "collection" });
    const { tasks } = await loadAll(adapter);
    const lambada = tasks[0] as Task;
    expect(() => adapter.render(lambada, lambada.instances[0]!, "collection:zs_opt", rngFor(1, "r"))).toThrow(
      'unknown template "collection:zs_opt". Expected one of: collection:untyped.',
    );
  });
});
