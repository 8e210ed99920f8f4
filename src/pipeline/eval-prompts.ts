/** Evaluation prompt rules: drop templates that fail on any evaluated instance; cap prompts per task. */

import { bump } from "../core/counts.js";
import { smallestRanked } from "../core/rng.js";
import type { OutputRecord } from "../types.js";
import type { Attempt } from "./render-task.js";

/**
 * OPT-IML dropped templates that fail on any validation/test example: a partly applicable template
 * would make scores incomparable across templates. Dropped prompts are counted.
 */
export function dropFailingTemplates(attempts: readonly Attempt[], drops: Record<string, number>): Attempt[] {
  const failing = new Set(attempts.filter((a) => !a.rendered.ok).map((a) => a.templateId));
  if (failing.size === 0) return attempts.slice();
  const kept: Attempt[] = [];
  for (const a of attempts) {
    if (!failing.has(a.templateId)) kept.push(a);
    else if (a.rendered.ok) bump(drops, "template_fails_on_eval_instance");
    else bump(drops, a.rendered.reason);
  }
  return kept;
}

/** At most `cap` prompts per task, a seeded choice kept in its original order. */
export function capEvalPrompts(
  records: OutputRecord[],
  cap: number | null,
  seed: number,
  taskId: string,
  drops: Record<string, number>,
): OutputRecord[] {
  if (cap === null || records.length <= cap) return records;
  const keep = smallestRanked(
    records.map((r) => r.id),
    cap,
    seed,
    "eval_prompt_cap",
    taskId,
  );
  bump(drops, "over_eval_prompt_cap", records.length - keep.size);
  return records.filter((_, index) => keep.has(index));
}
