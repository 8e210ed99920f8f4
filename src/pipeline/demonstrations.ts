/**
 * Demonstrations and delimiters on rendered records (OPT-IML §2.4, §4.8). Demonstrations are other
 * instances of the same task, drawn from its training side (never the instance itself, never an
 * evaluated instance), rendered with the same template, and placed as OPT-IML did: after the task-level
 * instruction for Super-NI, before the example for instance-level templates.
 */

import type { SplitConfig } from "../config/split-config.js";
import { bump } from "../core/counts.js";
import { pyRstrip } from "../core/py-str.js";
import { rngFor } from "../core/rng.js";
import { drawDelimiter, needsDelimiter } from "../plan/delimiters.js";
import { chooseDemos, type DemoParts, drawDemoCount, type PromptPair, placementFor, pruneToBudget } from "../plan/demos.js";
import type { Instance, OutputRecord, RenderContext, SourceAdapter, Task } from "../types.js";

/** Where Tk-Instruct's per-example part starts: everything before it is the task-level instruction. */
const TK_EXAMPLE = "Now complete the following example -\n";

export interface DemoRequest {
  task: Task;
  adapter: SourceAdapter;
  config: SplitConfig;
  context: RenderContext;
  /** Instances that are evaluated: never demonstrations. */
  forbidden: ReadonlySet<string>;
  /** Counters for pruned demonstrations and dropped prompts. */
  drops: Record<string, number>;
}

/**
 * The record as written: with `k` demonstrations when the config has them (k drawn for training, given
 * for k-shot evaluation) and OPT-IML's answer delimiter when enabled (one delimiter per record, used
 * for its demonstrations too, so they show the same format). Undefined when the prompt is over budget
 * even without demonstrations.
 */
export function finishRecord(
  record: OutputRecord,
  instance: Instance,
  k: number,
  stage: string,
  req: DemoRequest,
): OutputRecord | undefined {
  const { task, adapter, config, context } = req;
  const delimit = delimiterFor(record, config);
  const spec = config.demos;
  if (!spec) return { ...record, prompt: delimit(record.prompt) };
  const rng = rngFor(config.seed, stage, task.id, instance.id, record.template);
  const chosen = k > 0 ? chooseDemos(instance, context.demoPool ?? [], k, req.forbidden, rng) : [];
  const demos: { id: string; pair: PromptPair }[] = [];
  for (const demo of chosen) {
    const r = adapter.render(task, demo, record.template, rngFor(config.seed, "render", task.id, demo.id, record.template), context);
    if (r.ok) demos.push({ id: demo.id, pair: { prompt: delimit(exampleOnly(task, r.prompt)), completion: r.completion } });
    else bump(req.drops, "demonstration_not_applicable");
  }
  const parts = promptParts(
    task,
    delimit(record.prompt),
    demos.map((d) => d.pair),
  );
  const placement = placementFor(task.source);
  const pruned = pruneToBudget(parts, placement, spec.separator, spec.budget ?? {});
  bump(req.drops, "demonstration_pruned_for_budget", pruned.pruned);
  if (!pruned.fits) {
    bump(req.drops, "over_budget");
    return undefined;
  }
  return { ...record, prompt: pruned.prompt, demonstrations: demos.slice(0, pruned.kept).map((d) => d.id) };
}

/** Split a prompt into the task-level instruction (Super-NI) and the example itself. */
function promptParts(task: Task, prompt: string, demos: PromptPair[]): DemoParts {
  if (placementFor(task.source) !== "task_level") return { demos, query: prompt };
  const at = prompt.indexOf(TK_EXAMPLE);
  if (at <= 0) return { demos, query: prompt };
  return { instruction: pyRstrip(prompt.slice(0, at)), demos, query: prompt.slice(at) };
}

/** A Super-NI demonstration shows only its example ("Input: ….\nOutput:"), not the instruction again. */
function exampleOnly(task: Task, prompt: string): string {
  if (placementFor(task.source) !== "task_level") return prompt;
  const at = prompt.indexOf(TK_EXAMPLE);
  return at < 0 ? prompt : prompt.slice(at + TK_EXAMPLE.length);
}

/** How many demonstrations a training record gets (fixed k or Zipf), from its own stream. */
export function trainingDemoCount(config: SplitConfig, task: Task, instance: Instance): number {
  return config.demos ? drawDemoCount(config.demos, rngFor(config.seed, "demo_count", task.id, instance.id)) : 0;
}

/**
 * OPT-IML's answer delimiter (§2.4): drawn once per record; appended, after trailing whitespace is
 * removed, to a prompt that does not end with ':'. Identity when delimiters are off.
 */
function delimiterFor(record: OutputRecord, config: SplitConfig): (prompt: string) => string {
  if (!config.delimiters.enabled) return (prompt) => prompt;
  const delimiter = drawDelimiter(config.delimiters.list, rngFor(config.seed, "delimiter", record.id));
  return (prompt) => (needsDelimiter(prompt) ? pyRstrip(prompt) + delimiter : prompt);
}
