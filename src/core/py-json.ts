/**
 * JSON written by Python's `json` module. `json.dumps` allows bare `NaN`, `Infinity` and `-Infinity`,
 * which JSON.parse rejects: they are mapped to null (outside strings) and counted, so nothing is
 * silently coerced. A truly corrupt document fails with its file, line and column.
 */
import { UserError } from "../errors.js";

export interface PyJsonResult<T = unknown> {
  value: T;
  /** How many bare NaN / Infinity / -Infinity tokens were replaced by null. */
  nonFinite: number;
}

const NON_FINITE = /NaN|-?Infinity/y;

/** Replace non-finite number tokens outside strings with null; returns the text and the count. */
export function replaceNonFinite(text: string): { text: string; count: number } {
  if (!/NaN|Infinity/.test(text)) return { text, count: 0 };
  let out = "";
  let count = 0;
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c === 0x4e || c === 0x49 || c === 0x2d) {
      NON_FINITE.lastIndex = i;
      const m = NON_FINITE.exec(text);
      if (m) {
        out += text.slice(last, i) + "null";
        i += m[0].length - 1;
        last = i + 1;
        count++;
      }
    }
  }
  return { text: out + text.slice(last), count };
}

/** Parse Python-written JSON; errors name the file and the line and column. */
export function parsePyJson<T = unknown>(text: string, file: string): PyJsonResult<T> {
  const { text: clean, count } = replaceNonFinite(text);
  try {
    return { value: JSON.parse(clean) as T, nonFinite: count };
  } catch (error) {
    throw new UserError("E_INPUT", `${file}: invalid JSON ${describePosition(clean, error)}. Check that the file is complete and was written by a JSON encoder.`, { cause: error });
  }
}

/** "at line L, column C (...)" from a JSON.parse error, when V8 reports a position. */
export function describePosition(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const pos = /position (\d+)/.exec(message);
  // V8 gives no position when the text ends early: the problem is at the end.
  const offset = pos ? Number(pos[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return `(${message})`;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `at line ${line}, column ${column} (${message})`;
}
