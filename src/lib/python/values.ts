/**
 * Values the module reader produces from literals, and Python's `str()`/`repr()` of them.
 * Lists and tuples are JS arrays (tuples are remembered in a WeakSet for printing); dicts are
 * insertion-ordered Maps; dataclass instances keep their field order.
 */

import { PyFloat, pyFloatRepr, pyNumberStr } from "../../core/py-number.js";

export class PyBytes {
  constructor(readonly latin1: string) {}
}

export class PyInstance {
  constructor(
    readonly className: string,
    readonly fields: Map<string, PyValue>,
  ) {}
}

export type PyKey = string | number | boolean | null;
export type PyValue = string | number | boolean | null | PyFloat | PyBytes | PyInstance | PyValue[] | Map<PyKey, PyValue>;

const TUPLES = new WeakSet<PyValue[]>();

export function tuple(items: PyValue[]): PyValue[] {
  TUPLES.add(items);
  return items;
}

export function isTuple(value: PyValue): boolean {
  return Array.isArray(value) && TUPLES.has(value);
}

export function typeName(value: PyValue): string {
  if (value === null) return "NoneType";
  if (typeof value === "string") return "str";
  if (typeof value === "number") return "int";
  if (typeof value === "boolean") return "bool";
  if (value instanceof PyFloat) return "float";
  if (value instanceof PyBytes) return "bytes";
  if (value instanceof PyInstance) return value.className;
  if (value instanceof Map) return "dict";
  return isTuple(value) ? "tuple" : "list";
}

/** Python's `str(value)`. */
export function pyStr(value: unknown): string {
  if (typeof value === "string") return value;
  return pyRepr(value);
}

/** Python's `repr(value)` for the value kinds the reader and JSON rows hold. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pyNumberStr(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return stringRepr(value);
  // Core's float wrapper: module literals (1.0) and row values read as floats print the same way.
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (value instanceof PyBytes) return `b${stringRepr(value.latin1)}`;
  if (value instanceof PyInstance) {
    return `${value.className}(${[...value.fields].map(([k, v]) => `${k}=${pyRepr(v)}`).join(", ")})`;
  }
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  if (Array.isArray(value)) {
    const inner = value.map(pyRepr).join(", ");
    return isTuple(value as PyValue[]) ? `(${inner}${value.length === 1 ? "," : ""})` : `[${inner}]`;
  }
  if (typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${stringRepr(k)}: ${pyRepr(v)}`)
      .join(", ")}}`;
  return String(value);
}

function stringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + quote;
}

/** A JSON view: tuples as arrays, dicts as objects (key order kept), instances as field objects. */
export function toJson(value: PyValue): unknown {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof PyBytes) return value.latin1;
  if (value instanceof PyInstance) return Object.fromEntries([...value.fields].map(([k, v]) => [k, toJson(v)]));
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [pyStr(k), toJson(v)]));
  if (Array.isArray(value)) return value.map(toJson);
  return value;
}

/** Python equality for the value kinds above (1 == 1.0, tuples equal lists only element-wise by kind). */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  const na = a instanceof PyFloat ? a.value : a;
  const nb = b instanceof PyFloat ? b.value : b;
  if (typeof na === "number" || typeof na === "boolean")
    return (typeof nb === "number" || typeof nb === "boolean") && Number(na) === Number(nb);
  if (typeof na === "string" || na === null) return na === nb;
  if (Array.isArray(na)) {
    return Array.isArray(nb) && isTuple(na) === isTuple(nb) && na.length === nb.length && na.every((x, i) => pyEquals(x, nb[i] as PyValue));
  }
  if (na instanceof Map)
    return nb instanceof Map && na.size === nb.size && [...na].every(([k, v]) => nb.has(k) && pyEquals(v, nb.get(k) as PyValue));
  if (na instanceof PyInstance)
    return nb instanceof PyInstance && na.className === nb.className && pyEquals(new Map(na.fields), new Map(nb.fields));
  if (na instanceof PyBytes) return nb instanceof PyBytes && na.latin1 === nb.latin1;
  return false;
}
