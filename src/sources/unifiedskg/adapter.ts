/**
 * UnifiedSKG (xlang-ai/UnifiedSKG) in its native config format, with data as HF rows.
 *
 * Layout of a source root:
 *   <root>/configure/META_TUNING/<cfg>.cfg    one per task: [model] description, [dataset] loader_path,
 *                                             [seq2seq] constructor + options (Python configparser INI)
 *   <root>/configure/Salesforce/<exp>.cfg     optional experiment: [model] knowledge_usage, use_description,
 *                                             concatenate_description; [arg_paths] <task> = META_TUNING/<cfg>.cfg
 *   <root>/data/<task>/<split>.jsonl|.parquet  split = train | validation | test: raw rows with the
 *                                             features of the task's HF loader, or instantiated examples
 *                                             (text_in, struct_in, seq_out, optional description); the
 *                                             `data` option names another folder (absolute or relative)
 *   <root>/data/<task>/<split>/<shard>.parquet  the same, sharded as the Hub's Parquet conversion serves a
 *                                             split (what `iml-bench pull` writes)
 *
 * A clone of xlang-ai/UnifiedSKG is such a root as it comes (configure/ at its top; it ships no data).
 * Tasks: with `options.experiment`, the experiment's `[arg_paths]`; otherwise every META_TUNING cfg. A task
 * without a data folder (or without split files in it) loads with zero instances and an issue saying
 * where its data was looked for, so `validate` checks its category and dataset all the same.
 * A raw row that yields several items (KVRET turns, DART train references) becomes several instances.
 * `dataset` is the loader script's name (`./tasks/spider.py` → "spider", shared by spider_with_cell);
 * `sourceCategories` is the UnifiedSKG family (e.g. "question answering").
 * Truncation randomness comes from the render rng; `outputs` are computed at load with a fixed stream.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { posixRelative } from "../../core/paths.js";
import { byCodeUnit } from "../../core/py-str.js";
import { type Rng, rngFor } from "../../core/rng.js";
import { readRows, rowFiles, splitOf } from "../../core/rows.js";
import { AdapterError } from "../../errors.js";
import type { Instance, Issue, Task, TaskRef, TemplateInfo } from "../../types.js";
import type { Rendered, Skipped, SourceAdapter, SourceRoot } from "../contract.js";
import { chooseByRule, evalRulesOf, type TemplateRule, unknownTemplate } from "../template-rule.js";
import { cfgGet, type SkgConfig } from "./config.js";
import { FAMILIES, findConstructor } from "./constructors/index.js";
import { DEFAULT_MODEL_OPTIONS, type SkgModelOptions } from "./input.js";
import { NAME } from "./name.js";
import { isInstantiated, renderSkgRow } from "./render.js";
import { type MetaTuningConfig, metaTuningFrom, readExperiment, readSkgConfigFile } from "./task-config.js";

export const UPSTREAM = "xlang-ai/UnifiedSKG";
export const TEMPLATE_ID = "unifiedskg";
const SPLITS = ["train", "validation", "test"] as const;
const ITEM_FIELD = "_unifiedskg_item";

export interface UnifiedSkgOptions {
  /**
   * An experiment cfg (`configure/Salesforce/<exp>.cfg`, or a path) giving the task list and the
   * input settings (knowledge_usage, descriptions). Unset: every META_TUNING cfg with data;
   * concatenate, no description.
   */
  experiment?: string;
  /** The data folder (absolute, or relative to the root): `<data>/<task>/<split>.{jsonl,json,parquet}`. */
  data: string;
}

export const UNIFIEDSKG_DEFAULTS: UnifiedSkgOptions = { data: "data" };

/** One rendered item of a row, before it is cut into prompt parts. */
type SkgResult = { ok: true; prompt: string; completion: string; references: string[] } | Skipped;

async function modelOptions(root: string, options: UnifiedSkgOptions): Promise<{ model: SkgModelOptions; argPaths?: [string, string][] }> {
  if (options.experiment === undefined) return { model: DEFAULT_MODEL_OPTIONS };
  const file = path.isAbsolute(options.experiment) ? options.experiment : path.join(root, "configure", "Salesforce", options.experiment);
  const exp = await readExperiment(file);
  return { model: exp.model, argPaths: exp.argPaths };
}

/** The tasks of a root and their cfg files (absolute): the experiment's `[arg_paths]`, or every META_TUNING cfg. */
export async function taskConfigs(root: SourceRoot, options: UnifiedSkgOptions): Promise<[string, string][]> {
  const configure = path.join(root.path, "configure");
  if (!existsSync(path.join(configure, "META_TUNING"))) {
    throw new AdapterError(
      NAME,
      root.file,
      `no configure/META_TUNING/ under ${root.path}. The path must be a UnifiedSKG clone or a root like it (configure/META_TUNING/*.cfg, data/<task>/<split>.jsonl).`,
    );
  }
  const { argPaths } = await modelOptions(root.path, options);
  const pairs =
    argPaths ??
    (await fg("*.cfg", { cwd: path.join(configure, "META_TUNING") })).map((f) => [f.slice(0, -4), `META_TUNING/${f}`] as [string, string]);
  for (const [task, cfg] of pairs) {
    if (argPaths && !existsSync(path.join(configure, cfg)))
      throw new AdapterError(NAME, String(options.experiment), `[arg_paths] ${task} = ${cfg}: no such cfg under ${configure}.`);
  }
  return pairs.map(([task, cfg]): [string, string] => [task, path.join(configure, cfg)]).sort((a, b) => byCodeUnit(a[0], b[0]));
}

async function listTasks(root: SourceRoot, options: UnifiedSkgOptions): Promise<TaskRef[]> {
  return (await taskConfigs(root, options)).map(([task, cfg]) => {
    const dataDir = path.join(path.resolve(root.path, options.data), task);
    const data = rowFiles(dataDir).filter((f) => (SPLITS as readonly string[]).includes(splitOf(dataDir, f)));
    return { name: task, files: [cfg, ...data] };
  });
}

/** A task's dataset id: its loader script's name (`./tasks/spider.py` → "spider"), else its constructor's. */
export function loaderDataset(config: SkgConfig, fallback: string): string {
  const loader = cfgGet(config, "dataset", "loader_path");
  return typeof loader === "string" ? path.basename(loader, ".py").toLowerCase() : fallback;
}

/** A task without data is a task with zero instances; the issue says where its data was looked for. */
function noDataIssue(cfgFile: string, task: string, options: UnifiedSkgOptions): Issue {
  const where = `${options.data.split(path.sep).join("/").replace(/\/+$/, "")}/${task}/`;
  return {
    file: cfgFile,
    kind: "no_instances",
    message: `no data in ${where} (looked for ${SPLITS.map((s) => `${s}.{jsonl,json,parquet}`).join(", ")} and <split>/*.parquet; option \`data\` names the data folder): the task has no instances`,
  };
}

function templateFor(meta: MetaTuningConfig, model: SkgModelOptions): TemplateInfo {
  return {
    id: TEMPLATE_ID,
    name: "UnifiedSKG linearized input",
    originalTask: true,
    metadata: { constructorName: meta.constructorName, seq2seq: meta.seq2seq, description: meta.description ?? null, model },
  };
}

async function loadTask(ref: TaskRef, root: SourceRoot, issues: Issue[], options: UnifiedSkgOptions): Promise<Task> {
  const [cfgFile, ...dataFiles] = ref.files;
  if (cfgFile === undefined) throw new AdapterError(NAME, ref.name, "the task ref names no cfg file.");
  const config = await readSkgConfigFile(cfgFile);
  const meta = metaTuningFrom(config, cfgFile);
  const { model } = await modelOptions(root.path, options);
  const template = templateFor(meta, model);
  if (dataFiles.length === 0) issues.push(noDataIssue(cfgFile, ref.name, options));
  const instances: Instance[] = [];
  const dataDir = path.join(path.resolve(root.path, options.data), ref.name);
  // Rows are numbered per split, across the shards of a sharded split.
  const next = new Map<string, number>();
  for (const file of dataFiles) {
    const split = splitOf(dataDir, file);
    for await (const row of readRows(file)) {
      const i = next.get(split) ?? 0;
      next.set(split, i + 1);
      instances.push(...rowInstances(ref.name, split, i, row, template, file, issues));
    }
  }
  return {
    id: `${NAME}/${ref.name}`,
    source: NAME,
    name: ref.name,
    dataset: loaderDataset(config, meta.constructorName),
    category: "",
    sourceCategories: FAMILIES[meta.constructorName] ? [FAMILIES[meta.constructorName] as string] : [],
    languages: { input: ["English"], output: ["English"], instruction: ["English"] },
    domains: [],
    ...(meta.description === undefined ? {} : { instruction: meta.description }),
    demonstrations: { positive: [], negative: [] },
    license: root.license === undefined ? [] : [root.license],
    provenance: {
      file: posixRelative(root.path, cfgFile),
      upstream: root.upstream ?? UPSTREAM,
      ...(root.revision === undefined ? {} : { revision: root.revision }),
    },
    templates: [template],
    instances,
  };
}

/** One instance per item the row yields; outputs from a build with a fixed stream. */
function rowInstances(
  task: string,
  split: string,
  index: number,
  row: Record<string, unknown>,
  template: TemplateInfo,
  file: string,
  issues: Issue[],
): Instance[] {
  const results = renderWith(template, row, split, rngFor(0, "unifiedskg-load", task, split, index));
  const problem = results.find((r) => !r.ok);
  if (problem && !problem.ok)
    issues.push({ file, pointer: `/${index}`, kind: "unusable_row", message: `row ${index}: ${problem.reason}: ${problem.detail ?? ""}` });
  if (results.length === 0)
    issues.push({
      file,
      pointer: `/${index}`,
      kind: "no_items",
      message: `row ${index}: no_items: the constructor made no item of this row`,
    });
  return results.map((r, k) => ({
    id: results.length > 1 ? `${task}-${split}-${index}-${k}` : `${task}-${split}-${index}`,
    input: "",
    outputs: r.ok ? r.references : [],
    fields: results.length > 1 ? { ...row, [ITEM_FIELD]: k } : row,
    sourceSplit: split,
  }));
}

function renderWith(template: TemplateInfo, row: Record<string, unknown>, split: string, rng: Rng): SkgResult[] {
  const meta = template.metadata as {
    constructorName: string;
    seq2seq: Record<string, never>;
    description: string | null;
    model: SkgModelOptions;
  };
  const builder = findConstructor(meta.constructorName);
  if (!builder && !isInstantiated(row)) {
    return [
      {
        ok: false,
        reason: "no_constructor",
        detail: `constructor seq2seq_construction.${meta.constructorName} is not supported for raw rows; give text_in/struct_in/seq_out rows`,
      },
    ];
  }
  const { [ITEM_FIELD]: _item, ...raw } = row;
  return renderSkgRow(raw, {
    builder,
    split,
    seq2seq: meta.seq2seq,
    model: meta.model,
    description: meta.description ?? undefined,
    rng,
  }).map((r) =>
    r.ok
      ? { ok: true, prompt: r.prompt, completion: r.completion, references: r.references }
      : { ok: false, reason: r.reason, detail: r.detail },
  );
}

function renderInstance(task: Task, instance: Instance, templateId: string, rng: Rng): Rendered {
  const template = task.templates.find((t) => t.id === templateId);
  if (!template) throw unknownTemplate(NAME, task, templateId);
  const row = instance.fields ?? {};
  const results = renderWith(template, row, instance.sourceSplit ?? "validation", rng);
  const k = typeof row[ITEM_FIELD] === "number" ? (row[ITEM_FIELD] as number) : 0;
  const result = results[k] ??
    results.find((r) => !r.ok) ?? { ok: false, reason: "no_items", detail: `instance ${instance.id}: the constructor made no item` };
  if (!result.ok) return result;
  // The linearized input holds the whole example (description, text, structure).
  const { prompt, ...rest } = result;
  return { ...rest, parts: { instruction: "", lead: "", input: prompt } };
}

/** Open a UnifiedSKG-style root; the rule chooses templates (UnifiedSKG has one per task). */
export function openUnifiedSkg(root: SourceRoot, options: UnifiedSkgOptions, rule: TemplateRule): SourceAdapter {
  return {
    name: NAME,
    list: () => listTasks(root, options),
    load: (ref, issues) => loadTask(ref, root, issues, options),
    chooseTemplates: (task, instance, role, seed) => chooseByRule(task, instance, role, rule, seed),
    render: renderInstance,
    evalRules: evalRulesOf(rule),
  };
}
