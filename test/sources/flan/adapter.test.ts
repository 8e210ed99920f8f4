import path from "node:path";
import { describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { createFlanAdapter } from "../../../src/sources/flan/adapter.js";
import type { Issue, SourceDescriptor, Task } from "../../../src/types.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SAMPLE = path.join(ROOT, "sources/sample/flan");

function descriptor(options: Record<string, unknown> = {}, root = SAMPLE): SourceDescriptor {
  return { name: "flan", adapter: "flan", path: root, options, file: path.join(root, "flan.yaml"), license: "Apache-2.0" };
}

async function loadAll(
  options: Record<string, unknown> = {},
): Promise<{ tasks: Task[]; issues: Issue[]; adapter: ReturnType<typeof createFlanAdapter> }> {
  const adapter = createFlanAdapter();
  const source = descriptor(options);
  const issues: Issue[] = [];
  const tasks: Task[] = [];
  for (const ref of await adapter.list(source)) tasks.push(await adapter.load(ref, source, issues));
  return { tasks, issues, adapter };
}

describe("flan adapter, templates mode, on the sample corpus", () => {
  it("lists one task per rows folder, sorted", async () => {
    const refs = await createFlanAdapter().list(descriptor());
    expect(refs.map((r) => r.name)).toEqual(["imdb_reviews", "rte", "trivia_qa"]);
    expect(refs[1]?.files.map((f) => path.relative(SAMPLE, f))).toEqual([
      "templates.py",
      "rows/rte/train.jsonl",
      "rows/rte/validation.jsonl",
    ]);
  });

  it("builds the task record: categories from FLAN 2021 clusters, dataset from the PATTERNS key, instances per split", async () => {
    const { tasks } = await loadAll();
    const rte = tasks.find((t) => t.name === "rte") as Task;
    expect(tasks.map((t) => [t.name, t.sourceCategories, t.dataset])).toEqual([
      ["imdb_reviews", ["sentiment"], "imdb_reviews"],
      ["rte", ["entailment"], "rte"],
      ["trivia_qa", ["open_domain_qa"], "trivia_qa"],
    ]);
    expect(rte).toMatchObject({ id: "flan/rte", source: "flan", category: "", license: ["Apache-2.0"] });
    expect(rte.instances).toHaveLength(50);
    expect(rte.instances[30]).toMatchObject({ id: "rte-validation-0", sourceSplit: "validation", choices: ["yes", "no"] });
    expect(rte.instances[30]?.outputs).toEqual([rte.instances[30]?.fields?.answer]);
  });

  it("exposes original-task zero-shot templates by default; inverted ones only on request", async () => {
    const { tasks } = await loadAll();
    expect(tasks.find((t) => t.name === "rte")?.templates.map((t) => t.id)).toEqual([
      "rte:0:zs_opt",
      "rte:1:zs_opt",
      "rte:2:zs_opt",
      "rte:3:zs_opt",
    ]);
    const all = await loadAll({ includeInverted: true, templateTypes: ["zs_opt", "fs_noopt"] });
    const imdb = all.tasks.find((t) => t.name === "imdb_reviews") as Task;
    expect(imdb.templates.filter((t) => !t.originalTask).map((t) => t.id)).toEqual(["imdb_reviews:3:zs_opt", "imdb_reviews:3:fs_noopt"]);
    expect(imdb.templates).toHaveLength(8);
  });

  it("reports the module's skipped statements as issues with line and column", async () => {
    const { issues } = await loadAll();
    expect(issues.map((i) => i.pointer)).toEqual(["L4:1", "L5:1", "L45:23", "L46:1"]);
    expect(issues[2]?.message).toContain("copy");
  });

  it("renders zero-shot exactly (golden)", async () => {
    const { tasks, adapter } = await loadAll();
    const rte = tasks.find((t) => t.name === "rte") as Task;
    const inst = rte.instances[30];
    const f = inst?.fields as Record<string, string>;
    const out = adapter.render(rte, inst!, "rte:1:zs_opt", rngFor(1, "render"));
    expect(out).toEqual({
      ok: true,
      prompt: `Passage: ${f.premise}\nStatement: ${f.hypothesis}\nDoes the passage support the statement?\nOPTIONS:\n- yes\n- no`,
      completion: f.answer,
      references: [f.answer],
      choices: ["yes", "no"],
    });
  });

  it("renders few-shot with train exemplars only, never the target row, deterministically", async () => {
    const { tasks, adapter } = await loadAll({ templateTypes: ["fs_opt"], shotRule: "fixed" });
    const rte = tasks.find((t) => t.name === "rte") as Task;
    const target = rte.instances[3]!;
    const render = () => adapter.render(rte, target, "rte:0:fs_opt", rngFor(9, "render", target.id));
    const out = render();
    expect(out).toEqual(render());
    if (!out.ok) throw new Error(out.reason);
    const blocks = out.prompt.split("\n\n");
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
    const { tasks, adapter } = await loadAll({ templateTypes: ["fs_noopt"], budget: { unit: "chars", max: 10 } });
    const qa = tasks.find((t) => t.name === "trivia_qa") as Task;
    const out = adapter.render(qa, qa.instances[0]!, "trivia_qa:0:fs_noopt", rngFor(1, "r"));
    expect(out).toMatchObject({ ok: true, prompt: `Quiz question: ${String(qa.instances[0]?.fields?.question)}\nAnswer:` });
    expect(adapter.stats.fewShotFallbacks).toEqual({ "trivia_qa:0:fs_noopt": 1 });
  });

  it("uses the module's option candidates for the random style, seeded", async () => {
    const { tasks, adapter } = await loadAll({ optionsStyle: "random" });
    const imdb = tasks.find((t) => t.name === "imdb_reviews") as Task;
    const prompts = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const out = adapter.render(imdb, imdb.instances[0]!, "imdb_reviews:0:zs_opt", rngFor(seed, "r"));
      if (out.ok) prompts.add(out.prompt.slice(out.prompt.indexOf("?") + 1));
    }
    expect(prompts.size).toBeGreaterThan(5);
  });

  it("rejects unknown or ill-typed options, listing them all", () => {
    expect(() => createFlanAdapter({ templateTypes: ["zs"], colour: 1 } as never)).toThrow(/unknown option "colour"[\s\S]*templateTypes/);
  });

  it("names the file, line and column of a malformed module", async () => {
    const root = path.join(ROOT, "test/fixtures/flan");
    const adapter = createFlanAdapter();
    const source = descriptor({ templates: "malformed/unclosed_bracket.py", rows: "collection" }, root);
    await expect(adapter.load({ name: "x", files: [] }, source, [])).rejects.toThrow(/unclosed_bracket\.py.*line 1, column 12/);
  });
});

describe("flan adapter, collection mode", () => {
  const root = path.join(ROOT, "test/fixtures/flan/collection");

  it("groups exported rows by task name, one template per template type, column aliases accepted", async () => {
    const adapter = createFlanAdapter({ mode: "collection" });
    const source = descriptor({}, root);
    const refs = await adapter.list(source);
    expect(refs.map((r) => r.name)).toEqual(["lambada:1.0.0", "rte", "trivia_qa", "wmt16_translate_deen"]);
    const issues: Issue[] = [];
    const tasks = await Promise.all(refs.map((r) => adapter.load(r, source, issues)));
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
    const [first] = rte.instances;
    expect(adapter.render(rte, first!, "collection:zs_opt", rngFor(1, "r"))).toMatchObject({ ok: true, completion: "yes" });
    expect(adapter.render(rte, first!, "collection:zs_noopt", rngFor(1, "r"))).toMatchObject({
      ok: false,
      reason: "template_not_applicable",
    });
  });
});
