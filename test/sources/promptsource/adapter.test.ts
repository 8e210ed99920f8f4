import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { readAllRows } from "../../../src/core/rows.js";
import { createPromptSourceAdapter, NAME, rowFiles, splitOf } from "../../../src/sources/promptsource/adapter.js";
import type { Issue, SourceDescriptor, Task } from "../../../src/types.js";

const REPO = path.resolve(import.meta.dirname, "../../..");
const SAMPLE = path.join(REPO, "sources/sample/promptsource");
const descriptor = (root: string, extra: Partial<SourceDescriptor> = {}): SourceDescriptor => ({
  name: "promptsource",
  adapter: "promptsource",
  path: root,
  file: path.join(root, "promptsource.yaml"),
  ...extra,
});

async function loadAll(root: string, extra: Partial<SourceDescriptor> = {}): Promise<{ tasks: Task[]; issues: Issue[] }> {
  const adapter = createPromptSourceAdapter();
  const source = descriptor(root, extra);
  const issues: Issue[] = [];
  const tasks: Task[] = [];
  for (const ref of await adapter.list(source)) tasks.push(await adapter.load(ref, source, issues));
  return { tasks, issues };
}

describe("promptsource adapter on the sample corpus", () => {
  it("lists one task per templates.yaml with rows, sorted by name", async () => {
    const refs = await createPromptSourceAdapter().list(descriptor(SAMPLE));
    expect(refs.map((r) => r.name)).toEqual(["imdb", "squad", "super_glue/rte"]);
    expect(refs[2]?.files.map((f) => path.relative(SAMPLE, f))).toEqual([
      "templates/super_glue/rte/templates.yaml",
      "rows/super_glue/rte/train.jsonl",
      "rows/super_glue/rte/validation.jsonl",
    ]);
  });

  it("loads tasks with templates, metadata and one instance per row", async () => {
    const { tasks, issues } = await loadAll(SAMPLE, {
      upstream: "https://github.com/bigscience-workshop/promptsource",
      license: "Apache-2.0",
    });
    expect(issues).toEqual([]);
    const rte = tasks.find((t) => t.name === "super_glue/rte") as Task;
    expect(rte).toMatchObject({
      id: "promptsource/super_glue/rte",
      source: NAME,
      dataset: "super_glue/rte",
      category: "",
      sourceCategories: [],
      license: ["Apache-2.0"],
    });
    expect(rte.provenance).toEqual({
      file: "templates/super_glue/rte/templates.yaml",
      upstream: "https://github.com/bigscience-workshop/promptsource",
    });
    expect(rte.instances).toHaveLength(50);
    expect(rte.instances[0]).toMatchObject({ id: "super_glue/rte-train-0", sourceSplit: "train", outputs: [] });
    expect(rte.instances[30]).toMatchObject({ id: "super_glue/rte-validation-0", sourceSplit: "validation" });
    expect(rte.templates.map((t) => t.originalTask)).toEqual([true, true, true, false]);
    expect(rte.templates[0]?.metadata).toMatchObject({
      answer_choices: "Yes ||| No",
      choices_in_prompt: true,
      metrics: ["Accuracy"],
      languages: ["en"],
      reference: "iml-bench sample",
      original_task: true,
    });
    for (const task of tasks) expect(task.templates.filter((t) => !t.originalTask).length).toBeGreaterThan(0);
  });

  it("renders an instance with apply() and is deterministic", async () => {
    const { tasks } = await loadAll(SAMPLE);
    const adapter = createPromptSourceAdapter();
    const rte = tasks.find((t) => t.name === "super_glue/rte") as Task;
    const instance = rte.instances[0]!;
    const result = adapter.render(rte, instance, "0b6e1a34-5d2f-4c1e-9a51-1f3d2c7e8a01", rngFor(0, "render", instance.id));
    expect(result).toEqual({
      ok: true,
      prompt: `Read the passage: ${String(instance.fields?.premise)}\nDoes it follow that "${String(instance.fields?.hypothesis)}"? Answer Yes or No.`,
      completion: "Yes",
      references: ["Yes"],
      choices: ["Yes", "No"],
    });
    const random = "5d1e8f72-9b3a-4c5d-a6e7-3f5b6c7d8e03";
    expect(adapter.render(rte, instance, random, rngFor(3, "r"))).toEqual(adapter.render(rte, instance, random, rngFor(3, "r")));
    expect(() => adapter.render(rte, instance, "nope", rngFor(0, "r"))).toThrow("unknown template nope. Expected one of:");
  });

  it("counts a template that does not apply as a skip", async () => {
    const { tasks } = await loadAll(SAMPLE);
    const rte = tasks.find((t) => t.name === "super_glue/rte") as Task;
    const notEntailed = rte.instances.find((i) => i.fields?.label === 1)!;
    expect(createPromptSourceAdapter().render(rte, notEntailed, "8a2b3c94-1d5e-4f6a-b7c8-4a6c7d8e9f04", rngFor(0, "r"))).toMatchObject({
      ok: false,
      reason: "template_not_applicable",
    });
  });

  it("honours the truncate option", async () => {
    const { tasks } = await loadAll(SAMPLE);
    const imdb = tasks.find((t) => t.name === "imdb") as Task;
    const long = { ...imdb.instances[0]!, fields: { text: "word ".repeat(600), label: 1 } };
    const id = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a11";
    const cut = createPromptSourceAdapter().render(imdb, long, id, rngFor(0, "r"));
    const full = createPromptSourceAdapter({ truncate: 0 }).render(imdb, long, id, rngFor(0, "r"));
    expect(cut.ok && full.ok && cut.prompt.length < full.prompt.length).toBe(true);
  });
});

describe("promptsource adapter rows layout", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "iml-ps-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("reads Parquet rows, whole-split files and hub-style shard folders, equal to the JSONL rows", async () => {
    const root = path.join(tmp, "pq");
    cpSync(path.join(SAMPLE, "templates/squad"), path.join(root, "templates/squad"), { recursive: true });
    const jsonl = await readAllRows(path.join(SAMPLE, "rows/squad/train.jsonl"));
    const columns = (rows: typeof jsonl) =>
      ["id", "title", "context", "question", "answers"].map((name) => ({ name, data: rows.map((r) => r[name]) }));
    mkdirSync(path.join(root, "rows/squad/validation"), { recursive: true });
    writeFileSync(
      path.join(root, "rows/squad/train.parquet"),
      new Uint8Array(parquetWriteBuffer({ columnData: columns(jsonl.slice(0, 20)) })),
    );
    writeFileSync(
      path.join(root, "rows/squad/validation/0000.parquet"),
      new Uint8Array(parquetWriteBuffer({ columnData: columns(jsonl.slice(20, 25)) })),
    );
    writeFileSync(
      path.join(root, "rows/squad/validation/0001.parquet"),
      new Uint8Array(parquetWriteBuffer({ columnData: columns(jsonl.slice(25)) })),
    );
    const { tasks } = await loadAll(root);
    const squad = tasks[0] as Task;
    expect(squad.instances.map((i) => i.fields)).toEqual(jsonl);
    expect(squad.instances.map((i) => i.sourceSplit)).toEqual([...Array(20).fill("train"), ...Array(10).fill("validation")]);
    expect(squad.instances[29]?.id).toBe("squad-validation-9");
    const adapter = createPromptSourceAdapter();
    const template = squad.templates[0]!.id;
    const fromParquet = adapter.render(squad, squad.instances[0]!, template, rngFor(0, "r"));
    expect(fromParquet).toMatchObject({ ok: true, completion: (jsonl[0]!.answers as { text: string[] }).text[0] });
  });

  it("finds split files and shards in code-unit order and names their splits", () => {
    const dir = path.join(tmp, "layout/rows/x");
    mkdirSync(path.join(dir, "train"), { recursive: true });
    for (const f of ["validation.jsonl", "Test.parquet", "notes.txt", "train/0001.parquet", "train/0000.parquet"])
      writeFileSync(path.join(dir, f), "");
    const files = rowFiles(dir);
    expect(files.map((f) => path.relative(dir, f))).toEqual([
      "Test.parquet",
      "train/0000.parquet",
      "train/0001.parquet",
      "validation.jsonl",
    ]);
    expect(files.map((f) => splitOf(dir, f))).toEqual(["Test", "train", "train", "validation"]);
  });

  it("skips templates without rows and reports a folder that disagrees with the file", async () => {
    const root = path.join(tmp, "mismatch");
    mkdirSync(path.join(root, "templates/foo"), { recursive: true });
    mkdirSync(path.join(root, "templates/norows"), { recursive: true });
    mkdirSync(path.join(root, "rows/foo"), { recursive: true });
    writeFileSync(path.join(root, "templates/foo/templates.yaml"), "dataset: bar\ntemplates: {}\n");
    writeFileSync(path.join(root, "templates/norows/templates.yaml"), "dataset: norows\ntemplates: {}\n");
    writeFileSync(path.join(root, "rows/foo/train.jsonl"), '{"a": 1}\n');
    const { tasks, issues } = await loadAll(root);
    expect(tasks.map((t) => t.name)).toEqual(["foo"]);
    expect(issues).toEqual([
      {
        file: path.join(root, "templates/foo/templates.yaml"),
        pointer: "/dataset",
        message: "declares bar but lives in folder foo; the folder name is used",
      },
    ]);
  });

  it("takes templates and rows folders from the descriptor options", async () => {
    const root = path.join(tmp, "opts");
    cpSync(path.join(SAMPLE, "templates/imdb"), path.join(root, "t/imdb"), { recursive: true });
    cpSync(path.join(SAMPLE, "rows/imdb"), path.join(root, "data/imdb"), { recursive: true });
    const refs = await createPromptSourceAdapter().list(descriptor(root, { options: { templates: "t", rows: "data" } }));
    expect(refs.map((r) => r.name)).toEqual(["imdb"]);
  });

  it("names the missing templates folder", async () => {
    await expect(createPromptSourceAdapter().list(descriptor(path.join(tmp, "nothing")))).rejects.toThrow("[adapter:promptsource]");
  });
});

describe("promptsource adapter options", () => {
  it("rejects a bad truncate or limit at construction", () => {
    expect(() => createPromptSourceAdapter({ truncate: -5 })).toThrow(
      "[adapter:promptsource] option truncate: expected a non-negative integer (0 turns truncation off), got -5",
    );
    expect(() => createPromptSourceAdapter({ limits: { maxSteps: 0 } })).toThrow(
      "option limits.maxSteps: expected a positive integer, got 0",
    );
  });
});
