/** Synthetic audit fixtures: seeded random texts over a vocabulary large enough that 13-grams never repeat by chance. */

import type { EvalExample } from "../../src/audit/eval-index.js";
import { type Rng, rngFor } from "../../src/core/rng.js";

const VOCABULARY = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}`);

function words(rng: Rng, count: number): string[] {
  return Array.from({ length: count }, () => rng.choice(VOCABULARY));
}

/** `count` examples of `task`, each a sentence of `length` random words. */
export function evalTask(task: string, count: number, length = 30): EvalExample[] {
  const rng = rngFor(1, "audit-fixture", task);
  return Array.from({ length: count }, () => ({ task, text: `${words(rng, length).join(" ")}.` }));
}

/** Tokens start..start+length of an example, re-cased and re-punctuated (the audit must still see them). */
export function span(example: EvalExample, start: number, length: number): string {
  const tokens = example.text
    .replace(/\.$/, "")
    .split(" ")
    .slice(start, start + length);
  return tokens.map((t, i) => (i % 3 === 0 ? t.toUpperCase() : i % 3 === 1 ? `${t},` : `(${t})`)).join("  ");
}

/** `count` training texts of random words, seeded by task. */
export function trainTexts(task: string, count: number, length = 40): string[] {
  const rng = rngFor(1, "audit-train", task);
  return Array.from({ length: count }, () => words(rng, length).join(" "));
}
