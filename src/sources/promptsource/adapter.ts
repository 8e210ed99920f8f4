/**
 * The PromptSource adapter: one task per `templates.yaml`, one instance per row.
 *
 * Layout under the source root (the descriptor's `path`, which `--source promptsource=PATH` overrides):
 *
 *   templates/<dataset>[/<subset>]/templates.yaml       PromptSource's own layout, unchanged; in a clone of
 *                                                       bigscience-workshop/promptsource the same tree is
 *                                                       promptsource/templates/, found without options
 *   rows/<dataset>[/<subset>]/<split>.jsonl             rows as `datasets` exports them (`to_json`), or
 *   rows/<dataset>[/<subset>]/<split>.parquet           as `to_parquet` writes them, or
 *   rows/<dataset>[/<subset>]/<split>/<shard>.parquet   sharded, as the hub's Parquet conversion serves a split
 *
 * Options `templates` / `rows` may point elsewhere (absolute, or relative to the root).
 * Every template set is a task, with or without rows: a set without rows loads with zero instances and an
 * issue saying where its rows were looked for, so `validate` checks its category and dataset all the same.
 * The task name is the template folder (`super_glue/rte`); its dataset id is that name in lower case.
 * Rendering is PromptSource's `apply()` (apply.ts); a row a template does not apply to is a counted
 * skip, never a crash.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { posixRelative } from "../../core/paths.js";
import { byCodeUnit } from "../../core/py-str.js";
import type { Rng } from "../../core/rng.js";
import { readAllRows, rowFiles, splitOf } from "../../core/rows.js";
import { AdapterError } from "../../errors.js";
import type { Instance, Issue, Task, TaskRef, TemplateInfo } from "../../types.js";
import type { Rendered, SourceAdapter, SourceRoot } from "../contract.js";
import { chooseByRule, evalRulesOf, type TemplateRule, unknownTemplate } from "../template-rule.js";
import { type ApplyLimits, type ApplyResult, applyTemplate, DEFAULT_TRUNCATE, type PreparedTemplate, prepareTemplate } from "./apply.js";
import { NAME } from "./name.js";
import { type PromptSourceTemplate, readTemplatesFile } from "./templates-file.js";

export interface PromptSourceOptions {
  /** Characters kept per printed expression; 0 turns truncation off. */
  truncate: number;
  /** Per-render limits against runaway templates (the Jinja engine's defaults where unset). */
  limits: ApplyLimits;
  /** The templates folder (absolute, or relative to the root); unset: the first of TEMPLATE_FOLDERS that exists. */
  templates?: string;
  /** The rows folder (absolute, or relative to the root). */
  rows: string;
}

export const PROMPTSOURCE_DEFAULTS: PromptSourceOptions = { truncate: DEFAULT_TRUNCATE, limits: {}, rows: "rows" };

/** Where the templates are when the `templates` option is unset: the layout of this project, then a promptsource clone's. */
const TEMPLATE_FOLDERS = ["templates", "promptsource/templates"] as const;

/** Open a PromptSource root: templates.yaml files plus rows; the rule chooses templates per instance. */
export function openPromptSource(root: SourceRoot, options: PromptSourceOptions, rule: TemplateRule): SourceAdapter {
  const dirs = sourceDirs(root, options);
  const prepared = new WeakMap<TemplateInfo, PreparedTemplate>();
  return {
    name: NAME,
    list: () => listTasks(root, options, dirs),
    load: (ref, issues) => loadTask(ref, root, dirs, issues),
    chooseTemplates: (task, instance, role, seed) => chooseByRule(task, instance, role, rule, seed),
    render(task: Task, instance: Instance, templateId: string, rng: Rng): Rendered {
      const info = task.templates.find((t) => t.id === templateId);
      if (info === undefined) throw unknownTemplate(NAME, task, templateId);
      let template = prepared.get(info);
      if (template === undefined) {
        template = prepareTemplate(fromInfo(task, info), { truncate: options.truncate });
        prepared.set(info, template);
      }
      return asParts(applyTemplate(template, instance.fields ?? {}, rng, options.limits));
    },
    evalRules: evalRulesOf(rule),
  };
}

/** PromptSource renders the instruction with the example: the whole prompt is the input. */
function asParts(result: ApplyResult): Rendered {
  if (!result.ok) return result;
  const { prompt, ...rest } = result;
  return { ...rest, parts: { instruction: "", lead: "", input: prompt } };
}

interface Dirs {
  /** Absolute, or undefined when neither the option nor a default folder names one that exists. */
  templates: string | undefined;
  rows: string;
  /** The rows folder as written in the option, for messages that must not depend on the machine. */
  rowsOption: string;
}

/** Template and rows folders of a root: the options (absolute or relative to the root), else the defaults. */
function sourceDirs(root: SourceRoot, options: PromptSourceOptions): Dirs {
  const rows = { rows: path.resolve(root.path, options.rows), rowsOption: options.rows.split(path.sep).join("/") };
  if (options.templates !== undefined) return { templates: path.resolve(root.path, options.templates), ...rows };
  const found = TEMPLATE_FOLDERS.map((folder) => path.join(root.path, folder)).find((dir) => existsSync(dir));
  return { templates: found, ...rows };
}

/** The template sets under a root (`super_glue/rte`, one per templates.yaml) in code-unit order, and their folder. */
export async function templateSets(root: SourceRoot, options: PromptSourceOptions): Promise<{ dir: string; names: string[] }> {
  const dirs = sourceDirs(root, options);
  if (dirs.templates === undefined || !existsSync(dirs.templates)) {
    const looked = dirs.templates ?? TEMPLATE_FOLDERS.map((folder) => path.join(root.path, folder)).join(" or ");
    throw new AdapterError(
      NAME,
      looked,
      "templates folder not found; expected <root>/templates/<dataset>[/<subset>]/templates.yaml, a promptsource clone " +
        "(<root>/promptsource/templates/...), or the folder named by the `templates` option",
    );
  }
  const files = (await fg("**/templates.yaml", { cwd: dirs.templates })).sort(byCodeUnit);
  return { dir: dirs.templates, names: files.map((file) => path.posix.dirname(file)) };
}

async function listTasks(root: SourceRoot, options: PromptSourceOptions, dirs: Dirs): Promise<TaskRef[]> {
  const sets = await templateSets(root, options);
  // Every template set is a task; its rows, when there are any, follow its templates.yaml.
  return sets.names.map((name) => ({
    name,
    files: [path.join(sets.dir, name, "templates.yaml"), ...rowFiles(path.join(dirs.rows, name))],
  }));
}

async function loadTask(ref: TaskRef, root: SourceRoot, dirs: Dirs, issues: Issue[]): Promise<Task> {
  const [templatesPath, ...rowPaths] = ref.files;
  if (templatesPath === undefined) throw new AdapterError(NAME, ref.name, "task ref without a templates.yaml");
  const file = await readTemplatesFile(templatesPath);
  const expected = file.subset === null ? file.dataset : `${file.dataset}/${file.subset}`;
  if (expected !== ref.name)
    issues.push({
      file: templatesPath,
      pointer: "/dataset",
      kind: "dataset_name_mismatch",
      message: `declares ${expected} but lives in folder ${ref.name}; the folder name is used`,
    });
  const rowsDir = path.join(dirs.rows, ref.name);
  if (rowPaths.length === 0) issues.push(noRowsIssue(templatesPath, ref.name, dirs));
  const instances: Instance[] = [];
  const perSplit = new Map<string, number>();
  for (const rowPath of rowPaths) {
    const split = splitOf(rowsDir, rowPath);
    for (const fields of await readAllRows(rowPath, { markFloats: true })) {
      const position = perSplit.get(split) ?? 0;
      perSplit.set(split, position + 1);
      instances.push({ id: `${ref.name}-${split}-${position}`, input: "", outputs: [], fields, sourceSplit: split });
    }
  }
  const languages = [...new Set(file.templates.flatMap((t) => t.metadata.languages))].sort(byCodeUnit);
  // Relative to the source root, so the record is the same on every machine.
  const provenance: Task["provenance"] = { file: posixRelative(root.path, templatesPath) };
  if (root.upstream !== undefined) provenance.upstream = root.upstream;
  if (root.revision !== undefined) provenance.revision = root.revision;
  return {
    id: `${NAME}/${ref.name}`,
    source: NAME,
    name: ref.name,
    dataset: ref.name.toLowerCase(),
    category: "",
    sourceCategories: [],
    languages: { input: languages, output: languages, instruction: languages },
    domains: [],
    demonstrations: { positive: [], negative: [] },
    license: root.license === undefined ? [] : [root.license],
    provenance,
    templates: file.templates.map(toInfo),
    instances,
  };
}

/** A template set without rows is a task with zero instances; the issue says where its rows were looked for. */
function noRowsIssue(templatesPath: string, name: string, dirs: Dirs): Issue {
  const where = `${dirs.rowsOption.replace(/\/+$/, "")}/${name}/`;
  return {
    file: templatesPath,
    kind: "no_instances",
    message: `no rows in ${where} (looked for <split>.jsonl, <split>.parquet and <split>/*.parquet; option \`rows\` names the rows folder): the task has no instances`,
  };
}

/** Template metadata under PromptSource's own key names, so nothing is renamed or lost. */
function toInfo(t: PromptSourceTemplate): TemplateInfo {
  return {
    id: t.id,
    name: t.name,
    // OPT-IML used original-task templates only; an unannotated template (null) is not counted as one.
    originalTask: t.metadata.originalTask === true,
    metadata: {
      jinja: t.jinja,
      answer_choices: t.answerChoices,
      reference: t.reference,
      original_task: t.metadata.originalTask,
      choices_in_prompt: t.metadata.choicesInPrompt,
      metrics: t.metadata.metrics,
      languages: t.metadata.languages,
      ...t.metadata.extra,
    },
  };
}

function fromInfo(task: Task, info: TemplateInfo): { id: string; jinja: string; answerChoices: string | null } {
  const jinja = info.metadata?.jinja;
  const answerChoices = info.metadata?.answer_choices ?? null;
  if (typeof jinja !== "string" || (answerChoices !== null && typeof answerChoices !== "string")) {
    const why = "metadata.jinja / metadata.answer_choices missing; was the task loaded by this adapter?";
    throw new AdapterError(NAME, task.provenance.file, `${task.id}: template ${info.id}: ${why}`);
  }
  return { id: info.id, jinja, answerChoices };
}
