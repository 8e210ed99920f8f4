/**
 * The FLAN adapter. One adapter, two input modes (options.mode):
 *
 * `templates` (default): FLAN's template module, read without running Python, plus rows per task.
 *
 *   templates.py                      a module in FLAN's syntax (PATTERNS, FEWSHOT_PATTERNS, ...), or a
 *   flan/v2/templates.py | flan/templates.py   FLAN checkout (options.templates picks one explicitly;
 *                                     flan_templates_branched.py beside it is an extra module, options.extraTemplates)
 *   rows/<task>/<split>.jsonl         rows with FLAN's field names (premise, hypothesis, options, answer...)
 *   rows/<task>/<split>.parquet       or Parquet; sharded `rows/<task>/<split>/<shard>.parquet` too (options.rows)
 *   flan/v2/cot_data/<name>_train.tsv FLAN v2's chain-of-thought data for cot_<name> / stream_<name> (options.cotData)
 *   flan/task_splits.py               optional: FLAN 2021 clusters (else the built-in map, options.clusters)
 *   flan/v2/flan_collection_info.csv  optional: collection categories (options.collectionInfo)
 *
 *   Every PATTERNS key is a task, and so is every rows folder; a task without rows has no instances (an
 *   issue says where its rows were looked for). A task's templates come from PATTERNS[<key>] (the task
 *   name, else the longest key that prefixes it before "_": anli_r1 → anli; options.taskKeys overrides).
 *   Template ids are `<key>:<index>:<type>`,
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
import type { Instance, Issue, Task, TaskRef } from "../../types.js";
import type { RenderContext, Rendered, SourceAdapter, SourceRoot } from "../contract.js";
import { chooseByRule, evalRulesOf, type TemplateRule, unknownTemplate } from "../template-rule.js";
import type { FlanOptions } from "./adapter-options.js";
import { listCollectionTasks, loadCollectionTask, renderCollection } from "./collection.js";
import { maxShots } from "./fewshot.js";
import { NAME } from "./name.js";
import { type FlanTemplateSet, renderFlan } from "./render.js";
import { type CategorySources, loadCategorySources } from "./task-record.js";
import { loadTemplateSource, parseTemplateId, type TemplateSource } from "./template-source.js";
import { listTemplateTasks, loadTemplateTask } from "./template-tasks.js";
import type { TemplateType } from "./templates.js";
import { trainPool } from "./train-pool.js";

/** Counts a build can put in its manifest. */
interface FlanRenderStats {
  /** Few-shot renders that fell back to zero-shot, per template id. */
  fewShotFallbacks: Record<string, number>;
}

export type FlanAdapter = SourceAdapter & { readonly stats: FlanRenderStats };

/** Open a FLAN root in the options' mode; the rule chooses templates per instance. */
export function openFlan(root: SourceRoot, options: FlanOptions, rule: TemplateRule): FlanAdapter {
  const sets = new WeakMap<Task, FlanTemplateSet>();
  const stats: FlanRenderStats = { fewShotFallbacks: {} };
  let templateSource: Promise<TemplateSource> | undefined;
  let categories: Promise<CategorySources> | undefined;
  let firstTask: Promise<string | undefined> | undefined;
  return {
    name: NAME,
    stats,
    async list(): Promise<TaskRef[]> {
      if (options.mode === "collection") return listCollectionTasks(root.path, options);
      templateSource ??= loadTemplateSource(root.path, options);
      return listTemplateTasks(root.path, options, await templateSource);
    },
    async load(ref: TaskRef, issues: Issue[]): Promise<Task> {
      categories ??= loadCategorySources(root.path, options);
      const cats = await categories;
      if (options.mode === "collection") return loadCollectionTask(ref, root, cats, issues);
      templateSource ??= loadTemplateSource(root.path, options);
      const src = await templateSource;
      // The module's notes are reported once, with the first task listed (whichever task this adapter loads first).
      firstTask ??= Promise.resolve(listTemplateTasks(root.path, options, src)[0]?.name);
      if (ref.name === (await firstTask))
        for (const note of src.module.notes)
          issues.push({
            file: src.file,
            pointer: `L${note.line}:${note.col}`,
            kind: "module_statement_skipped",
            message: `${note.message}: ${note.statement}`,
          });
      const { task, set } = await loadTemplateTask(ref, root, options, src, cats, issues);
      sets.set(task, set);
      return task;
    },
    chooseTemplates: (task, instance, role, seed) => chooseByRule(task, instance, role, rule, seed),
    exemplarsNeeded(task: Task): number {
      const set = sets.get(task);
      const fewShot = task.templates.some((t) => parseTemplateId(t.id)?.type.startsWith("fs"));
      return set && fewShot ? maxShots(options.shotRule, set.fewShot.length) : 0;
    },
    render(task: Task, instance: Instance, templateId: string, rng: Rng, context?: RenderContext): Rendered {
      if (!task.templates.some((t) => t.id === templateId)) throw unknownTemplate(NAME, task, templateId);
      if (templateId.startsWith("collection:")) return renderCollection(instance, templateId);
      const parsed = parseTemplateId(templateId);
      const set = sets.get(task);
      if (parsed === undefined || set === undefined || parsed.key !== set.key) {
        throw new AdapterError(NAME, task.provenance.file, `${task.id}: template "${templateId}" is not of a task loaded by this adapter.`);
      }
      const type = parsed.type as TemplateType;
      const pool = type.startsWith("fs") ? trainPool(task, instance, context?.demoPool) : undefined;
      const request = { set, index: parsed.index, type, row: instance.fields ?? {}, ...(pool ? { pool } : {}) };
      const out = renderFlan(request, options, rng);
      if (!out.ok) return out;
      if (out.fellBackToZeroShot) stats.fewShotFallbacks[templateId] = (stats.fewShotFallbacks[templateId] ?? 0) + 1;
      // FLAN's templates carry their instructions (and few-shot exemplars) inside the input.
      const rendered: Rendered = {
        ok: true,
        parts: { instruction: "", lead: "", input: out.input },
        completion: out.target,
        references: [out.target],
      };
      if (out.choices) rendered.choices = out.choices;
      return rendered;
    },
    evalRules: evalRulesOf(rule),
  };
}
