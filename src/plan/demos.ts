/**
 * MetaICL-style demonstrations (OPT-IML §2.4, §4.8): how many, which ones, how they are joined to the
 * example, and how a length budget prunes them. Pure; randomness comes from the caller's stream, e.g.
 * `rngFor(seed, "demos", taskId, instanceId)`.
 */

import { pyLen, pyRstrip, pyStrip, pyWordCount } from "../core/py-str.js";
import type { Rng } from "../core/rng.js";

/** OPT-IML's separator between instruction, demonstrations and example. */
export const DEFAULT_DEMO_SEPARATOR = "\n\n\n";

/** The `demos:` block of a split config (YAML keys). */
export interface DemoSpec {
  /** A fixed number of demonstrations per training example. */
  k?: number;
  /** Draw k from a Zipf distribution truncated to {0..max}: P(k) ∝ (k+1)^-a (OPT-IML: a=4 or 2, max 5). */
  zipf?: { a: number; max: number };
  /** @default "\n\n\n" */
  separator: string;
  /** Prune demonstrations (last first) until the prompt fits: code points, or whitespace tokens. */
  budget?: { chars?: number; tokens?: number };
  /** Evaluation variants to write: 0 is zero-shot, k > 0 a k-shot file per evaluation task. @default [0] */
  eval_shots?: number[];
}

/** Where demonstrations go: after a task-level instruction (Super-NI), or alone before the example. */
export type Placement = "task_level" | "instance_level";

/** The name of an evaluation variant, used in file names and records: "0shot", "5shot". */
export function shotVariant(k: number): string {
  return `${k}shot`;
}

/** P(k) for k = 0..max of the truncated Zipf distribution. */
export function zipfProbabilities(a: number, max: number): number[] {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`zipf.a must be a positive number, got ${a}`);
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`zipf.max must be an integer >= 0, got ${max}`);
  const weights = Array.from({ length: max + 1 }, (_, k) => (k + 1) ** -a);
  const sum = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / sum);
}

/** The number of demonstrations for one example: the fixed k, or one truncated-Zipf draw (one rng draw). */
export function drawDemoCount(spec: DemoSpec, rng: Rng): number {
  if (spec.k !== undefined && spec.zipf !== undefined) throw new RangeError("demos: give either k or zipf, not both");
  if (spec.zipf === undefined) {
    const k = spec.k ?? 0;
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`demos.k must be an integer >= 0, got ${k}`);
    return k;
  }
  const probabilities = zipfProbabilities(spec.zipf.a, spec.zipf.max);
  const u = rng.next();
  let cumulative = 0;
  for (let k = 0; k < probabilities.length; k++) {
    cumulative += probabilities[k] as number;
    if (u < cumulative) return k;
  }
  return spec.zipf.max; // u within rounding of 1
}

/**
 * Up to k demonstrations from the pool (the training side of the same task), in drawn order: never the
 * instance itself, never a forbidden (evaluation) id, no id twice. Fewer than k when the pool is short.
 * Draws indices with rejection, so a call costs about k draws, not a pass over the pool; when rejections
 * pile up (a pool mostly forbidden) it falls back to sampling from the filtered pool.
 */
export function chooseDemos<T extends { id: string }>(
  instance: T,
  pool: readonly T[],
  k: number,
  forbidden: ReadonlySet<string>,
  rng: Rng,
): T[] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`chooseDemos: k must be an integer >= 0, got ${k}`);
  const allowed = (d: T): boolean => d.id !== instance.id && !forbidden.has(d.id);
  const chosen: T[] = [];
  const seen = new Set<string>();
  let attempts = 4 * k + 16;
  while (chosen.length < k && attempts-- > 0 && pool.length > 0) {
    const d = pool[rng.int(pool.length)] as T;
    if (!allowed(d) || seen.has(d.id)) continue;
    seen.add(d.id);
    chosen.push(d);
  }
  if (chosen.length === k) return chosen;
  const rest = uniqueById(pool.filter((d) => allowed(d) && !seen.has(d.id)));
  return [...chosen, ...rng.sample(rest, k - chosen.length)];
}

function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const d of items) if (!byId.has(d.id)) byId.set(d.id, d);
  return [...byId.values()];
}

/** One rendered demonstration or example pair. */
export interface PromptPair {
  prompt: string;
  completion: string;
}

export interface DemoParts {
  /** The task-level instruction (task_level placement only). */
  instruction?: string;
  demos: readonly PromptPair[];
  /** The example being asked, without its answer. */
  query: string;
}

/**
 * A demonstration as the model sees a training pair in metaseq: the prompt with trailing spaces
 * removed, one space, the completion stripped of whitespace (`src.rstrip(" ") + " " + tgt.strip()`).
 */
export function demoText(demo: PromptPair): string {
  return `${pyRstrip(demo.prompt, " ")} ${pyStrip(demo.completion)}`;
}

/**
 * The prompt with demonstrations. task_level: instruction, demos, example; instance_level: demos,
 * example; every part joined by the separator. An empty or missing instruction is left out.
 */
export function assembleWithDemos(parts: DemoParts, placement: Placement, separator: string): string {
  if (placement === "instance_level" && parts.instruction) {
    throw new RangeError(
      "assembleWithDemos: instance_level placement takes no separate instruction (it is part of each rendered prompt); use task_level",
    );
  }
  const head = placement === "task_level" && parts.instruction ? [parts.instruction] : [];
  return [...head, ...parts.demos.map(demoText), parts.query].join(separator);
}

/**
 * Where each demonstration sits in the prompt `assembleWithDemos` gives: per demonstration, the code-point
 * offsets `[prompt_start, prompt_end, completion_start, completion_end]` of its prompt (right-stripped of
 * spaces) and of its completion (stripped), so a reader can cut the prompt into turns without guessing
 * where a demonstration's answer begins. Python slices `prompt[a:b]` with these offsets as they are.
 */
export function demoSpans(parts: DemoParts, placement: Placement, separator: string): [number, number, number, number][] {
  let at = placement === "task_level" && parts.instruction ? pyLen(parts.instruction) + pyLen(separator) : 0;
  return parts.demos.map((demo) => {
    const prompt = pyLen(pyRstrip(demo.prompt, " "));
    const completion = pyLen(pyStrip(demo.completion));
    const span: [number, number, number, number] = [at, at + prompt, at + prompt + 1, at + prompt + 1 + completion];
    at = span[3] + pyLen(separator);
    return span;
  });
}

export interface Budget {
  /** At most this many code points. */
  chars?: number;
  /** At most this many tokens (whitespace tokens unless a counter is given). */
  tokens?: number;
}

export interface Pruned {
  prompt: string;
  /** Demonstrations kept: the first `kept` of those given. */
  kept: number;
  /** Demonstrations dropped from the end to fit. */
  pruned: number;
  /** False when even the prompt without demonstrations is over budget (the caller counts it as over_budget). */
  fits: boolean;
}

/** Drop demonstrations, last first, until the assembled prompt fits every given limit. */
export function pruneToBudget(
  parts: DemoParts,
  placement: Placement,
  separator: string,
  budget: Budget,
  countTokens: (s: string) => number = pyWordCount,
): Pruned {
  const fitsBudget = (prompt: string): boolean =>
    (budget.chars === undefined || pyLen(prompt) <= budget.chars) && (budget.tokens === undefined || countTokens(prompt) <= budget.tokens);
  const assemble = (kept: number): string => assembleWithDemos({ ...parts, demos: parts.demos.slice(0, kept) }, placement, separator);
  let kept = parts.demos.length;
  let prompt = assemble(kept);
  while (kept > 0 && !fitsBudget(prompt)) prompt = assemble(--kept);
  return { prompt, kept, pruned: parts.demos.length - kept, fits: fitsBudget(prompt) };
}
