/** Decoding of Jinja number and string literals (Python `unicode-escape` rules for strings). */

import { PyFloat } from "../../core/py-number.js";
import { PY_SIMPLE_ESCAPES } from "../../core/py-str.js";
import type { PyValue } from "./values.js";

export function parseIntLiteral(text: string): number {
  const t = text.replace(/_/g, "").toLowerCase();
  if (t.startsWith("0b")) return parseInt(t.slice(2), 2);
  if (t.startsWith("0o")) return parseInt(t.slice(2), 8);
  if (t.startsWith("0x")) return parseInt(t.slice(2), 16);
  return Number(t);
}

export function parseFloatLiteral(text: string): PyValue {
  return new PyFloat(Number(text.replace(/_/g, "")));
}

/** Python's one-character escapes, and a backslash before a newline continuing the line. */
const SIMPLE: Readonly<Record<string, string>> = { ...PY_SIMPLE_ESCAPES, "\n": "" };

/** The text between the quotes of a string token, with Python escape sequences decoded. */
export function decodeStringLiteral(token: string): string {
  const body = token.slice(1, -1);
  if (!body.includes("\\")) return body;
  let out = "";
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    if (ch !== "\\" || i + 1 >= body.length) {
      out += ch;
      i++;
      continue;
    }
    const [text, used] = decodeEscape(body, i + 1);
    out += text;
    i += 1 + used;
  }
  return out;
}

/** Decode the escape whose letter is at `at`; returns the text and how many chars it used. */
function decodeEscape(body: string, at: number): [string, number] {
  const c = body[at] as string;
  const simple = SIMPLE[c];
  if (simple !== undefined) return [simple, 1];
  const octal = /^[0-7]{1,3}/.exec(body.slice(at, at + 3));
  if (octal) return [String.fromCodePoint(parseInt(octal[0], 8)), octal[0].length];
  const width = c === "x" ? 2 : c === "u" ? 4 : c === "U" ? 8 : 0;
  if (width > 0) {
    const hex = body.slice(at + 1, at + 1 + width);
    if (hex.length === width && /^[\da-fA-F]+$/.test(hex)) {
      const cp = parseInt(hex, 16);
      if (cp <= 0x10ffff) return [String.fromCodePoint(cp), 1 + width];
    }
  }
  return [`\\${c}`, 1];
}
