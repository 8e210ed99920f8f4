/**
 * Python string literal decoding: prefixes (r, b, u, f and their pairs), every escape of the
 * language reference (§2.4.1), and the rule that an unknown escape keeps its backslash.
 * Pure; positions are reported by the caller.
 */

import { PY_SIMPLE_ESCAPES } from "../../core/py-str.js";

export interface StringPrefix {
  raw: boolean;
  bytes: boolean;
  fstring: boolean;
}

/**
 * The few `\N{...}` names a literal may plausibly use (in prompt text, for example). Node has no Unicode name table; any other
 * name is reported as unsupported (with its position) rather than guessed.
 */
const UNICODE_NAMES: Record<string, string> = {
  "NO-BREAK SPACE": "\u00a0",
  "EM DASH": "\u2014",
  "EN DASH": "\u2013",
  BULLET: "\u2022",
  "HORIZONTAL ELLIPSIS": "\u2026",
  "LEFT DOUBLE QUOTATION MARK": "\u201c",
  "RIGHT DOUBLE QUOTATION MARK": "\u201d",
  "LEFT SINGLE QUOTATION MARK": "\u2018",
  "RIGHT SINGLE QUOTATION MARK": "\u2019",
  "DEGREE SIGN": "\u00b0",
  "ZERO WIDTH SPACE": "\u200b",
  "LINE FEED": "\n",
  SPACE: " ",
  "RIGHTWARDS ARROW": "\u2192",
  "MULTIPLICATION SIGN": "\u00d7",
  "SECTION SIGN": "\u00a7",
  "COPYRIGHT SIGN": "\u00a9",
};

/** A decoding problem at `offset` (code units into the literal body). */
export class StringEscapeError extends Error {
  override name = "StringEscapeError";
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parsePrefix(prefix: string): StringPrefix | undefined {
  const lower = prefix.toLowerCase();
  const letters = new Set(lower);
  if (letters.size !== lower.length || lower.length > 2) return undefined;
  if (![...letters].every((c) => "rbuf".includes(c))) return undefined;
  if (letters.has("u") && lower.length > 1) return undefined;
  if (letters.has("b") && letters.has("f")) return undefined;
  return { raw: letters.has("r"), bytes: letters.has("b"), fstring: letters.has("f") };
}

/** Decode the body of a literal (between its quotes). */
export function decodeStringBody(body: string, prefix: StringPrefix): string {
  if (prefix.raw) return body;
  let out = "";
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const decoded = decodeEscape(body, i, prefix.bytes);
    out += decoded.text;
    i = decoded.end;
  }
  return out;
}

function decodeEscape(body: string, start: number, bytes: boolean): { text: string; end: number } {
  const next = body[start + 1];
  if (next === undefined) throw new StringEscapeError("a backslash ends the string", start);
  if (next === "\n") return { text: "", end: start + 2 };
  if (next === "\r") return { text: "", end: body[start + 2] === "\n" ? start + 3 : start + 2 };
  const simple = PY_SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { text: simple, end: start + 2 };
  if (next >= "0" && next <= "7") {
    const digits = /^[0-7]{1,3}/.exec(body.slice(start + 1))?.[0] ?? next;
    return { text: String.fromCodePoint(parseInt(digits, 8)), end: start + 1 + digits.length };
  }
  if (next === "x") return hexEscape(body, start, 2);
  if (!bytes && next === "u") return hexEscape(body, start, 4);
  if (!bytes && next === "U") return hexEscape(body, start, 8);
  if (!bytes && next === "N") return namedEscape(body, start);
  // Python keeps unknown escapes verbatim (with a DeprecationWarning).
  return { text: `\\${next}`, end: start + 2 };
}

function hexEscape(body: string, start: number, width: number): { text: string; end: number } {
  const digits = body.slice(start + 2, start + 2 + width);
  if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) {
    throw new StringEscapeError(`truncated \\${body[start + 1]} escape: expected ${width} hex digits`, start);
  }
  const code = parseInt(digits, 16);
  if (code > 0x10ffff) throw new StringEscapeError(`\\${body[start + 1]}${digits} is not a valid code point`, start);
  return { text: String.fromCodePoint(code), end: start + 2 + width };
}

function namedEscape(body: string, start: number): { text: string; end: number } {
  const match = /^\{([^}]*)\}/.exec(body.slice(start + 2));
  if (!match) throw new StringEscapeError("malformed \\N{...} escape", start);
  const name = (match[1] as string).toUpperCase();
  const text = UNICODE_NAMES[name];
  if (text === undefined) {
    throw new StringEscapeError(`\\N{${match[1]}} is not in iml-bench's small Unicode name table; write it as \\uXXXX`, start);
  }
  return { text, end: start + 2 + match[0].length };
}
