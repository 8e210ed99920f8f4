/**
 * Render one task's records: the instances its plan keeps, through the templates its split allows.
 * Pure apart from the adapter's render (itself pure). Every instance not written is counted.
 */

import { bump } from "../core/counts.js";
import { rngFor } from "../core/rng.js";
import { shotVariant } from "../plan/demos.js";
import { capEvalPrompts, dropFailingTemplates } from "../plan/eval-prompts.js";
import { planInstances } from "../plan/instances.js";
import type { Level } from "../plan/partition.js";
import { type PromptParts, promptText, type Rendered, type RenderedPrompt, type Role } from "../sources/contract.js";
import type { Instance, OutputRecord, SplitName, Task } from "../types.js";
import type { OpenSource } from "./context.js";
import { type DemoRequest, finishRecord, trainingDemoCount } from "./demonstrations.js";
import { capsFor, type SplitConfig } from "./split-config.js";

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

/** A record as rendered, with the prompt parts demonstrations are assembled from. */
interface Drafted {
  record: OutputRecord;
  parts: PromptParts;
}

export function renderTask(task: Task, source: OpenSource, level: Level, config: SplitConfig, holdOutInstances: boolean): TaskRecords {
  const shots = Math.max(0, ...(config.demos?.eval_shots ?? []));
  const needed = Math.max(shots, source.adapter.exemplarsNeeded?.(task) ?? 0);
  const plan = planInstances(task.id, level, task.instances, config, holdOutInstances, capsFor(config, task.source), needed);
  const evalSplit: SplitName = level === "train" ? "heldout_instance" : level;
  const out: TaskRecords = { train: [], eval: [], evalSplit, instanceDrops: { ...plan.drops }, promptDrops: {} };
  const context = { demoPool: plan.demoPool };
  const req: DemoRequest = {
    task,
    adapter: source.adapter,
    definition: source.definition,
    config,
    context,
    forbidden: new Set(plan.eval.map((i) => i.id)),
    drops: out.promptDrops,
  };
  for (const instance of plan.train) emit(out, instance, req);
  const evaluated = level === "train" ? withoutTrainingDuplicates(plan.eval, plan.demoPool, out.instanceDrops) : plan.eval;
  const attempts: Attempt[] = evaluated.flatMap((instance) => attempt(req, instance, "eval"));
  const rules = source.adapter.evalRules;
  const surviving = rules.dropFailingTemplates ? dropFailingTemplates(attempts, out.promptDrops) : attempts;
  const perInstance = new Map<string, Drafted[]>();
  for (const a of surviving) {
    if (!a.rendered.ok) {
      bump(out.promptDrops, a.rendered.reason);
      continue;
    }
    const drafted = draft(evalSplit, task, a.instance, a.templateId, a.rendered);
    perInstance.set(a.instance.id, [...(perInstance.get(a.instance.id) ?? []), drafted]);
  }
  for (const instance of evaluated) if (!perInstance.has(instance.id)) bump(out.instanceDrops, "no_applicable_template");
  const drafts = [...perInstance.values()].flat();
  const capped = capEvalPrompts(drafts, (d) => d.record.id, rules.maxPrompts, config.seed, task.id, out.promptDrops);
  out.eval = evalVariants(capped, evaluated, req);
  return out;
}

/**
 * Without demonstrations, the evaluation records as rendered. With them, one variant per configured
 * shot count: k demonstrations from the task's own pool, evaluated instances excluded; the variant is
 * in the record (and its id) and in the file name.
 */
function evalVariants(drafts: readonly Drafted[], evaluated: readonly Instance[], req: DemoRequest): OutputRecord[] {
  const { config } = req;
  const byId = new Map(evaluated.map((i) => [i.id, i]));
  const instanceOf = (d: Drafted): Instance => byId.get(d.record.instance) as Instance;
  if (!config.demos) return drafts.map((d) => finishRecord(d.record, d.parts, instanceOf(d), 0, "eval_demos", req) as OutputRecord);
  const out: OutputRecord[] = [];
  const pool = req.context.demoPool?.length ?? 0;
  for (const k of config.demos.eval_shots) {
    // The plan reserved what it could; a task with fewer instances than k + 1 cannot give this variant.
    if (k > pool) {
      bump(req.drops, "too_few_demonstrations", drafts.length);
      continue;
    }
    for (const { record, parts } of drafts) {
      const variant = shotVariant(k);
      const base = { ...record, id: `${record.id}@${variant}`, variant };
      const finished = finishRecord(base, parts, instanceOf({ record, parts }), k, `eval_demos_${k}`, req, true);
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
  if (evaluated.length === 0) return [];
  const content = (i: Instance): string => JSON.stringify([i.input, i.fields ?? null]);
  // Only a training instance with the input of an evaluated one can equal it: the others are not serialised.
  const inputs = new Set(evaluated.map((i) => i.input));
  const seen = new Set(training.filter((i) => inputs.has(i.input)).map(content));
  const kept = evaluated.filter((i) => !seen.has(content(i)));
  bump(drops, "duplicate_of_training_instance", evaluated.length - kept.length);
  return kept;
}

interface Attempt {
  instance: Instance;
  templateId: string;
  rendered: Rendered;
}

/** Render an instance with the templates its source chooses: all of them, or the first that applies. */
function attempt(req: DemoRequest, instance: Instance, role: Role): Attempt[] {
  const { task, adapter, config, context } = req;
  const { ids, mode } = adapter.chooseTemplates(task, instance, role, config.seed);
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
  const { task, config } = req;
  const last = attempt(req, instance, "train").at(-1);
  if (!last) {
    bump(out.instanceDrops, "no_allowed_template");
    return;
  }
  if (!last.rendered.ok) {
    bump(out.instanceDrops, last.rendered.reason);
    return;
  }
  const { record, parts } = draft("train", task, instance, last.templateId, last.rendered);
  const finished = finishRecord(record, parts, instance, trainingDemoCount(config, task, instance), "demos", req);
  if (finished) out.train.push(finished);
  else bump(out.instanceDrops, "over_budget");
}

function draft(split: SplitName, task: Task, instance: Instance, templateId: string, r: RenderedPrompt): Drafted {
  const record: OutputRecord = {
    id: `${split}/${task.id}/${instance.id}/${templateId}`,
    split,
    source: task.source,
    task: task.id,
    dataset: task.dataset,
    category: task.category,
    instance: instance.id,
    template: templateId,
    prompt: promptText(r.parts),
    completion: r.completion,
    references: r.references,
  };
  if (r.choices !== undefined) record.choices = r.choices;
  return { record, parts: r.parts };
}
