/**
 * `templates` mode: one task per `<rows>/<task>/` folder, one instance per row, templates from the
 * module's PATTERNS key for the task (see templateKeyFor). The dataset id is that key (anli_r1 →
 * "anli", wmt16_translate_deen → "wmt16_translate").
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { closestNames } from "../../core/closest-names.js";
import { byCodeUnit } from "../../core/py-str.js";
import { readAllRows, rowFiles, splitOf } from "../../core/rows.js";
import { AdapterError } from "../../errors.js";
import { pyStr } from "../../lib/python/index.js";
import type { Instance, Task, TaskRef } from "../../types.js";
import type { SourceRoot } from "../contract.js";
import type { FlanOptions } from "./adapter-options.js";
import { fillTemplate } from "./fill.js";
import { NAME } from "./name.js";
import type { FlanTemplateSet } from "./render.js";
import { type CategorySources, flanTask, sourceCategoriesOf } from "./task-record.js";
import { type TemplateSource, templateInfos, templateKeyFor, templateSet } from "./template-source.js";

export async function listTemplateTasks(root: string, opts: FlanOptions, templatesFile: string): Promise<TaskRef[]> {
  const rowsDir = path.resolve(root, opts.rows);
  if (!existsSync(rowsDir))
    throw new AdapterError(NAME, rowsDir, "rows folder not found; expected <root>/rows/<task>/<split>.jsonl (or set options.rows).");
  const tasks = readdirSync(rowsDir)
    .filter((d) => statSync(path.join(rowsDir, d)).isDirectory())
    .sort(byCodeUnit);
  return tasks
    .map((name) => ({ name, files: [templatesFile, ...rowFiles(path.join(rowsDir, name))] }))
    .filter((ref) => ref.files.length > 1);
}

export async function loadTemplateTask(
  ref: TaskRef,
  source: SourceRoot,
  opts: FlanOptions,
  src: TemplateSource,
  categories: CategorySources,
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
  const rowsDir = path.join(path.resolve(source.path, opts.rows), ref.name);
  const instances: Instance[] = [];
  const perSplit = new Map<string, number>();
  for (const file of ref.files.slice(1)) {
    const split = splitOf(rowsDir, file);
    for (const fields of await readAllRows(file, { markFloats: true })) {
      const position = perSplit.get(split) ?? 0;
      perSplit.set(split, position + 1);
      instances.push(instanceOf(ref.name, split, position, fields, set));
    }
  }
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
