/** The UnifiedSKG adapter on the sample corpus and the test fixtures. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import { schemaIssues } from "../../../src/config/schemas.js";
import { rngFor } from "../../../src/core/rng.js";
import { readAllRows } from "../../../src/core/rows.js";
import { AdapterError } from "../../../src/errors.js";
import { promptText, type Rendered, type RenderedPrompt, type SourceAdapter } from "../../../src/sources/contract.js";
import { openSource } from "../../../src/sources/open.js";
import { TEMPLATE_ID } from "../../../src/sources/unifiedskg/adapter.js";
import { unifiedskg } from "../../../src/sources/unifiedskg/index.js";
import type { Task } from "../../../src/types.js";
import { loadAll as loadAdapter, openAt, rootAt, testAdapter } from "../conformance.js";

const root = path.resolve(import.meta.dirname, "../../..");
const sample = path.join(root, "sources/sample/unifiedskg");
const fixtures = path.resolve(import.meta.dirname, "../../fixtures/unifiedskg");

/** Open a root as a build does, with the license its descriptor gives. */
function open(p: string, options?: Record<string, unknown>): SourceAdapter {
  return openSource(unifiedskg, {
    root: { ...rootAt(p), file: path.join(root, "sources/unifiedskg.yaml"), license: "Apache-2.0" },
    options: [{ origin: "test", values: options }],
  });
}

const loadAll = (p: string, options?: Record<string, unknown>) => loadAdapter(open(p, options));

function rendered(r: Rendered | undefined): RenderedPrompt {
  expect(r?.ok, JSON.stringify(r)).toBe(true);
  return r as RenderedPrompt;
}

function renderAll(task: Task, seed = 0): Rendered[] {
  const adapter = open(sample);
  return task.instances.map((inst) => adapter.render(task, inst, TEMPLATE_ID, rngFor(seed, "render", task.id, inst.id)));
}

testAdapter(unifiedskg, { root: sample, rowFiles: ["data/**/*.{jsonl,parquet}"] }, (loaded) => {
  it("puts the whole linearized example in the input: no instruction, no lead", () => {
    const { adapter, tasks } = loaded();
    for (const task of tasks) {
      for (const instance of task.instances) {
        const { parts } = rendered(adapter.render(task, instance, TEMPLATE_ID, rngFor(0, "parts", instance.id)));
        expect([parts.instruction, parts.lead]).toEqual(["", ""]);
        expect(promptText(parts)).toBe(parts.input);
      }
    }
  });

  it("gives every instance its one template, for training and evaluation", () => {
    const { adapter, tasks } = loaded();
    const task = tasks[0] as Task;
    const instance = task.instances[0] as Task["instances"][number];
    expect(adapter.chooseTemplates(task, instance, "train", 3)).toEqual({ ids: [TEMPLATE_ID], mode: "first" });
    expect(adapter.chooseTemplates(task, instance, "eval", 3)).toEqual({ ids: [TEMPLATE_ID], mode: "all" });
    expect(adapter.evalRules).toEqual({ dropFailingTemplates: true, maxPrompts: null });
  });
});

describe("the UnifiedSKG sample corpus", () => {
  it("lists the three tasks with data, cfg first then splits", async () => {
    const refs = await open(sample).list();
    expect(refs.map((r) => [r.name, r.files.map((f) => path.relative(sample, f))])).toEqual([
      ["dart", ["configure/META_TUNING/dart.cfg", "data/dart/train.jsonl", "data/dart/validation.jsonl"]],
      [
        "spider_with_cell",
        ["configure/META_TUNING/spider_with_cell.cfg", "data/spider_with_cell/train.jsonl", "data/spider_with_cell/validation.jsonl"],
      ],
      ["wikitq", ["configure/META_TUNING/wikitq.cfg", "data/wikitq/train.jsonl", "data/wikitq/validation.jsonl"]],
    ]);
  });

  it("loads schema-valid tasks without issues, 20-30 rows each, with the family as source category", async () => {
    const { tasks, issues } = await loadAll(sample);
    expect(issues).toEqual([]);
    expect(tasks.flatMap((t) => schemaIssues("task", t, t.provenance.file))).toEqual([]);
    expect(tasks.map((t) => [t.id, t.dataset, t.sourceCategories, t.instruction, t.instances.length])).toEqual([
      ["unifiedskg/dart", "dart", ["data-to-text"], "task: dart", 25],
      ["unifiedskg/spider_with_cell", "spider", ["semantic parsing"], "task: spider", 22],
      ["unifiedskg/wikitq", "wikitq", ["question answering"], "task: wiki table question", 24],
    ]);
    const dart = tasks[0] as Task;
    expect(dart.instances.filter((i) => i.sourceSplit === "train").length).toBe(18);
    expect(dart.instances[0]?.id).toBe("dart-train-0-0");
    expect(dart.instances.find((i) => i.sourceSplit === "validation")?.id).toBe("dart-validation-0");
    expect(tasks.every((t) => t.category === "" && t.templates.length === 1 && t.provenance.upstream === "xlang-ai/UnifiedSKG")).toBe(true);
    expect(tasks.every((t) => t.license.length === 1 && t.license[0] === "Apache-2.0")).toBe(true);
    expect(new Set(tasks.flatMap((t) => t.instances.map((i) => i.id))).size).toBe(71);
  });

  it("takes upstream and revision from the source root", async () => {
    const adapter = openSource(unifiedskg, { root: { ...rootAt(sample), upstream: "me/skg-fork", revision: "abc123" } });
    const [ref] = await adapter.list();
    const task = await adapter.load(ref as never, []);
    expect(task.provenance).toEqual({ file: "configure/META_TUNING/dart.cfg", upstream: "me/skg-fork", revision: "abc123" });
    expect(task.license).toEqual([]);
  });

  it("renders every instance, deterministically, the way the command does", async () => {
    const { tasks } = await loadAll(sample);
    for (const task of tasks) {
      const a = renderAll(task);
      expect(
        a.every((r) => r.ok),
        task.name,
      ).toBe(true);
      expect(renderAll(task)).toEqual(a);
    }
    const wikitq = tasks.find((t) => t.name === "wikitq") as Task;
    const first = renderAll(wikitq)[0];
    const prompt =
      "which lighthouse is the tallest? ; structured knowledge: col : lighthouse | coast | built | height (m) row 1 : gullrock point | north | 1872 | 31 row 2 : saltmere head | east | 1901 | 24 row 3 : brindle isle | west | 1858 | 40 row 4 : cape orrin | north | 1923 | 18 row 5 : fenwick spit | south | 1889 | 27";
    expect(first).toEqual({
      ok: true,
      parts: { instruction: "", lead: "", input: prompt },
      completion: "brindle isle",
      references: ["brindle isle"],
    });
    expect(promptText(rendered(first).parts)).toBe(prompt);
    expect(wikitq.instances[0]?.outputs).toEqual(["brindle isle"]);
  });

  it("takes tasks and input settings from an experiment cfg", async () => {
    const { tasks } = await loadAll(sample, { experiment: "T5_base_sample_tasks.cfg" });
    expect(tasks.map((t) => t.name)).toEqual(["dart", "spider_with_cell", "wikitq"]);
    const dart = tasks[0] as Task;
    const valid = dart.instances.find((i) => i.sourceSplit === "validation");
    const out = open(sample).render(dart, valid as never, TEMPLATE_ID, rngFor(0, "x"));
    expect(out).toEqual({
      ok: true,
      parts: { instruction: "", lead: "", input: "task: dart ; structured knowledge: Millbrook : population : 12,400" },
      completion: "Millbrook has 12,400 inhabitants.",
      references: ["Millbrook has 12,400 inhabitants."],
    });
    expect(promptText(rendered(out).parts)).toBe("task: dart ; structured knowledge: Millbrook : population : 12,400");
  });

  it("rejects an unknown template id with an AdapterError, not a skip, naming the task's one template", async () => {
    const { tasks } = await loadAll(sample);
    const task = tasks[0] as Task;
    const attempt = () => open(sample).render(task, task.instances[0] as never, "nope", rngFor(0, "x"));
    expect(attempt).toThrow(AdapterError);
    expect(attempt).toThrow(
      '[adapter:unifiedskg] configure/META_TUNING/dart.cfg: unifiedskg/dart: unknown template "nope". Expected one of: unifiedskg.',
    );
  });
});

describe("options and cfg files", () => {
  it("rejects an unknown option as E_CONFIG, naming it, where it came from and the accepted options", () => {
    const attempt = () => openAt(unifiedskg, sample, { experiments: "T5_base_sample_tasks.cfg" });
    expect(attempt).toThrow(AdapterError);
    expect(attempt).toThrow('[adapter:unifiedskg] test: unknown option "experiments". Accepted options: experiment, data.');
    try {
      attempt();
    } catch (error) {
      expect((error as AdapterError).code).toBe("E_CONFIG");
    }
  });

  it.each([[42], [""], [["T5_base_sample_tasks.cfg"]]])("rejects the ill-typed experiment %j as E_CONFIG", (experiment) => {
    const attempt = () => openAt(unifiedskg, sample, { experiment });
    expect(attempt).toThrow(AdapterError);
    expect(attempt).toThrow('[adapter:unifiedskg] test: option "experiment"');
  });

  it("reports an experiment cfg it cannot read as an AdapterError naming the file", async () => {
    const file = path.join(sample, "configure/Salesforce/nope.cfg");
    const listing = openAt(unifiedskg, sample, { experiment: "nope.cfg" }).list();
    await expect(listing).rejects.toThrow(AdapterError);
    await expect(listing).rejects.toThrow(`[adapter:unifiedskg] ${file}: cannot read the cfg (ENOENT)`);
  });
});

describe("problem rows and roots", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "skg-adapter-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const fixtureCfgs = path.join(fixtures, "configure/META_TUNING");

  it("records bad rows as issues naming file, row and field, and renders them as skips", async () => {
    const dir = path.join(tmp, "bad");
    mkdirSync(path.join(dir, "configure/META_TUNING"), { recursive: true });
    mkdirSync(path.join(dir, "data/wikitq"), { recursive: true });
    writeFileSync(
      path.join(dir, "configure/META_TUNING/wikitq.cfg"),
      "[model]\ndescription = task: t\n[seq2seq]\nconstructor = seq2seq_construction.wikitq\n",
    );
    writeFileSync(
      path.join(dir, "data/wikitq/test.jsonl"),
      `${JSON.stringify({ question: "q?", table: { header: ["a"], rows: [[null]] }, answer_text: ["x"] })}\n${JSON.stringify({ question: "q?", answer_text: ["x"] })}\n`,
    );
    const { tasks, issues } = await loadAll(dir);
    expect(issues).toEqual([
      {
        file: path.join(dir, "data/wikitq/test.jsonl"),
        pointer: "/0",
        kind: "unusable_row",
        message: "row 0: null_cell: table.rows[0][0]: a table cell is null; expected a string or a number",
      },
      {
        file: path.join(dir, "data/wikitq/test.jsonl"),
        pointer: "/1",
        kind: "unusable_row",
        message: "row 1: missing_field: table: missing; expected a table {header, rows}",
      },
    ]);
    expect(renderAll(tasks[0] as Task).map((r) => (r.ok ? "ok" : r.reason))).toEqual(["null_cell", "missing_field"]);
  });

  it("expands KVRET dialogues into one instance per answered turn", async () => {
    const dir = path.join(tmp, "kvret");
    mkdirSync(path.join(dir, "configure"), { recursive: true });
    mkdirSync(path.join(dir, "data/kvret"), { recursive: true });
    cpSync(fixtureCfgs, path.join(dir, "configure/META_TUNING"), { recursive: true });
    cpSync(path.join(fixtures, "rows/kvret.jsonl"), path.join(dir, "data/kvret/validation.jsonl"));
    const { tasks, issues } = await loadAll(dir);
    const kvret = tasks.find((t) => t.name === "kvret") as Task;
    expect(kvret.instances.map((i) => i.id)).toEqual(["kvret-validation-0-0", "kvret-validation-0-1", "kvret-validation-1"]);
    expect(kvret.sourceCategories).toEqual(["conversational"]);
    expect(issues.filter((i) => !i.message.startsWith("no data in ")).map((i) => i.message)).toEqual([
      "row 2: no_items: the constructor made no item of this row",
    ]);
    const second = renderAll(kvret)[1];
    expect(second).toMatchObject({ ok: true, completion: "it is 4 miles away." });
  });

  it("fails with a clear message when the root has no configure/META_TUNING", async () => {
    const listing = open(tmp).list();
    await expect(listing).rejects.toThrow(AdapterError);
    await expect(listing).rejects.toThrow(/no configure\/META_TUNING\/ under .*The path must be a UnifiedSKG clone or a root like it/);
  });

  it("loads a task an experiment names without data with zero instances, and says where it looked", async () => {
    const dir = path.join(tmp, "exp-nodata");
    cpSync(sample, dir, { recursive: true });
    cpSync(
      path.join(fixtures, "configure/Salesforce/T5_fixture_separate.cfg"),
      path.join(dir, "configure/Salesforce/T5_fixture_separate.cfg"),
    );
    cpSync(path.join(fixtureCfgs, "kvret.cfg"), path.join(dir, "configure/META_TUNING/kvret.cfg"));
    const { tasks, issues } = await loadAll(dir, { experiment: "T5_fixture_separate.cfg" });
    expect(tasks.map((t) => [t.name, t.instances.length])).toEqual([["kvret", 0]]);
    expect(issues).toEqual([
      {
        file: path.join(dir, "configure/META_TUNING/kvret.cfg"),
        kind: "no_instances",
        message:
          "no data in data/kvret/ (looked for train.{jsonl,json,parquet}, validation.{jsonl,json,parquet}, test.{jsonl,json,parquet} and <split>/*.parquet; option `data` names the data folder): the task has no instances",
      },
    ]);
  });

  it("fails when an experiment names a cfg that is not there", async () => {
    const experiment = path.join(fixtures, "configure/Salesforce/T5_fixture_separate.cfg");
    const listing = open(sample, { experiment }).list();
    await expect(listing).rejects.toThrow(AdapterError);
    await expect(listing).rejects.toThrow(
      `[adapter:unifiedskg] ${experiment}: [arg_paths] kvret = META_TUNING/kvret.cfg: no such cfg under`,
    );
  });
});

describe("a UnifiedSKG checkout as it comes, and the `data` option", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "skg-checkout-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const sampleTasks = async () => JSON.stringify((await loadAll(sample)).tasks.map((t) => [t.name, t.instances]));

  it("lists every META_TUNING cfg of a root without data; each loads with zero instances and an issue naming where it looked", async () => {
    const clone = path.join(tmp, "clone");
    cpSync(path.join(sample, "configure"), path.join(clone, "configure"), { recursive: true });
    const { tasks, issues } = await loadAll(clone);
    expect(tasks.map((t) => [t.name, t.instances.length])).toEqual([
      ["dart", 0],
      ["spider_with_cell", 0],
      ["wikitq", 0],
    ]);
    expect(tasks.map((t) => t.dataset)).toEqual(["dart", "spider", "wikitq"]);
    expect(issues.map((i) => [path.relative(clone, i.file), i.message.split(" (")[0]])).toEqual([
      ["configure/META_TUNING/dart.cfg", "no data in data/dart/"],
      ["configure/META_TUNING/spider_with_cell.cfg", "no data in data/spider_with_cell/"],
      ["configure/META_TUNING/wikitq.cfg", "no data in data/wikitq/"],
    ]);
  });

  it("reads the data folder named by `data`, relative to the root or absolute, to the same tasks", async () => {
    const root = path.join(tmp, "moved");
    cpSync(path.join(sample, "configure"), path.join(root, "configure"), { recursive: true });
    cpSync(path.join(sample, "data"), path.join(root, "skg-data"), { recursive: true });
    const elsewhere = path.join(tmp, "elsewhere-data");
    cpSync(path.join(sample, "data"), elsewhere, { recursive: true });
    for (const data of ["skg-data", elsewhere]) {
      const { tasks, issues } = await loadAll(root, { data });
      expect(issues, data).toEqual([]);
      expect(JSON.stringify(tasks.map((t) => [t.name, t.instances])), data).toBe(await sampleTasks());
    }
    const { issues } = await loadAll(root, { data: "nowhere" });
    expect(issues.map((i) => i.message.split(" (")[0])).toEqual([
      "no data in nowhere/dart/",
      "no data in nowhere/spider_with_cell/",
      "no data in nowhere/wikitq/",
    ]);
  });

  it("reads a split sharded as the Hub's Parquet conversion serves it, numbering rows across shards", async () => {
    const root = path.join(tmp, "sharded");
    cpSync(path.join(sample, "configure"), path.join(root, "configure"), { recursive: true });
    cpSync(path.join(sample, "data"), path.join(root, "data"), { recursive: true });
    const dir = path.join(root, "data", "wikitq");
    const rows = (await readAllRows(path.join(dir, "train.jsonl"))) as Record<string, unknown>[];
    rmSync(path.join(dir, "train.jsonl"));
    mkdirSync(path.join(dir, "train"));
    const columns = (part: typeof rows) => Object.keys(rows[0] ?? {}).map((name) => ({ name, data: part.map((r) => r[name]) }));
    writeFileSync(path.join(dir, "train", "0000.parquet"), new Uint8Array(parquetWriteBuffer({ columnData: columns(rows.slice(0, 3)) })));
    writeFileSync(path.join(dir, "train", "0001.parquet"), new Uint8Array(parquetWriteBuffer({ columnData: columns(rows.slice(3)) })));
    const { tasks, issues } = await loadAll(root);
    expect(issues).toEqual([]);
    expect(JSON.stringify(tasks.map((t) => [t.name, t.instances]))).toBe(await sampleTasks());
  });
});
