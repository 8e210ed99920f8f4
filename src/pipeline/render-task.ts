/**
 * Render one task's records: the instances its plan keeps, through the templates its split allows.
 * Pure apart from the adapter's render (itself pure). Every instance not written is counted.
 */

import { capsFor, type SplitConfig } from "../config/split-config.js";
import { bump } from "../core/counts.js";
import { rngFor } from "../core/rng.js";
import { shotVariant } from "../plan/demos.js";
import { planInstances } from "../plan/instances.js";
import type { Level } from "../plan/partition.js";
import { type Role, templatesFor } from "../plan/prompts.js";
import type { Instance, OutputRecord, RenderContext, Rendered, SourceAdapter, SplitName, Task } from "../types.js";
import { type DemoRequest, finishRecord, trainingDemoCount } from "./demonstrations.js";
import { capEvalPrompts, dropFailingTemplates } from "./eval-prompts.js";

export interface TaskRecords {
  train: OutputRecord[];
  eval: OutputRecord[];
  /** The split the eval records belong to (heldout_instance for a training task). */
  evalSplit: SplitName;
  /** Instances not written, by reason. */
  instanceDrops: Record<string, number>;
  /** Prompts (instance × template) not written, by reason. */
  promptDrops: Record<string, number>;
}

export function renderTask(task: Task, adapter: SourceAdapter, level: Level, config: SplitConfig, holdOutInstances: boolean): TaskRecords {
  const plan = planInstances(task.id, level, task.instances, config, holdOutInstances, capsFor(config, task.source));
  const evalSplit: SplitName = level === "train" ? "heldout_instance" : level;
  const out: TaskRecords = { train: [], eval: [], evalSplit, instanceDrops: { ...plan.drops }, promptDrops: {} };
  const context = { demoPool: plan.demoPool };
  const demoRequest: DemoRequest = {
    task,
    adapter,
    config,
    context,
    forbidden: new Set(plan.eval.map((i) => i.id)),
    drops: out.promptDrops,
  };
  for (const instance of plan.train) emit(out, instance, demoRequest);
  const evaluated = level === "train" ? withoutTrainingDuplicates(plan.eval, plan.demoPool, out.instanceDrops) : plan.eval;
  const attempts: Attempt[] = evaluated.flatMap((instance) => attempt(task, adapter, instance, "eval", context, config));
  // Super-NI has encodings, not templates: the template rules do not apply to it.
  const rule = task.source === "supernatural" ? undefined : config.prompts[task.source];
  const surviving = rule?.drop_failing_eval_templates ? dropFailingTemplates(attempts, out.promptDrops) : attempts;
  const perInstance = new Map<string, OutputRecord[]>();
  for (const a of surviving) {
    if (!a.rendered.ok) {
      bump(out.promptDrops, a.rendered.reason);
      continue;
    }
    const record = toRecord(evalSplit, task, a.instance, a.templateId, a.rendered);
    perInstance.set(a.instance.id, [...(perInstance.get(a.instance.id) ?? []), record]);
  }
  for (const instance of evaluated) if (!perInstance.has(instance.id)) bump(out.instanceDrops, "no_applicable_template");
  const records = capEvalPrompts([...perInstance.values()].flat(), rule?.eval_max_prompts ?? null, config.seed, task.id, out.promptDrops);
  out.eval = evalVariants(records, evaluated, demoRequest);
  return out;
}

/**
 * Without demonstrations, the evaluation records as rendered. With them, one variant per configured
 * shot count: k demonstrations from the task's own pool, evaluated instances excluded; the variant is
 * in the record (and its id) and in the file name.
 */
function evalVariants(records: readonly OutputRecord[], evaluated: readonly Instance[], req: DemoRequest): OutputRecord[] {
  const { config } = req;
  const byId = new Map(evaluated.map((i) => [i.id, i]));
  if (!config.demos) return records.map((r) => finishRecord(r, byId.get(r.instance) as Instance, 0, "eval_demos", req) as OutputRecord);
  const out: OutputRecord[] = [];
  for (const k of config.demos.eval_shots) {
    for (const record of records) {
      const variant = shotVariant(k);
      const base = { ...record, id: `${record.id}@${variant}`, variant };
      const finished = finishRecord(base, byId.get(record.instance) as Instance, k, `eval_demos_${k}`, req);
      if (finished) out.push(finished);
    }
  }
  return out;
}

/**
 * Datasets repeat examples (IMDB has duplicate reviews): a held-out instance whose content equals a
 * training instance of the same task would be seen in training, so it is not evaluated.
 */
function withoutTrainingDuplicates(
  evaluated: readonly Instance[],
  training: readonly Instance[],
  drops: Record<string, number>,
): Instance[] {
  const content = (i: Instance): string => JSON.stringify([i.input, i.fields ?? null]);
  const seen = new Set(training.map(content));
  const kept = evaluated.filter((i) => !seen.has(content(i)));
  bump(drops, "duplicate_of_training_instance", evaluated.length - kept.length);
  return kept;
}

export interface Attempt {
  instance: Instance;
  templateId: string;
  rendered: Rendered;
}

/** Render an instance with its templates: all of them, or the first (in seeded order) that applies. */
function attempt(
  task: Task,
  adapter: SourceAdapter,
  instance: Instance,
  role: Role,
  context: RenderContext,
  config: SplitConfig,
): Attempt[] {
  const { ids, mode } = templatesFor(task, instance, role, config);
  const tries: Attempt[] = [];
  for (const templateId of ids) {
    const rendered = adapter.render(task, instance, templateId, rngFor(config.seed, "render", task.id, instance.id, templateId), context);
    tries.push({ instance, templateId, rendered });
    if (mode === "first" && rendered.ok) return [tries.at(-1) as Attempt];
  }
  if (mode === "first") return tries.length ? [tries.at(-1) as Attempt] : [];
  return tries;
}

function emit(out: TaskRecords, instance: Instance, req: DemoRequest): void {
  const { task, adapter, context, config } = req;
  const tries = attempt(task, adapter, instance, "train", context, config);
  const last = tries.at(-1);
  if (!last) {
    bump(out.instanceDrops, "no_allowed_template");
    return;
  }
  if (!last.rendered.ok) {
    bump(out.instanceDrops, last.rendered.reason);
    return;
  }
  const record = toRecord("train", task, instance, last.templateId, last.rendered);
  const finished = finishRecord(record, instance, trainingDemoCount(config, task, instance), "demos", req);
  if (finished) out.train.push(finished);
  else bump(out.instanceDrops, "over_budget");
}

export function toRecord(
  split: SplitName,
  task: Task,
  instance: Instance,
  templateId: string,
  r: Extract<Rendered, { ok: true }>,
): OutputRecord {
  const record: OutputRecord = {
    id: `${split}/${task.id}/${instance.id}/${templateId}`,
    split,
    source: task.source,
    task: task.id,
    dataset: task.dataset,
    category: task.category,
    instance: instance.id,
    template: templateId,
    prompt: r.prompt,
    completion: r.completion,
    references: r.references,
  };
  if (r.choices !== undefined) record.choices = r.choices;
  return record;
}
