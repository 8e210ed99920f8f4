/**
 * Few-shot assembly as FLAN does it (flan/v2/few_shot.py, seqio experimental few-shot): each
 * exemplar is inputs_prefix + inputs + x_y_delimiter + targets_prefix + targets + example_separator;
 * the query is inputs_prefix + inputs + x_y_delimiter + rstrip(targets_prefix); trailing spaces are
 * removed; then `input_pattern` (`"{{inputs}}{final_suffix}"`) is applied. Shot counts, the length
 * budget and exemplar sampling live here too. Pure functions.
 */

import { pyLen, pyRstrip } from "../../core/py-str.js";
import type { Rng } from "../../core/rng.js";
import { fillTemplate } from "./fill.js";
import type { FewShotPattern } from "./templates.js";

export interface Exemplar {
  /** The pattern that formats this exemplar (the query's, or its own in template-mix). */
  pattern: FewShotPattern;
  /** The filled `inputs` and `targets` of the exemplar row. */
  inputs: string;
  targets: string;
}

/** The few-shot input string. `separator` replaces each exemplar's own (template-mix draws one). */
export function assembleFewShot(
  query: FewShotPattern,
  queryInputs: string,
  exemplars: readonly Exemplar[],
  fields: Readonly<Record<string, unknown>> = {},
  separator?: string,
): string {
  let text = "";
  for (const e of exemplars) {
    const p = e.pattern;
    text += p.inputs_prefix + e.inputs + p.x_y_delimiter + p.targets_prefix + e.targets + (separator ?? p.example_separator);
  }
  text += query.inputs_prefix + queryInputs + query.x_y_delimiter + pyRstrip(query.targets_prefix);
  text = text.replace(/ +$/, "");
  return fillTemplate(formattedInputPattern(query), { ...fields, inputs: text });
}

const FORMATTED_INPUT_PATTERNS = new WeakMap<FewShotPattern, string>();

/**
 * `input_pattern.format(final_suffix=...)` (so `{{inputs}}` becomes `{inputs}`), once per pattern;
 * its placeholders are then filled FLAN's way with `inputs` = the assembled text.
 */
function formattedInputPattern(p: FewShotPattern): string {
  let formatted = FORMATTED_INPUT_PATTERNS.get(p);
  if (formatted === undefined) {
    formatted = p.input_pattern.replace(/\{\{|\}\}|\{final_suffix\}/g, (m) => (m === "{{" ? "{" : m === "}}" ? "}" : p.final_suffix));
    FORMATTED_INPUT_PATTERNS.set(p, formatted);
  }
  return formatted;
}

export type ShotRule = "x_shot" | "fixed";

/**
 * Exemplars for the template at `index` of `count` patterns.
 * - `fixed`: FLAN's fixed-template tasks, 5 / 2 / 1 shots for templates 0 / 1 / 2 (others: x_shot).
 * - `x_shot` (`template_0to10_x_shot`): 25 candidates dealt round-robin over the patterns, keeping
 *   those of the query's template, i.e. ⌊25/n⌋ or ⌈25/n⌉ depending on where the deal starts.
 */
export function shotCount(rule: ShotRule, index: number, count: number, rng: Rng): number {
  const fixed = [5, 2, 1][index];
  if (rule === "fixed" && fixed !== undefined) return fixed;
  const n = Math.max(1, count);
  const offset = rng.int(n);
  let kept = 0;
  for (let j = 0; j < 25; j++) if ((offset + j) % n === index % n) kept++;
  return kept;
}

/** The most exemplars any template of `count` patterns can ask for under `rule`. */
export function maxShots(rule: ShotRule, count: number): number {
  const xShot = Math.ceil(25 / Math.max(1, count));
  return rule === "fixed" ? Math.max(xShot, ...[5, 2, 1].slice(0, count)) : xShot;
}

export interface Budget {
  /** `chars` counts code points (as Python); `tokens` counts whitespace-separated tokens (no T5 vocabulary offline). */
  unit: "chars" | "tokens";
  /** FLAN: 1,920 T5 tokens (2,048 input length minus room). */
  max: number;
}

/** `chars`: code points; `tokens`: the pieces of `text.trim().split(/\s+/u)` (none for blank text), counted without splitting. */
export function measure(text: string, unit: Budget["unit"]): number {
  if (unit === "chars") return pyLen(text);
  let tokens = 0;
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const space = isJsWhitespace(text.charCodeAt(i));
    if (!space && !inToken) tokens++;
    inToken = !space;
  }
  return tokens;
}

/** JavaScript's `\s` (and what `trim()` removes): WhiteSpace and LineTerminator, all in the BMP. */
function isJsWhitespace(c: number): boolean {
  if (c > 0x20 && c < 0xa0) return false;
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The longest exemplar prefix whose cumulative input+target size fits max − query input size. */
export function pruneToBudget<T extends { inputs: string; targets: string }>(
  exemplars: readonly T[],
  queryInputs: string,
  budget: Budget,
): T[] {
  const room = budget.max - measure(queryInputs, budget.unit);
  let used = 0;
  const kept: T[] = [];
  for (const e of exemplars) {
    used += measure(e.inputs, budget.unit) + measure(e.targets, budget.unit);
    if (used > room) break;
    kept.push(e);
  }
  return kept;
}

/**
 * k distinct items not `excluded`, in random order, without shuffling the whole pool (pools can
 * hold 30k rows): rejection sampling of indices, or a filtered sample when most items are needed.
 */
export function pickDistinct<T>(pool: readonly T[], k: number, rng: Rng, excluded: (item: T) => boolean = () => false): T[] {
  if (k * 4 >= pool.length)
    return rng.sample(
      pool.filter((item) => !excluded(item)),
      k,
    );
  const seen = new Set<number>();
  const out: T[] = [];
  while (out.length < k && seen.size < pool.length) {
    const i = rng.int(pool.length);
    if (seen.has(i)) continue;
    seen.add(i);
    const item = pool[i] as T;
    if (!excluded(item)) out.push(item);
  }
  return out;
}
