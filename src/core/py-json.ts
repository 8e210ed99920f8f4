/**
 * JSON written by Python's `json` module. `json.dumps` allows bare `NaN`, `Infinity` and `-Infinity`,
 * which JSON.parse rejects: they are mapped to null (outside strings) and counted, so nothing is
 * silently coerced. A truly corrupt document fails with its file, line and column; one nested deeper
 * than Python's json reads fails with the JSON pointer where it gets too deep.
 */
import { UserError } from "../errors.js";
import { PyFloat } from "./py-number.js";

export interface PyJsonResult<T = unknown> {
  value: T;
  /** How many bare NaN / Infinity / -Infinity tokens were replaced by null. */
  nonFinite: number;
}

const NON_FINITE = /NaN|-?Infinity/y;

/**
 * Rewrite tokens outside JSON strings: at each position, `token` returns the token's text and its
 * replacement (or undefined to leave it). Returns the new text and how many tokens were replaced.
 */
function rewriteOutsideStrings(
  text: string,
  token: (at: number) => { text: string; replacement: string | undefined } | undefined,
): { text: string; count: number } {
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
    const found = token(i);
    if (!found) continue;
    if (found.replacement !== undefined) {
      out += text.slice(last, i) + found.replacement;
      last = i + found.text.length;
      count++;
    }
    i += found.text.length - 1;
  }
  return { text: count === 0 ? text : out + text.slice(last), count };
}

/** Replace non-finite number tokens outside strings with null; returns the text and the count. */
function replaceNonFinite(text: string): { text: string; count: number } {
  if (!/NaN|Infinity/.test(text)) return { text, count: 0 };
  return rewriteOutsideStrings(text, (at) => {
    NON_FINITE.lastIndex = at;
    const m = NON_FINITE.exec(text)?.[0];
    return m === undefined ? undefined : { text: m, replacement: "null" };
  });
}

/**
 * Python's json stops at its recursion limit (1000 by default), so no Python-written document is deeper;
 * deeper ones are refused before anything walks them recursively (JSON.stringify, renderers).
 */
const MAX_JSON_DEPTH = 1000;

/**
 * Parse Python-written JSON; errors name the file and the line and column. The text is parsed as it is
 * first: only when that fails are bare non-finite numbers looked for (outside strings) and replaced, and
 * the repaired text parsed again, so a well-formed document costs one JSON.parse and nothing more.
 */
export function parsePyJson<T = unknown>(text: string, file: string, options: { markFloats?: boolean } = {}): PyJsonResult<T> {
  let value: unknown;
  let count = 0;
  try {
    value = parseText(text, options.markFloats ?? false);
  } catch (error) {
    const repaired = replaceNonFinite(text);
    if (repaired.count === 0) throw invalidJson(file, text, error);
    try {
      value = parseText(repaired.text, options.markFloats ?? false);
    } catch (again) {
      throw invalidJson(file, repaired.text, again);
    }
    count = repaired.count;
  }
  const deep = tooDeep(value, MAX_JSON_DEPTH);
  if (deep !== undefined) {
    throw new UserError(
      "E_INPUT",
      `${file}: JSON nested more than ${MAX_JSON_DEPTH} levels deep at ${deep || "/"} (Python's json cannot read it either). Flatten that value.`,
    );
  }
  return { value: value as T, nonFinite: count };
}

function parseText(text: string, markFloats: boolean): unknown {
  const marked = markFloats ? markIntegralFloats(text) : text;
  return marked === text ? JSON.parse(text) : JSON.parse(marked, reviveFloats);
}

function invalidJson(file: string, text: string, error: unknown): UserError {
  return new UserError(
    "E_INPUT",
    `${file}: invalid JSON ${describePosition(text, error)}. Check that the file is complete and was written by a JSON encoder.`,
    { cause: error },
  );
}

/** The JSON pointer of the first array or object nested more than `max` levels deep (the document is level 1), or undefined. */
function tooDeep(value: unknown, max: number): string | undefined {
  const path = deepPath(value, max);
  return path === undefined ? undefined : path.map((key) => `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** Recursion is bounded by `levels`, so this walk itself cannot overflow the stack. */
function deepPath(value: unknown, levels: number): string[] | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (levels === 0) return [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = deepPath(value[i], levels - 1);
      if (found) return [String(i), ...found];
    }
    return undefined;
  }
  for (const key in value) {
    const found = deepPath((value as Record<string, unknown>)[key], levels - 1);
    if (found) return [key, ...found];
  }
  return undefined;
}

const FLOAT_MARK = "\u0000\u0001py-float:";
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Number tokens written as floats (with "." or an exponent) whose value is integral become marked
 * strings, so the reviver can make them PyFloat: Python wrote 2.0, and prints it that way.
 */
function markIntegralFloats(text: string): string {
  return rewriteOutsideStrings(text, (at) => {
    NUMBER.lastIndex = at;
    const token = NUMBER.exec(text)?.[0];
    if (token === undefined) return undefined;
    const integralFloat = /[.eE]/.test(token) && Number.isInteger(Number(token));
    return { text: token, replacement: integralFloat ? JSON.stringify(FLOAT_MARK + token) : undefined };
  }).text;
}

function reviveFloats(_key: string, value: unknown): unknown {
  return typeof value === "string" && value.startsWith(FLOAT_MARK) ? new PyFloat(Number(value.slice(FLOAT_MARK.length))) : value;
}

/** "at line L, column C (...)" from a JSON.parse error, when V8 reports a position. */
function describePosition(text: string, error: unknown): string {
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
