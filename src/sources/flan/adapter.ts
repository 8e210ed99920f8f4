/**
 * The FLAN adapter. One adapter, two input modes (options.mode):
 *
 * `templates` (default): FLAN's template module, read without running Python, plus rows per task.
 *
 *   templates.py                      a module in FLAN's syntax (PATTERNS, FEWSHOT_PATTERNS, ...), or a
 *   flan/v2/templates.py | flan/templates.py   FLAN checkout (options.templates picks one explicitly;
 *                                     options.extraTemplates adds e.g. flan/v2/flan_templates_branched.py)
 *   rows/<task>/<split>.jsonl         rows with FLAN's field names (premise, hypothesis, options, answer...)
 *   rows/<task>/<split>.parquet       or Parquet; sharded `rows/<task>/<split>/<shard>.parquet` too
 *   flan/task_splits.py               optional: FLAN 2021 clusters (else the built-in map, options.clusters)
 *   flan/v2/flan_collection_info.csv  optional: collection categories (options.collectionInfo)
 *
 *   A task's templates come from PATTERNS[<key>] (the task name, else the longest key that prefixes it
 *   before "_": anli_r1 → anli; options.taskKeys overrides). Template ids are `<key>:<index>:<type>`,
 *   type ∈ options.templateTypes (zs_opt, zs_noopt, fs_opt, fs_noopt). A template whose target uses
 *   none of the fields of template 0's target inverts the task (originalTask false) and is left out
 *   unless options.includeInverted. Few-shot exemplars are the task's `train` rows, never the target
 *   row; a query left without exemplars renders zero-shot and is counted in `stats`.
 *
 * `collection`: exported FLAN Collection rows (`inputs`, `targets`, `task_name`, `template_type`;
 *   aliases `source`/`target`/`template_idx`, `prompt`/`completion`) in any .jsonl/.parquet under
 *   options.collection; each task_name is a task, each template_type a template `collection:<type>`.
 */
import type { Rng } from "../../core/rng.js";
import { AdapterError } from "../../errors.js";
import type { Instance, Issue, RenderContext, Rendered, SourceAdapter, SourceDescriptor, Task, TaskRef } from "../../types.js";
import { type FlanOptions, type ResolvedFlanOptions, resolveFlanOptions } from "./adapter-options.js";
import { listCollectionTasks, loadCollectionTask, renderCollection } from "./collection.js";
import { type FlanTemplateSet, renderFlan } from "./render.js";
import { type CategorySources, loadCategorySources } from "./task-record.js";
import { loadTemplateSource, moduleFile, parseTemplateId, type TemplateSource } from "./template-source.js";
import { listTemplateTasks, loadTemplateTask } from "./template-tasks.js";
import type { TemplateType } from "./templates.js";
import { trainPool } from "./train-pool.js";

export const NAME = "flan";
export type { FlanOptions } from "./adapter-options.js";

/** Counts a build can put in its manifest. */
export interface FlanRenderStats {
  /** Few-shot renders that fell back to zero-shot, per template id. */
  fewShotFallbacks: Record<string, number>;
}

export type FlanAdapter = SourceAdapter & { readonly stats: FlanRenderStats };

export function createFlanAdapter(options: FlanOptions = {}): FlanAdapter {
  resolveFlanOptions(options as Record<string, unknown>); // checks the options now, before any data is read
  const sources = new Map<string, Promise<TemplateSource>>();
  const categories = new Map<string, Promise<CategorySources>>();
  const sets = new WeakMap<Task, { set: FlanTemplateSet; opts: ResolvedFlanOptions }>();
  const stats: FlanRenderStats = { fewShotFallbacks: {} };
  const optsFor = (source: SourceDescriptor): ResolvedFlanOptions => resolveFlanOptions(options as Record<string, unknown>, source.options);
  const cached = <T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> => {
    if (!map.has(key)) map.set(key, make());
    return map.get(key) as Promise<T>;
  };
  return {
    name: NAME,
    stats,
    async list(source: SourceDescriptor): Promise<TaskRef[]> {
      const opts = optsFor(source);
      if (opts.mode === "collection") return listCollectionTasks(source.path, opts);
      return listTemplateTasks(source.path, opts, moduleFile(source.path, opts));
    },
    async load(ref: TaskRef, source: SourceDescriptor, issues: Issue[]): Promise<Task> {
      const opts = optsFor(source);
      const cats = await cached(categories, source.path, () => loadCategorySources(source.path, opts));
      if (opts.mode === "collection") return loadCollectionTask(ref, source, cats, issues);
      const src = await cached(sources, `${source.path}\0${JSON.stringify(opts)}`, () => loadTemplateSource(source.path, opts));
      for (const note of src.module.notes)
        issues.push({ file: src.file, pointer: `L${note.line}:${note.col}`, message: `${note.message}: ${note.statement}` });
      src.module.notes.length = 0;
      const { task, set } = await loadTemplateTask(ref, source, opts, src, cats);
      sets.set(task, { set, opts });
      return task;
    },
    render(task: Task, instance: Instance, templateId: string, rng: Rng, context?: RenderContext): Rendered {
      if (templateId.startsWith("collection:")) return renderCollection(instance, templateId);
      const parsed = parseTemplateId(templateId);
      const entry = sets.get(task);
      if (parsed === undefined || entry === undefined || parsed.key !== entry.set.key) {
        throw new AdapterError(
          NAME,
          task.provenance.file,
          `${task.id}: cannot render template "${templateId}"; ids are <key>:<index>:<type> of a task loaded by this adapter (e.g. ${task.templates[0]?.id ?? "rte:0:zs_opt"}).`,
        );
      }
      const type = parsed.type as TemplateType;
      const pool = type.startsWith("fs") ? trainPool(task, instance, context?.demoPool) : undefined;
      const request = { set: entry.set, index: parsed.index, type, row: instance.fields ?? {}, ...(pool ? { pool } : {}) };
      const out = renderFlan(request, entry.opts, rng);
      if (!out.ok) return out;
      if (out.fellBackToZeroShot) stats.fewShotFallbacks[templateId] = (stats.fewShotFallbacks[templateId] ?? 0) + 1;
      const rendered: Rendered = { ok: true, prompt: out.input, completion: out.target, references: [out.target] };
      if (out.choices) rendered.choices = out.choices;
      return rendered;
    },
  };
}
