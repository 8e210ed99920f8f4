/** HTML escaping, striptags, urlencode and tojson as markupsafe/Jinja2 implement them. */

import { PyFloat, pyFloatRepr } from "../../core/py-number.js";
import { byCodeUnit } from "../../core/py-str.js";
import { PyError } from "./errors.js";
import { pyStr } from "./repr.js";
import { pySplit } from "./str-methods.js";
import type { PyValue } from "./values.js";
import { isDict, isStr, strVal, typeName, Undef } from "./values.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function htmlUnescape(s: string): string {
  return s.replace(/&(#\d+|#[xX][\da-fA-F]+|[a-zA-Z]+);/g, (m, body: string) => {
    if (body.startsWith("#x") || body.startsWith("#X")) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return ENTITIES[body] ?? m;
  });
}

/** Remove `<!-- … -->` like markupsafe 3: stop at the first comment that never closes. */
function removeComments(s: string): string {
  let v = s;
  let from = 0;
  for (;;) {
    const start = v.indexOf("<!--", from);
    const end = start < 0 ? -1 : v.indexOf("-->", start);
    if (end < 0) return v;
    v = v.slice(0, start) + v.slice(end + 3);
    from = Math.max(0, start - 3);
  }
}

/** markupsafe's Markup.striptags: drop comments and tags, collapse whitespace, unescape. */
export function striptags(s: string): string {
  const noTags = removeComments(s).replace(/<[^>]*>/g, "");
  return htmlUnescape(pySplit(noTags, undefined, -1).join(" "));
}

const URL_SAFE = /[A-Za-z0-9_.\-~]/;

function quote(s: string, safe: string): string {
  let out = "";
  for (const ch of s) {
    if (URL_SAFE.test(ch) || safe.includes(ch)) out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Jinja's urlencode: strings quoted keeping "/", dicts and pair lists as a query string. */
export function urlencode(v: PyValue): string {
  if (isStr(v)) return quote(strVal(v), "/");
  const pairs = isDict(v) ? [...v.entries()] : Array.isArray(v) ? v.map((p) => (Array.isArray(p) ? [p[0], p[1]] : [p, null])) : null;
  if (pairs === null) return quote(pyStr(v), "/");
  const q = (x: PyValue | undefined): string => quote(pyStr(x ?? null), "").replace(/%20/g, "+");
  return pairs.map(([k, val]) => `${q(k)}=${q(val)}`).join("&");
}

/** json.dumps(value, sort_keys=True) with Jinja's HTML-safe replacements. */
export function pyJsonDumps(v: PyValue, indent: PyValue): string {
  const width = typeof indent === "number" ? indent : null;
  const text = dump(v, width, 0);
  return text.replace(/[<>&']/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

function jsonStr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

function dump(v: PyValue, indent: number | null, level: number): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number" || v instanceof PyFloat) {
    const x = typeof v === "number" ? v : v.value;
    if (Number.isNaN(x)) return "NaN";
    if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
    return typeof v === "number" && Number.isInteger(v) ? String(v) : pyFloatRepr(x);
  }
  if (isStr(v)) return jsonStr(strVal(v));
  const nl = indent === null ? "" : `\n${" ".repeat(indent * (level + 1))}`;
  const close = indent === null ? "" : `\n${" ".repeat(indent * level)}`;
  const sep = indent === null ? ", " : ",";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${nl}${v.map((x) => dump(x, indent, level + 1)).join(sep + nl)}${close}]`;
  }
  if (isDict(v)) {
    if (v.size === 0) return "{}";
    const entries = [...v.entries()].map(([k, x]) => [jsonKey(k), x] as const).sort((a, b) => byCodeUnit(a[0], b[0]));
    return `{${nl}${entries.map(([k, x]) => `${jsonStr(k)}: ${dump(x, indent, level + 1)}`).join(sep + nl)}${close}}`;
  }
  if (v instanceof Undef) throw new PyError("TypeError", "Object of type Undefined is not JSON serializable");
  throw new PyError("TypeError", `Object of type ${typeName(v)} is not JSON serializable`);
}

function jsonKey(k: PyValue): string {
  if (isStr(k)) return strVal(k);
  if (k === null) return "null";
  if (typeof k === "boolean") return k ? "true" : "false";
  if (typeof k === "number") return String(k);
  throw new PyError("TypeError", `keys must be str, int, float, bool or None, not ${typeName(k)}`);
}
