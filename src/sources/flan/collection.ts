/**
 * `collection` mode: rows the FLAN Collection exported already rendered
 * (`{inputs, targets, task_source, task_name, template_type}`), or re-exports of them with the
 * columns renamed (`source`/`target` + `template_idx`, `prompt`/`completion`). Each task_name is a
 * task; each template_type it has is one template (`collection:<type>`, kept as it was); a row
 * renders only with its own type's template. The dataset id is the task name before any ":version".
 */
import { existsSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { byCodeUnit } from "../../core/py-str.js";
import { readRows } from "../../core/rows.js";
import { AdapterError } from "../../errors.js";
import { pyStr } from "../../lib/python/index.js";
import type { Instance, Issue, Task, TaskRef, TemplateInfo } from "../../types.js";
import type { Rendered, SourceRoot } from "../contract.js";
import type { FlanOptions } from "./adapter-options.js";
import { NAME } from "./name.js";
import { type CategorySources, flanTask, sourceCategoriesOf } from "./task-record.js";

const COLUMNS = {
  inputs: ["inputs", "source", "prompt"],
  targets: ["targets", "target", "completion"],
  task: ["task_name", "_task_name", "task"],
  type: ["template_type", "_template_type"],
  index: ["template_idx", "_template_idx"],
  taskSource: ["task_source", "_task_source"],
} as const;

/** Template type used when the rows carry none. */
const UNTYPED = "untyped";

function column(row: Readonly<Record<string, unknown>>, names: readonly string[]): unknown {
  for (const name of names) if (Object.hasOwn(row, name)) return row[name];
  return undefined;
}

async function collectionFiles(root: string, opts: FlanOptions): Promise<string[]> {
  const dir = path.resolve(root, opts.collection);
  const files = await fg("**/*.{jsonl,json,parquet}", { cwd: dir, absolute: true });
  return files.sort(byCodeUnit);
}

/** Reads every row file once, keeping only task names, to know which files hold which task. */
export async function listCollectionTasks(root: string, opts: FlanOptions): Promise<TaskRef[]> {
  const byTask = new Map<string, Set<string>>();
  for (const file of await collectionFiles(root, opts)) {
    for await (const row of readRows(file)) {
      const name = column(row, COLUMNS.task);
      if (typeof name !== "string" || name === "") continue;
      const files = byTask.get(name) ?? new Set<string>();
      files.add(file);
      byTask.set(name, files);
    }
  }
  if (byTask.size === 0)
    throw new AdapterError(
      NAME,
      path.resolve(root, opts.collection),
      `no rows with a task name (${COLUMNS.task.join(" / ")}) found in .jsonl/.parquet files.`,
    );
  return [...byTask.keys()].sort(byCodeUnit).map((name) => ({ name, files: [...(byTask.get(name) as Set<string>)].sort(byCodeUnit) }));
}

export async function loadCollectionTask(ref: TaskRef, source: SourceRoot, categories: CategorySources, issues: Issue[]): Promise<Task> {
  const instances: Instance[] = [];
  const types = new Set<string>();
  for (const file of ref.files) {
    if (!existsSync(file)) throw new AdapterError(NAME, file, `rows file of task "${ref.name}" not found.`);
    let line = 0;
    for await (const row of readRows(file)) {
      line++;
      if (column(row, COLUMNS.task) !== ref.name) continue;
      const inputs = column(row, COLUMNS.inputs);
      const targets = column(row, COLUMNS.targets);
      if (typeof inputs !== "string" || typeof targets !== "string") {
        issues.push({
          file,
          pointer: `/${line - 1}`,
          kind: "unusable_row",
          message: `row without string inputs/targets (columns ${COLUMNS.inputs.join("/")} and ${COLUMNS.targets.join("/")}); skipped`,
        });
        continue;
      }
      const type = column(row, COLUMNS.type);
      const typeName = typeof type === "string" && type !== "" ? type : UNTYPED;
      types.add(typeName);
      const index = column(row, COLUMNS.index);
      const fields: Record<string, unknown> = { inputs, targets, template_type: typeName };
      if (index !== undefined && index !== null) fields.template_idx = index;
      const taskSource = column(row, COLUMNS.taskSource);
      if (taskSource !== undefined) fields.task_source = taskSource;
      instances.push({ id: `${ref.name}-${instances.length}`, input: inputs, outputs: [targets], fields });
    }
  }
  const templates: TemplateInfo[] = [...types].sort(byCodeUnit).map((type) => ({
    id: `collection:${type}`,
    name: type,
    originalTask: true,
    metadata: { template_type: type },
  }));
  return flanTask(
    {
      name: ref.name,
      dataset: (ref.name.split(":")[0] ?? ref.name).toLowerCase(),
      file: ref.files[0] ?? "",
      sourceCategories: sourceCategoriesOf(categories, ref.name),
      templates,
      instances,
    },
    source,
  );
}

export function renderCollection(instance: Instance, templateId: string): Rendered {
  const fields = instance.fields ?? {};
  const type = templateId.replace(/^collection:/, "");
  if (fields.template_type !== type) {
    return { ok: false, reason: "template_not_applicable", detail: `row ${instance.id} is ${pyStr(fields.template_type)}, not ${type}` };
  }
  const parts = { instruction: "", lead: "", input: instance.input };
  return { ok: true, parts, completion: instance.outputs[0] ?? "", references: [...instance.outputs] };
}
