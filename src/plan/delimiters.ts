/**
 * Answer delimiters (OPT-IML §2.4, fn 6): when a prompt does not end with ":", one delimiter is drawn
 * per example and appended, so the model sees where the answer starts. Pure; the caller passes the
 * record's own stream, e.g. `rngFor(seed, "delimiter", taskId, instanceId, templateId)`.
 */

import { lastChar, pyRstrip } from "../core/py-str.js";
import type { Rng } from "../core/rng.js";

/**
 * OPT-IML's list, in the paper's order. The paper's footnote 6 prints the last one as `"\output:"`; a
 * backslash followed by 'o' is no escape, and every other entry comes as a newline/space pair, so we read
 * it as `"\noutput:"`, the lower-case twin of `"\nOutput:"`.
 */
export const OPT_IML_DELIMITERS: readonly string[] = Object.freeze([
  "\nAnswer:",
  " Answer:",
  "\nA:",
  " A:",
  "\nOutput:",
  " Output:",
  "\nanswer:",
  "\noutput:",
]);

/**
 * True when the prompt needs a delimiter: after removing trailing whitespace (Python `rstrip()`),
 * its last character is not ":". So "Output: " and "Answer:\n" need none; "" needs one.
 */
export function needsDelimiter(instruction: string): boolean {
  return lastChar(pyRstrip(instruction)) !== ":";
}

/** One delimiter from the list, drawn from the caller's stream. */
export function drawDelimiter(list: readonly string[], rng: Rng): string {
  if (list.length === 0)
    throw new RangeError("drawDelimiter: the delimiter list is empty; give at least one delimiter or turn delimiters off");
  return rng.choice(list);
}

/**
 * The prompt with the delimiter when it needs one. The prompt's trailing whitespace is removed first,
 * because every delimiter brings its own leading newline or space. A prompt that already ends with ":"
 * is left untouched.
 */
export function appendDelimiter(prompt: string, delimiter: string): string {
  return needsDelimiter(prompt) ? pyRstrip(prompt) + delimiter : prompt;
}
