/**
 * `templates` mode: one task per PATTERNS key of the module(s), plus one per `<rows>/<task>/` folder
 * whose name is not a key (its templates: see templateKeyFor). A task's instances are its rows
 * (`<rows>/<task>/<split>.{jsonl,parquet}`), else, for a chain-of-thought key, FLAN v2's TSV
 * (`<cotData>/<name>_train.tsv`, see cot.ts); a task with neither has no instances and an issue says
 * where its rows were looked for. The dataset id is the key (anli_r1 → "anli", wmt16_translate_deen →
 * "wmt16_translate").
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { closestNames } from "../../core/closest-names.js";
import { byCodeUnit } from "../../core/py-str.js";
import { readAllRows, rowFiles, splitOf } from "../../core/rows.js";
import { AdapterError } from "../../errors.js";
import { pyStr } from "../../lib/python/index.js";
import type { Instance, Issue, Task, TaskRef } from "../../types.js";
import type { SourceRoot } from "../contract.js";
import type { FlanOptions } from "./adapter-options.js";
import { cotDataDir, cotFileFor, cotFilesLookedFor, readCotFile } from "./cot.js";
import { fillTemplate } from "./fill.js";
import { NAME } from "./name.js";
import type { FlanTemplateSet } from "./render.js";
import { type CategorySources, flanTask, sourceCategoriesOf } from "./task-record.js";
import { type TemplateSource, templateInfos, templateKeyFor, templateSet } from "./template-source.js";

/** The default rows folder, which may be absent. */
const DEFAULT_ROWS = "rows";

/** The rows folder, or undefined when the default one is absent; an explicitly given folder must exist. */
function rowsDirOf(root: string, opts: FlanOptions): string | undefined {
  const dir = path.resolve(root, opts.rows ?? DEFAULT_ROWS);
  if (existsSync(dir)) return dir;
  if (opts.rows === undefined) return undefined;
  throw new AdapterError(NAME, dir, "rows folder not found (options.rows, relative to the source root or absolute).");
}

/** Every PATTERNS key and every rows folder, in code-unit order; files: the module, then the task's rows (or CoT TSV). */
export function listTemplateTasks(root: string, opts: FlanOptions, src: TemplateSource): TaskRef[] {
  const rowsDir = rowsDirOf(root, opts);
  const folders = rowsDir === undefined ? [] : readdirSync(rowsDir).filter((d) => statSync(path.join(rowsDir, d)).isDirectory());
  const cotDir = cotDataDir(root, opts);
  const names = [...new Set([...src.zeroShot.keys(), ...folders])].sort(byCodeUnit);
  return names.map((name) => {
    const rows = rowsDir === undefined ? [] : rowFiles(path.join(rowsDir, name));
    const tsv = cotFileFor(cotDir, name);
    const data = rows.length > 0 ? rows : tsv !== undefined && existsSync(tsv) && statSync(tsv).isFile() ? [tsv] : [];
    return { name, files: [src.file, ...data] };
  });
}

export async function loadTemplateTask(
  ref: TaskRef,
  source: SourceRoot,
  opts: FlanOptions,
  src: TemplateSource,
  categories: CategorySources,
  issues: Issue[],
): Promise<{ task: Task; set: FlanTemplateSet }> {
  const key = templateKeyFor(ref.name, src.zeroShot, opts.taskKeys);
  if (key === undefined) {
    const near = closestNames(ref.name, [...src.zeroShot.keys()]);
    throw new AdapterError(
      NAME,
      src.file,
      `no PATTERNS key for task "${ref.name}"${near.length ? `; closest: ${near.join(", ")}` : ""}. Map it with options.taskKeys.`,
    );
  }
  const set = templateSet(src, key);
  const data = ref.files.slice(1);
  const tsv = data.length === 1 && data[0]?.endsWith(".tsv") ? data[0] : undefined;
  const instances =
    tsv !== undefined
      ? await cotInstances(ref.name, tsv, set, issues)
      : data.length > 0
        ? await rowInstances(ref.name, data, path.join(rowsDirOf(source.path, opts) ?? "", ref.name), set)
        : noRows(ref.name, source.path, opts, issues);
  const task = flanTask(
    {
      name: ref.name,
      dataset: key.toLowerCase(),
      file: src.file,
      sourceCategories: sourceCategoriesOf(categories, ref.name, key),
      templates: templateInfos(set, opts),
      instances,
    },
    source,
  );
  return { task, set };
}

async function rowInstances(task: string, files: readonly string[], rowsDir: string, set: FlanTemplateSet): Promise<Instance[]> {
  const instances: Instance[] = [];
  const perSplit = new Map<string, number>();
  for (const file of files) {
    const split = splitOf(rowsDir, file);
    for (const fields of await readAllRows(file, { markFloats: true })) {
      const position = perSplit.get(split) ?? 0;
      perSplit.set(split, position + 1);
      instances.push(instanceOf(task, split, position, fields, set));
    }
  }
  return instances;
}

/** FLAN's CoT data is a train split; an instance's id carries its 0-based line, so a skipped line shifts nothing. */
async function cotInstances(task: string, file: string, set: FlanTemplateSet, issues: Issue[]): Promise<Instance[]> {
  const { rows, skipped } = await readCotFile(file);
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 10).map((line) => line + 1);
    issues.push({
      file,
      pointer: `L${shown[0]}`,
      kind: "short_tsv_line",
      count: skipped.length,
      message: `${skipped.length} line(s) skipped: fewer than 3 tab-separated fields (question, answer, chain_of_thought); lines ${shown.join(", ")}${skipped.length > shown.length ? ", ..." : ""}`,
    });
  }
  return rows.map(({ line, fields }) => instanceOf(task, "train", line, { ...fields }, set));
}

/** A task without rows: no instances, and an issue naming every place its rows were looked for. */
function noRows(task: string, root: string, opts: FlanOptions, issues: Issue[]): Instance[] {
  const rowsDir = path.join(path.resolve(root, opts.rows ?? DEFAULT_ROWS), task);
  const where = [
    `${relativeTo(root, rowsDir)}/<split>.{jsonl,parquet}`,
    ...cotFilesLookedFor(root, opts, task).map((f) => relativeTo(root, f)),
  ];
  issues.push({
    file: rowsDir,
    kind: "no_instances",
    message: `task "${task}" has no rows (looked for ${where.join(", ")}); it has no instances`,
  });
  return [];
}

/** A path relative to the source root, with "/" (so messages are the same on every machine). */
function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join("/");
}

/** References: template 0's target filled from the row (FLAN's own answer field), when it fills. */
function instanceOf(task: string, split: string, position: number, fields: Record<string, unknown>, set: FlanTemplateSet): Instance {
  const instance: Instance = { id: `${task}-${split}-${position}`, input: "", outputs: [], fields, sourceSplit: split };
  const target = set.zeroShot[0]?.target;
  try {
    if (target !== undefined) instance.outputs = [fillTemplate(target, fields)];
  } catch {
    // A row without the answer field still renders with templates that do not need it.
  }
  const options = fields.options;
  if (Array.isArray(options)) instance.choices = options.map((o) => pyStr(o));
  return instance;
}
