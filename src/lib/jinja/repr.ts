/** Python `repr()` and `str()` of engine values, byte-for-byte as CPython prints them. */

import { PyFloat, pyFloatRepr } from "../../core/py-number.js";
import type { PyValue } from "./values.js";
import { isTuple, Markup, PyFunction, PyObject, PyRange, Undef, viewKind } from "./values.js";

export function pyStr(v: PyValue): string {
  if (typeof v === "string") return v;
  if (v instanceof Markup) return v.text;
  if (v instanceof Undef) return "";
  return pyRepr(v);
}

export function pyRepr(v: PyValue): string {
  if (v === null) return "None";
  if (typeof v === "string") return strRepr(v);
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) ? intRepr(v) : pyFloatRepr(v);
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (v instanceof Undef) return "Undefined";
  if (v instanceof Markup) return `Markup(${strRepr(v.text)})`;
  if (v instanceof PyObject) return v.repr();
  if (v instanceof PyRange) return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  if (v instanceof PyFunction) return v.reprText;
  if (Array.isArray(v)) {
    const inner = v.map(pyRepr).join(", ");
    const view = viewKind(v);
    if (view) return `${view}([${inner}])`;
    if (!isTuple(v)) return `[${inner}]`;
    return v.length === 1 ? `(${inner},)` : `(${inner})`;
  }
  return reprDictLike(v);
}

export function reprDictLike(entries: Iterable<[PyValue, PyValue]>): string {
  const parts: string[] = [];
  for (const [k, v] of entries) parts.push(`${pyRepr(k)}: ${pyRepr(v)}`);
  return `{${parts.join(", ")}}`;
}

function intRepr(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

const NON_PRINTABLE = /^[\p{C}\p{Z}]$/u;

/** CPython str repr: single quotes unless the text has ' and no ", escapes for non-printables. */
function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) out += escapeChar(ch, quote);
  return out + quote;
}

function escapeChar(ch: string, quote: string): string {
  if (ch === quote || ch === "\\") return `\\${ch}`;
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  if (ch === " ") return ch;
  const cp = ch.codePointAt(0) as number;
  if (cp < 0x20 || cp === 0x7f || NON_PRINTABLE.test(ch)) {
    if (cp < 0x100) return `\\x${hex(cp, 2)}`;
    if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
    return `\\U${hex(cp, 8)}`;
  }
  return ch;
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0");
