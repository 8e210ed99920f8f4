/**
 * Demonstrations and delimiters on rendered records (OPT-IML §2.4, §4.8). Demonstrations are other
 * instances of the same task, drawn from its training side (never the instance itself, never an
 * evaluated instance), rendered with the same template, and placed as OPT-IML did: after the task-level
 * instruction for Super-NI, before the example for instance-level templates.
 */

import { bump } from "../core/counts.js";
import { pyRstrip } from "../core/py-str.js";
import { rngFor } from "../core/rng.js";
import { appendDelimiter, drawDelimiter } from "../plan/delimiters.js";
import { chooseDemos, drawDemoCount, type PromptPair, pruneToBudget } from "../plan/demos.js";
import { type PromptParts, promptText, type RenderContext, type SourceAdapter, type SourceDefinition } from "../sources/contract.js";
import type { Instance, OutputRecord, Task } from "../types.js";
import type { SplitConfig } from "./split-config.js";

export interface DemoRequest {
  task: Task;
  adapter: SourceAdapter;
  definition: SourceDefinition;
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
  parts: PromptParts,
  instance: Instance,
  k: number,
  stage: string,
  req: DemoRequest,
): OutputRecord | undefined {
  const { task, adapter, config, context } = req;
  const delimit = delimiterFor(record, config);
  const spec = config.demos;
  if (!spec) return { ...record, prompt: delimit(promptText(parts)) };
  const rng = rngFor(config.seed, stage, task.id, instance.id, record.template);
  const chosen = k > 0 ? chooseDemos(instance, context.demoPool ?? [], k, req.forbidden, rng) : [];
  const demos: { id: string; pair: PromptPair }[] = [];
  for (const demo of chosen) {
    const r = adapter.render(task, demo, record.template, rngFor(config.seed, "render", task.id, demo.id, record.template), context);
    // A demonstration shows only its example, not the task-level instruction or the lead again.
    if (r.ok) demos.push({ id: demo.id, pair: { prompt: delimit(r.parts.input), completion: r.completion } });
    else bump(req.drops, "demonstration_not_applicable");
  }
  const instruction = pyRstrip(parts.instruction);
  const query = delimit(parts.lead + parts.input);
  const assembled = { ...(instruction ? { instruction } : {}), demos: demos.map((d) => d.pair), query };
  const pruned = pruneToBudget(assembled, req.definition.placement, spec.separator, spec.budget ?? {});
  bump(req.drops, "demonstration_pruned_for_budget", pruned.pruned);
  if (!pruned.fits) {
    bump(req.drops, "over_budget");
    return undefined;
  }
  return { ...record, prompt: pruned.prompt, demonstrations: demos.slice(0, pruned.kept).map((d) => d.id) };
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
  return (prompt) => appendDelimiter(prompt, delimiter);
}
