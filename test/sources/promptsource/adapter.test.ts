import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { readAllRows, rowFiles, splitOf } from "../../../src/core/rows.js";
import { AdapterError, isUserError } from "../../../src/errors.js";
import { promptText, type Rendered, type RenderedPrompt, type SourceRoot } from "../../../src/sources/contract.js";
import { openSource } from "../../../src/sources/open.js";
import type { OptionLayer } from "../../../src/sources/options.js";
import { openPromptSource, PROMPTSOURCE_DEFAULTS } from "../../../src/sources/promptsource/adapter.js";
import { promptsource } from "../../../src/sources/promptsource/index.js";
import { NAME } from "../../../src/sources/promptsource/name.js";
import { TEMPLATE_RULE_DEFAULTS } from "../../../src/sources/template-rule.js";
import type { Issue, Task } from "../../../src/types.js";
import { loadAll, openAt, rootAt, testAdapter } from "../conformance.js";

const REPO = path.resolve(import.meta.dirname, "../../..");
const SAMPLE = path.join(REPO, "sources/sample/promptsource");
const UPSTREAM = "https://github.com/bigscience-workshop/promptsource";
const RTE_TEMPLATES = [
  "0b6e1a34-5d2f-4c1e-9a51-1f3d2c7e8a01",
  "3c9f2d41-7a8e-4b6c-8d2f-2e4a5b6c7d02",
  "5d1e8f72-9b3a-4c5d-a6e7-3f5b6c7d8e03",
  "8a2b3c94-1d5e-4f6a-b7c8-4a6c7d8e9f04",
].join(", ");

async function loadAt(
  root: string,
  options: Record<string, unknown> = {},
  extra: Partial<SourceRoot> = {},
): Promise<{ tasks: Task[]; issues: Issue[] }> {
  const adapter = openSource(promptsource, { root: { ...rootAt(root), ...extra }, options: [{ origin: "test", values: options }] });
  const { tasks, issues } = await loadAll(adapter);
  return { tasks, issues };
}

const byName = (tasks: readonly Task[], name: string): Task => tasks.find((t) => t.name === name) as Task;

function rendered(r: Rendered): RenderedPrompt {
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return r as RenderedPrompt;
}

/** The error a call throws (or undefined), for checks beyond its message. */
function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

testAdapter(promptsource, { root: SAMPLE, rowFiles: ["rows/**/*.{jsonl,parquet}"] }, (loaded) => {
  it("puts the whole prompt in `input`, byte for byte what apply() gives", () => {
    const { adapter, tasks } = loaded();
    const rte = byName(tasks, "super_glue/rte");
    const instance = rte.instances[0]!;
    const r = rendered(adapter.render(rte, instance, "0b6e1a34-5d2f-4c1e-9a51-1f3d2c7e8a01", rngFor(0, "render", instance.id)));
    expect(r.parts.instruction).toBe("");
    expect(r.parts.lead).toBe("");
    expect(promptText(r.parts)).toBe(r.parts.input);
  });
});

describe("promptsource adapter on the sample corpus", () => {
  it("lists one task per templates.yaml, sorted by name, its row files after it", async () => {
    const refs = await openAt(promptsource, SAMPLE).list();
    expect(refs.map((r) => r.name)).toEqual(["imdb", "squad", "super_glue/rte"]);
    expect(refs[2]?.files.map((f) => path.relative(SAMPLE, f))).toEqual([
      "templates/super_glue/rte/templates.yaml",
      "rows/super_glue/rte/train.jsonl",
      "rows/super_glue/rte/validation.jsonl",
    ]);
  });

  it("loads tasks with templates, metadata and one instance per row", async () => {
    const { tasks, issues } = await loadAt(SAMPLE, {}, { upstream: UPSTREAM, license: "Apache-2.0" });
    expect(issues).toEqual([]);
    const rte = byName(tasks, "super_glue/rte");
    expect(rte).toMatchObject({
      id: "promptsource/super_glue/rte",
      source: NAME,
      dataset: "super_glue/rte",
      category: "",
      sourceCategories: [],
      license: ["Apache-2.0"],
    });
    expect(rte.provenance).toEqual({ file: "templates/super_glue/rte/templates.yaml", upstream: UPSTREAM });
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
    const { tasks } = await loadAt(SAMPLE);
    const adapter = openAt(promptsource, SAMPLE);
    const rte = byName(tasks, "super_glue/rte");
    const instance = rte.instances[0]!;
    const result = adapter.render(rte, instance, "0b6e1a34-5d2f-4c1e-9a51-1f3d2c7e8a01", rngFor(0, "render", instance.id));
    expect(result).toEqual({
      ok: true,
      parts: {
        instruction: "",
        lead: "",
        input: `Read the passage: ${String(instance.fields?.premise)}\nDoes it follow that "${String(instance.fields?.hypothesis)}"? Answer Yes or No.`,
      },
      completion: "Yes",
      references: ["Yes"],
      choices: ["Yes", "No"],
    });
    const random = "5d1e8f72-9b3a-4c5d-a6e7-3f5b6c7d8e03";
    expect(adapter.render(rte, instance, random, rngFor(3, "r"))).toEqual(adapter.render(rte, instance, random, rngFor(3, "r")));
    expect(() => adapter.render(rte, instance, "nope", rngFor(0, "r"))).toThrow(
      `[adapter:promptsource] templates/super_glue/rte/templates.yaml: promptsource/super_glue/rte: unknown template "nope". Expected one of: ${RTE_TEMPLATES}.`,
    );
  });

  it("an unknown template id is an AdapterError (exit code 1), from the adapter itself, not a plain Error", async () => {
    const raw = openPromptSource(rootAt(SAMPLE), PROMPTSOURCE_DEFAULTS, TEMPLATE_RULE_DEFAULTS);
    const { tasks } = await loadAll(raw);
    const rte = byName(tasks, "super_glue/rte");
    const error = thrownBy(() => raw.render(rte, rte.instances[0]!, "nope", rngFor(0, "r")));
    expect(error).toBeInstanceOf(AdapterError);
    expect(isUserError(error)).toBe(true);
    expect((error as AdapterError).code).toBe("E_INPUT");
    expect((error as AdapterError).file).toBe("templates/super_glue/rte/templates.yaml");
    expect((error as Error).message).toMatch(
      /^\[adapter:promptsource\] templates\/super_glue\/rte\/templates\.yaml: promptsource\/super_glue\/rte: unknown template "nope"\. Expected one of: /,
    );
  });

  it("counts a template that does not apply as a skip", async () => {
    const { tasks } = await loadAt(SAMPLE);
    const rte = byName(tasks, "super_glue/rte");
    const notEntailed = rte.instances.find((i) => i.fields?.label === 1)!;
    expect(openAt(promptsource, SAMPLE).render(rte, notEntailed, "8a2b3c94-1d5e-4f6a-b7c8-4a6c7d8e9f04", rngFor(0, "r"))).toMatchObject({
      ok: false,
      reason: "template_not_applicable",
    });
  });

  it("honours the truncate option", async () => {
    const { tasks } = await loadAt(SAMPLE);
    const imdb = byName(tasks, "imdb");
    const long = { ...imdb.instances[0]!, fields: { text: "word ".repeat(600), label: 1 } };
    const id = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a11";
    const cut = rendered(openAt(promptsource, SAMPLE).render(imdb, long, id, rngFor(0, "r")));
    const full = rendered(openAt(promptsource, SAMPLE, { truncate: 0 }).render(imdb, long, id, rngFor(0, "r")));
    expect(promptText(cut.parts).length).toBeLessThan(promptText(full.parts).length);
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
    const { tasks } = await loadAt(root);
    const squad = tasks[0] as Task;
    expect(squad.instances.map((i) => i.fields)).toEqual(jsonl);
    expect(squad.instances.map((i) => i.sourceSplit)).toEqual([...Array(20).fill("train"), ...Array(10).fill("validation")]);
    expect(squad.instances[29]?.id).toBe("squad-validation-9");
    const template = squad.templates[0]!.id;
    const fromParquet = openAt(promptsource, root).render(squad, squad.instances[0]!, template, rngFor(0, "r"));
    expect(fromParquet).toMatchObject({ ok: true, completion: (jsonl[0]!.answers as { text: string[] }).text[0] });
  });

  it("finds split files and shards in code-unit order and names their splits (core/rows.ts, as the adapter uses them)", () => {
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

  it("lists template sets without rows too: zero instances, an issue saying where it looked; a folder that disagrees with the file is reported", async () => {
    const root = path.join(tmp, "mismatch");
    mkdirSync(path.join(root, "templates/foo"), { recursive: true });
    mkdirSync(path.join(root, "templates/norows"), { recursive: true });
    mkdirSync(path.join(root, "rows/foo"), { recursive: true });
    writeFileSync(path.join(root, "templates/foo/templates.yaml"), "dataset: bar\ntemplates: {}\n");
    writeFileSync(path.join(root, "templates/norows/templates.yaml"), "dataset: norows\ntemplates: {}\n");
    writeFileSync(path.join(root, "rows/foo/train.jsonl"), '{"a": 1}\n');
    const { tasks, issues } = await loadAt(root);
    expect(tasks.map((t) => [t.name, t.instances.length])).toEqual([
      ["foo", 1],
      ["norows", 0],
    ]);
    expect(issues).toEqual([
      {
        file: path.join(root, "templates/foo/templates.yaml"),
        pointer: "/dataset",
        kind: "dataset_name_mismatch",
        message: "declares bar but lives in folder foo; the folder name is used",
      },
      {
        file: path.join(root, "templates/norows/templates.yaml"),
        kind: "no_instances",
        message:
          "no rows in rows/norows/ (looked for <split>.jsonl, <split>.parquet and <split>/*.parquet; option `rows` names the rows folder): the task has no instances",
      },
    ]);
  });

  it("takes templates and rows folders from the descriptor options", async () => {
    const root = path.join(tmp, "opts");
    cpSync(path.join(SAMPLE, "templates/imdb"), path.join(root, "t/imdb"), { recursive: true });
    cpSync(path.join(SAMPLE, "rows/imdb"), path.join(root, "data/imdb"), { recursive: true });
    const descriptor: OptionLayer = { origin: "sources/promptsource.yaml#/options", values: { templates: "t", rows: "data" } };
    const refs = await openSource(promptsource, { root: rootAt(root), options: [descriptor] }).list();
    expect(refs.map((r) => r.name)).toEqual(["imdb"]);
  });

  it("names the missing templates folder, and both places it looked when the option is unset", async () => {
    const nothing = path.join(tmp, "nothing");
    const listing = openAt(promptsource, nothing).list();
    await expect(listing).rejects.toThrow(AdapterError);
    await expect(listing).rejects.toThrow(
      `[adapter:promptsource] ${path.join(nothing, "templates")} or ${path.join(nothing, "promptsource/templates")}: templates folder not found`,
    );
    await expect(openAt(promptsource, nothing, { templates: "t" }).list()).rejects.toThrow(
      `[adapter:promptsource] ${path.join(nothing, "t")}: templates folder not found`,
    );
  });

  it("reads a promptsource clone as it comes (templates under promptsource/templates), rows from the `rows` option", async () => {
    const clone = path.join(tmp, "clone");
    cpSync(path.join(SAMPLE, "templates"), path.join(clone, "promptsource/templates"), { recursive: true });
    writeFileSync(path.join(clone, "setup.py"), "# a clone has more files; they are not read\n");
    const bare = await loadAt(clone);
    expect(bare.tasks.map((t) => [t.name, t.instances.length])).toEqual([
      ["imdb", 0],
      ["squad", 0],
      ["super_glue/rte", 0],
    ]);
    expect(bare.tasks.map((t) => t.provenance.file)).toEqual([
      "promptsource/templates/imdb/templates.yaml",
      "promptsource/templates/squad/templates.yaml",
      "promptsource/templates/super_glue/rte/templates.yaml",
    ]);
    expect(bare.issues.map((i) => i.message.split(" (")[0])).toEqual([
      "no rows in rows/imdb/",
      "no rows in rows/squad/",
      "no rows in rows/super_glue/rte/",
    ]);
    // Rows in a separate folder: absolute, or relative to the root; the tasks are then the sample's.
    const elsewhere = path.join(tmp, "clone-rows");
    cpSync(path.join(SAMPLE, "rows"), elsewhere, { recursive: true });
    cpSync(path.join(SAMPLE, "rows"), path.join(clone, "data/rows"), { recursive: true });
    const sample = await loadAt(SAMPLE);
    for (const rows of [elsewhere, "data/rows"]) {
      const { tasks, issues } = await loadAt(clone, { rows });
      expect(issues, rows).toEqual([]);
      expect(JSON.stringify(tasks.map((t) => [t.name, t.templates, t.instances])), rows).toBe(
        JSON.stringify(sample.tasks.map((t) => [t.name, t.templates, t.instances])),
      );
    }
  });

  it("prefers <root>/templates over promptsource/templates, and the `templates` option over both", async () => {
    const both = path.join(tmp, "both");
    cpSync(path.join(SAMPLE, "templates/imdb"), path.join(both, "templates/imdb"), { recursive: true });
    cpSync(path.join(SAMPLE, "templates/squad"), path.join(both, "promptsource/templates/squad"), { recursive: true });
    expect((await openAt(promptsource, both).list()).map((r) => r.name)).toEqual(["imdb"]);
    expect((await openAt(promptsource, both, { templates: "promptsource/templates" }).list()).map((r) => r.name)).toEqual(["squad"]);
  });
});

describe("promptsource options by the generic route", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "iml-ps-layers-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** The sample corpus copied with its folders renamed, so only options naming them find the tasks. */
  function renamedCopy(name: string, folders: { templates?: string; rows?: string }): string {
    const root = path.join(tmp, name);
    cpSync(SAMPLE, root, { recursive: true });
    if (folders.templates) renameSync(path.join(root, "templates"), path.join(root, folders.templates));
    if (folders.rows) renameSync(path.join(root, "rows"), path.join(root, folders.rows));
    return root;
  }

  const sampleTasks = async () => JSON.stringify((await loadAt(SAMPLE)).tasks.map((t) => [t.name, t.templates, t.instances]));

  it("honours `templates` given in a later layer than the descriptor (the split config)", async () => {
    const root = renamedCopy("templates-layer", { templates: "prompt_templates" });
    const splitConfig: OptionLayer = { origin: "splits/x.yaml#/source_options/promptsource", values: { templates: "prompt_templates" } };
    const adapter = openSource(promptsource, {
      root: rootAt(root),
      options: [{ origin: "sources/promptsource.yaml#/options", values: {} }, splitConfig],
    });
    const { refs, tasks } = await loadAll(adapter);
    expect(refs.map((r) => r.name)).toEqual(["imdb", "squad", "super_glue/rte"]);
    expect(tasks.map((t) => t.provenance.file)).toEqual([
      "prompt_templates/imdb/templates.yaml",
      "prompt_templates/squad/templates.yaml",
      "prompt_templates/super_glue/rte/templates.yaml",
    ]);
    expect(JSON.stringify(tasks.map((t) => [t.name, t.templates, t.instances]))).toBe(await sampleTasks());
    // Without the option the renamed folder is not found.
    await expect(openAt(promptsource, root).list()).rejects.toThrow("templates folder not found");
  });

  it("honours `rows` given on the command line over the split config, whose `templates` still holds", async () => {
    const root = renamedCopy("rows-layer", { templates: "tpl", rows: "data" });
    const adapter = openSource(promptsource, {
      root: rootAt(root),
      options: [
        { origin: "sources/promptsource.yaml#/options", values: { rows: "nowhere" } },
        { origin: "splits/x.yaml#/source_options/promptsource", values: { templates: "tpl", rows: "nowhere_either" } },
        { origin: "--option", values: { rows: "data" } },
      ],
    });
    const { tasks } = await loadAll(adapter);
    expect(tasks.map((t) => t.instances.length)).toEqual([50, 50, 50]);
    expect(JSON.stringify(tasks.map((t) => [t.name, t.templates, t.instances]))).toBe(await sampleTasks());
  });

  it("rejects an unknown option with an exit-code-1 error (AdapterError, E_CONFIG) naming it, its origin and the accepted options", () => {
    const origin = "splits/x.yaml#/source_options/promptsource";
    const error = thrownBy(() => openSource(promptsource, { root: rootAt(SAMPLE), options: [{ origin, values: { bogus: 1 } }] }));
    expect(error).toBeInstanceOf(AdapterError);
    expect(isUserError(error)).toBe(true);
    expect((error as AdapterError).code).toBe("E_CONFIG");
    expect((error as Error).message).toBe(
      `[adapter:promptsource] ${origin}: unknown option "bogus". Accepted options: truncate, limits, templates, rows.`,
    );
  });

  it("rejects a bad truncate or limit when opened, by the option schema", () => {
    expect(() => openAt(promptsource, SAMPLE, { truncate: -5 })).toThrow('[adapter:promptsource] test: option "truncate": must be >= 0.');
    expect(() => openAt(promptsource, SAMPLE, { limits: { maxSteps: 0 } })).toThrow(
      '[adapter:promptsource] test: option "limits.maxSteps": must be >= 1.',
    );
    const error = thrownBy(() => openAt(promptsource, SAMPLE, { truncate: 1.5 }));
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).code).toBe("E_CONFIG");
    expect((error as Error).message).toBe('[adapter:promptsource] test: option "truncate": expected integer.');
  });
});
