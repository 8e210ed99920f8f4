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
import { chooseDemos, demoSpans, drawDemoCount, type PromptPair, pruneToBudget } from "../plan/demos.js";
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
 * for its demonstrations too, so they show the same format). A demonstration its template does not
 * apply to is counted and replaced by another draw. With `exact` (a k-shot evaluation record), a record
 * that cannot carry k demonstrations, or only by cutting them to the budget, is not written: it is
 * counted. Undefined when the record is not written.
 */
export function finishRecord(
  record: OutputRecord,
  parts: PromptParts,
  instance: Instance,
  k: number,
  stage: string,
  req: DemoRequest,
  exact = false,
): OutputRecord | undefined {
  const { config } = req;
  const delimit = delimiterFor(record, config);
  const spec = config.demos;
  if (!spec) return { ...record, prompt: delimit(promptText(parts)) };
  const demos = k > 0 ? renderDemos(record, instance, k, stage, delimit, req) : [];
  if (exact && demos.length < k) {
    bump(req.drops, "too_few_demonstrations");
    return undefined;
  }
  const instruction = pyRstrip(parts.instruction);
  const query = delimit(parts.lead + parts.input);
  const assembled = { ...(instruction ? { instruction } : {}), demos: demos.map((d) => d.pair), query };
  const pruned = pruneToBudget(assembled, req.definition.placement, spec.separator, spec.budget ?? {});
  if (exact && pruned.kept < k) {
    bump(req.drops, "k_shot_over_budget");
    return undefined;
  }
  bump(req.drops, "demonstration_pruned_for_budget", pruned.pruned);
  if (!pruned.fits) {
    bump(req.drops, "over_budget");
    return undefined;
  }
  const kept = demos.slice(0, pruned.kept);
  const spans = demoSpans({ ...assembled, demos: kept.map((d) => d.pair) }, req.definition.placement, spec.separator);
  return { ...record, prompt: pruned.prompt, demonstrations: kept.map((d) => d.id), demonstration_spans: spans };
}

/** Up to k demonstrations that render, drawn from the pool; one that does not apply is counted and replaced. */
function renderDemos(
  record: OutputRecord,
  instance: Instance,
  k: number,
  stage: string,
  delimit: (prompt: string) => string,
  req: DemoRequest,
): { id: string; pair: PromptPair }[] {
  const { task, adapter, config, context } = req;
  const rng = rngFor(config.seed, stage, task.id, instance.id, record.template);
  const pool = context.demoPool ?? [];
  let excluded = req.forbidden;
  const demos: { id: string; pair: PromptPair }[] = [];
  while (demos.length < k) {
    const chosen = chooseDemos(instance, pool, k - demos.length, excluded, rng);
    if (chosen.length === 0) break;
    for (const demo of chosen) {
      const r = adapter.render(task, demo, record.template, rngFor(config.seed, "render", task.id, demo.id, record.template), context);
      // A demonstration shows only its example, not the task-level instruction or the lead again.
      if (r.ok) demos.push({ id: demo.id, pair: { prompt: delimit(r.parts.input), completion: r.completion } });
      else bump(req.drops, "demonstration_not_applicable");
    }
    excluded = new Set([...excluded, ...chosen.map((d) => d.id)]);
  }
  return demos;
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
