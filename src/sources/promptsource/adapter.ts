/**
 * The PromptSource adapter: one task per `templates.yaml` that has rows, one instance per row.
 *
 * Layout under the source root (the descriptor's `path`, which `--source promptsource=PATH` overrides):
 *
 *   templates/<dataset>[/<subset>]/templates.yaml       PromptSource's own layout, unchanged
 *   rows/<dataset>[/<subset>]/<split>.jsonl             rows as `datasets` exports them (`to_json`), or
 *   rows/<dataset>[/<subset>]/<split>.parquet           as `to_parquet` writes them, or
 *   rows/<dataset>[/<subset>]/<split>/<shard>.parquet   sharded, as the hub's Parquet conversion serves a split
 *
 * The descriptor's `options.templates` / `options.rows` may point elsewhere (relative to `path`).
 * The task name is the template folder (`super_glue/rte`); its dataset id is that name in lower case.
 * Rendering is PromptSource's `apply()` (src/render/promptsource-apply.ts); a row a template does not
 * apply to is a counted skip, never a crash.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { byCodeUnit } from "../../core/py-str.js";
import type { Rng } from "../../core/rng.js";
import { readAllRows } from "../../core/rows.js";
import { AdapterError, UserError } from "../../errors.js";
import type { Instance, Issue, Rendered, SourceAdapter, SourceDescriptor, Task, TaskRef, TemplateInfo } from "../../types.js";
import { type ApplyLimits, applyTemplate, type PreparedTemplate, prepareTemplate } from "./apply.js";
import { type PromptSourceTemplate, readTemplatesFile } from "./templates-file.js";

export const NAME = "promptsource";

export interface PromptSourceOptions {
  /** Characters kept per printed expression; 0 turns truncation off. @default 2048 (PromptSource's TEXT_VAR_LENGTH) */
  truncate?: number;
  /** Per-render limits against runaway templates. @default the Jinja engine's */
  limits?: ApplyLimits;
}

const ROW_FILE = /\.(jsonl|json|parquet)$/;

export function createPromptSourceAdapter(options: PromptSourceOptions = {}): SourceAdapter {
  const opts: PromptSourceOptions = { ...options };
  checkOptions(opts);
  const prepared = new WeakMap<TemplateInfo, PreparedTemplate>();
  return {
    name: NAME,
    list: (source) => listTasks(source),
    load: (ref, source, issues) => loadTask(ref, source, issues),
    render(task: Task, instance: Instance, templateId: string, rng: Rng): Rendered {
      const info = task.templates.find((t) => t.id === templateId);
      if (info === undefined)
        throw new Error(
          `[adapter:${NAME}] ${task.id}: unknown template ${templateId}. Expected one of: ${task.templates.map((t) => t.id).join(", ")}`,
        );
      let template = prepared.get(info);
      if (template === undefined) {
        template = prepareTemplate(fromInfo(info), opts.truncate === undefined ? {} : { truncate: opts.truncate });
        prepared.set(info, template);
      }
      return applyTemplate(template, instance.fields ?? {}, rng, opts.limits);
    },
  };
}

/** Options come from YAML: check them once, at construction, naming the bad value. */
function checkOptions(opts: PromptSourceOptions): void {
  const bad = (key: string, value: unknown, expected: string): never => {
    throw new UserError("E_CONFIG", `[adapter:${NAME}] option ${key}: expected ${expected}, got ${JSON.stringify(value)}`);
  };
  if (opts.truncate !== undefined && (!Number.isInteger(opts.truncate) || opts.truncate < 0))
    bad("truncate", opts.truncate, "a non-negative integer (0 turns truncation off)");
  for (const [key, value] of Object.entries(opts.limits ?? {})) {
    if (value !== undefined && (!Number.isInteger(value) || (value as number) <= 0)) bad(`limits.${key}`, value, "a positive integer");
  }
}

/** Template and rows folders of a source. */
export function sourceDirs(source: SourceDescriptor): { templates: string; rows: string } {
  const dir = (key: string, fallback: string): string => {
    const value = source.options?.[key];
    return path.resolve(source.path, typeof value === "string" ? value : fallback);
  };
  return { templates: dir("templates", "templates"), rows: dir("rows", "rows") };
}

async function listTasks(source: SourceDescriptor): Promise<TaskRef[]> {
  const dirs = sourceDirs(source);
  if (!existsSync(dirs.templates))
    throw new AdapterError(
      NAME,
      dirs.templates,
      "templates folder not found; expected <root>/templates/<dataset>[/<subset>]/templates.yaml",
    );
  const files = (await fg("**/templates.yaml", { cwd: dirs.templates })).sort(byCodeUnit);
  const refs: TaskRef[] = [];
  for (const file of files) {
    const name = path.posix.dirname(file);
    const rows = rowFiles(path.join(dirs.rows, name));
    if (rows.length > 0) refs.push({ name, files: [path.join(dirs.templates, file), ...rows] });
  }
  return refs;
}

/** `<split>.{jsonl,json,parquet}` files and `<split>/` shard folders, sorted by code unit. */
export function rowFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort(byCodeUnit)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      for (const shard of readdirSync(full).sort(byCodeUnit)) if (ROW_FILE.test(shard)) out.push(path.join(full, shard));
    } else if (ROW_FILE.test(entry)) out.push(full);
  }
  return out;
}

/** The split a rows file holds: its name without extension, or its folder for a shard. */
export function splitOf(rowsDir: string, file: string): string {
  const rel = path.relative(rowsDir, file).split(path.sep);
  return rel.length > 1 ? (rel[0] as string) : (rel[0] as string).replace(ROW_FILE, "");
}

async function loadTask(ref: TaskRef, source: SourceDescriptor, issues: Issue[]): Promise<Task> {
  const [templatesPath, ...rowPaths] = ref.files;
  if (templatesPath === undefined) throw new AdapterError(NAME, ref.name, "task ref without a templates.yaml");
  const file = await readTemplatesFile(templatesPath);
  const expected = file.subset === null ? file.dataset : `${file.dataset}/${file.subset}`;
  if (expected !== ref.name)
    issues.push({
      file: templatesPath,
      pointer: "/dataset",
      message: `declares ${expected} but lives in folder ${ref.name}; the folder name is used`,
    });
  const rowsDir = path.join(sourceDirs(source).rows, ref.name);
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
  const provenance: Task["provenance"] = { file: path.relative(source.path, templatesPath).split(path.sep).join("/") };
  if (source.upstream !== undefined) provenance.upstream = source.upstream;
  if (source.revision !== undefined) provenance.revision = source.revision;
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
    license: source.license === undefined ? [] : [source.license],
    provenance,
    templates: file.templates.map(toInfo),
    instances,
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

function fromInfo(info: TemplateInfo): { id: string; jinja: string; answerChoices: string | null } {
  const jinja = info.metadata?.jinja;
  const answerChoices = info.metadata?.answer_choices ?? null;
  if (typeof jinja !== "string" || (answerChoices !== null && typeof answerChoices !== "string")) {
    throw new Error(
      `[adapter:${NAME}] template ${info.id}: metadata.jinja / metadata.answer_choices missing; was the task loaded by this adapter?`,
    );
  }
  return { id: info.id, jinja, answerChoices };
}
