/** Evaluation prompt rules: drop templates that fail on any evaluated instance; cap prompts per task. */
import { bump } from "../core/counts.js";
import { smallestRanked } from "../core/rng.js";

/** One instance rendered with one template: it applied, or it was skipped for a reason. */
export interface TemplateAttempt {
  templateId: string;
  rendered: { ok: true } | { ok: false; reason: string };
}

/**
 * OPT-IML dropped templates that fail on any validation/test example: a partly applicable template
 * would make scores incomparable across templates. Dropped prompts are counted.
 */
export function dropFailingTemplates<A extends TemplateAttempt>(attempts: readonly A[], drops: Record<string, number>): A[] {
  const failing = new Set(attempts.filter((a) => !a.rendered.ok).map((a) => a.templateId));
  if (failing.size === 0) return attempts.slice();
  const kept: A[] = [];
  for (const a of attempts) {
    if (!failing.has(a.templateId)) kept.push(a);
    else if (a.rendered.ok) bump(drops, "template_fails_on_eval_instance");
    else bump(drops, a.rendered.reason);
  }
  return kept;
}

/** At most `cap` prompts per task, a seeded choice (by prompt id) kept in its original order. */
export function capEvalPrompts<T>(
  prompts: readonly T[],
  idOf: (prompt: T) => string,
  cap: number | null,
  seed: number,
  taskId: string,
  drops: Record<string, number>,
): T[] {
  if (cap === null || prompts.length <= cap) return prompts.slice();
  const keep = smallestRanked(prompts.map(idOf), cap, seed, "eval_prompt_cap", taskId);
  bump(drops, "over_eval_prompt_cap", prompts.length - keep.size);
  return prompts.filter((_, index) => keep.has(index));
}
