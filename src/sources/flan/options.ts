/**
 * `{options_}` as FLAN builds it (flan/v2/preprocessors.py `format_options`,
 * `format_options_non_deterministic`). The candidate lists of the non-deterministic form come from
 * the templates module (OPT_START_STRING_CANDIDATES, OPT_ITEM_NAME_CANDIDATES,
 * OPT_ITEM_END_STR_CANDIDATES); without them a single plain list is used.
 */

import { pyStrip } from "../../core/py-str.js";
import type { Rng } from "../../core/rng.js";

export type OptionsStyle = "deterministic" | "letter" | "random";
export const OPTIONS_STYLES: readonly OptionsStyle[] = ["deterministic", "letter", "random"];

export interface OptionCandidates {
  start: readonly string[];
  itemNames: readonly (readonly string[])[];
  endStrings: readonly (readonly string[])[];
}

/** Used when the module has no candidate lists: reproduces the deterministic list form. */
export const PLAIN_OPTION_CANDIDATES: OptionCandidates = {
  start: ["OPTIONS:"],
  itemNames: [Array.from({ length: 26 }, () => "\n- ")],
  endStrings: [Array.from({ length: 26 }, () => "")],
};

/** `"OPTIONS:\n- a\n- b"` (deterministic) or `"OPTIONS:\n(A) a\n(B) b"` (letter). */
export function formatOptions(options: readonly string[], style: "deterministic" | "letter"): string {
  if (style === "deterministic") return `OPTIONS:\n- ${options.join("\n- ")}`;
  return `OPTIONS:${options.map((o, i) => `\n(${String.fromCharCode(65 + i)}) ${o}`).join("")}`;
}

export interface RandomOptions {
  text: string;
  /** The answer, replaced by the stripped item marker when FLAN does so. */
  answer: unknown;
  /** The stripped markers when the answer was replaced by one, else the options. */
  choices: string[];
}

/**
 * start + Σ(marker_i + option_i + end_i), each list drawn uniformly. If the stripped answer equals a
 * stripped option and the stripped markers are distinct, the answer becomes that option's stripped
 * marker (e.g. "(b)."), as FLAN does.
 */
export function formatOptionsRandom(options: readonly string[], answer: unknown, candidates: OptionCandidates, rng: Rng): RandomOptions {
  const start = rng.choice(candidates.start);
  const names = rng.choice(candidates.itemNames);
  const ends = rng.choice(candidates.endStrings);
  if (options.length > names.length || options.length > ends.length) {
    throw new RangeError(`${options.length} options but the marker lists hold ${Math.min(names.length, ends.length)}`);
  }
  const markers = names.slice(0, options.length);
  const text = start + options.map((o, i) => `${markers[i]}${o}${ends[i]}`).join("");
  const stripped = markers.map(tfStrip);
  const match = typeof answer === "string" ? options.findIndex((o) => tfStrip(o) === tfStrip(answer)) : -1;
  const distinct = new Set(stripped).size === stripped.length;
  if (match >= 0 && distinct) return { text, answer: stripped[match], choices: stripped };
  return { text, answer, choices: [...options] };
}

/** `tf.strings.strip`: ASCII whitespace only (absl StripAsciiWhitespace). */
function tfStrip(s: string): string {
  return pyStrip(s, " \t\n\v\f\r");
}
