/** Python `str` methods with CPython semantics (whitespace set, split rules, code point indices). */
import { isPyWhitespace, pyLstrip, pyRstrip, pyStrip } from "../../core/py-str.js";
import { PyError, pyTypeError, pyValueError } from "./errors.js";
import { strFormat } from "./format.js";
import { pyRepr } from "./repr.js";
import type { Runtime } from "./runtime.js";
import { chars } from "./runtime.js";
import type { Kwargs, PyValue } from "./values.js";
import { isNumeric, isStr, isTuple, numVal, strVal, tuple, typeName, Undef } from "./values.js";

type StrMethod = (s: string, args: PyValue[], kwargs: Kwargs, rt: Runtime) => PyValue;

const optStr = (v: PyValue | undefined, what: string): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (isStr(v)) return strVal(v);
  throw pyTypeError(`${what} arg must be None or str`);
};
const optInt = (v: PyValue | undefined, dflt: number): number => (v === undefined || v === null ? dflt : isNumeric(v) ? numVal(v) : dflt);
const needStr = (v: PyValue | undefined, what: string): string => {
  if (v !== undefined && isStr(v)) return strVal(v);
  throw pyTypeError(`${what}() argument must be str, not ${v === undefined ? "nothing" : typeName(v)}`);
};

/** Python `str.split(sep=None, maxsplit=-1)`. */
export function pySplit(s: string, sep: string | undefined, maxsplit: number): string[] {
  if (sep === "") throw pyValueError("empty separator");
  if (sep !== undefined) {
    const parts = s.split(sep);
    if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
    return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
  }
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  for (;;) {
    while (i < n && isPyWhitespace(s.charCodeAt(i))) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      out.push(s.slice(i));
      break;
    }
    let j = i;
    while (j < n && !isPyWhitespace(s.charCodeAt(j))) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

/** Python `str.capitalize()`: first character upper-cased, the rest lower-cased. */
export function pyCapitalize(s: string): string {
  const cs = chars(s);
  if (cs.length === 0) return s;
  return (cs[0] as string).toUpperCase() + cs.slice(1).join("").toLowerCase();
}

/** Python `str.title()`: a cased character after an uncased one starts a word. */
function pyTitle(s: string): string {
  let out = "";
  let prevCased = false;
  for (const ch of s) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

/** Python `str.replace(old, new, count)`, where an empty `old` inserts between characters. */
export function pyReplace(s: string, old: string, rep: string, count: number, rt: Runtime): string {
  if (old === "") {
    const cs = chars(s);
    const limit = count < 0 ? cs.length + 1 : Math.min(count, cs.length + 1);
    rt.checkSize(s.length + rep.length * limit);
    let out = "";
    cs.forEach((c, i) => (out += (i < limit ? rep : "") + c));
    return limit > cs.length ? out + rep : out;
  }
  const parts = s.split(old);
  if (count >= 0 && parts.length > count + 1) return parts.slice(0, count + 1).join(rep) + old + parts.slice(count + 1).join(old);
  rt.checkSize(s.length + (rep.length - old.length) * (parts.length - 1));
  return parts.join(rep);
}

/** Code point index of a code unit index. */
function cpIndex(s: string, unit: number): number {
  return unit < 0 || !/[\uD800-\uDFFF]/.test(s) ? unit : Array.from(s.slice(0, unit)).length;
}

function window(s: string, args: PyValue[]): [string, number] {
  const cs = chars(s);
  const norm = (v: number): number => Math.min(Math.max(v < 0 ? v + cs.length : v, 0), cs.length);
  const start = norm(optInt(args[1], 0));
  const end = norm(optInt(args[2], cs.length));
  return [start > end ? "" : cs.slice(start, end).join(""), start];
}

function find(s: string, args: PyValue[], fromRight: boolean): number {
  const sub = needStr(args[0], "find");
  const [hay, offset] = window(s, args);
  if (hay === "" && sub !== "") return -1;
  const at = fromRight ? hay.lastIndexOf(sub) : hay.indexOf(sub);
  return at < 0 ? -1 : cpIndex(hay, at) + offset;
}

function affix(s: string, args: PyValue[], test: (hay: string, x: string) => boolean): boolean {
  const arg = args[0];
  const [hay] = window(s, args);
  const options = isTuple(arg) ? arg : [arg as PyValue];
  return options.some((o) => {
    if (!isStr(o)) throw pyTypeError(`startswith first arg must be str or a tuple of str, not ${typeName(o)}`);
    return test(hay, strVal(o));
  });
}

const predicate =
  (re: RegExp): StrMethod =>
  (s) =>
    s.length > 0 && re.test(s);

function pyJoin(sep: string, items: PyValue[], rt: Runtime): string {
  items.forEach((x, i) => {
    if (!isStr(x)) throw pyTypeError(`sequence item ${i}: expected str instance, ${typeName(x)} found`);
  });
  const out = items.map((x) => strVal(x as string)).join(sep);
  rt.checkSize(out.length);
  return out;
}

export const STR_METHODS: Record<string, StrMethod> = {
  split: (s, a, k) => pySplit(s, optStr(a[0] ?? k.get("sep"), "sep"), optInt(a[1] ?? k.get("maxsplit"), -1)),
  rsplit: (s, a, k) => rsplit(s, optStr(a[0] ?? k.get("sep"), "sep"), optInt(a[1] ?? k.get("maxsplit"), -1)),
  splitlines: (s) => s.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).filter((_, i, all) => i < all.length - 1 || all[i] !== ""),
  strip: (s, a) => pyStrip(s, optStr(a[0], "strip")),
  lstrip: (s, a) => pyLstrip(s, optStr(a[0], "lstrip")),
  rstrip: (s, a) => pyRstrip(s, optStr(a[0], "rstrip")),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  casefold: (s) => s.toLowerCase(),
  capitalize: (s) => pyCapitalize(s),
  title: (s) => pyTitle(s),
  swapcase: (s) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(""),
  replace: (s, a, _k, rt) => pyReplace(s, needStr(a[0], "replace"), needStr(a[1], "replace"), optInt(a[2], -1), rt),
  startswith: (s, a) => affix(s, a, (h, x) => h.startsWith(x)),
  endswith: (s, a) => affix(s, a, (h, x) => h.endsWith(x)),
  find: (s, a) => find(s, a, false),
  rfind: (s, a) => find(s, a, true),
  index: (s, a) => notFound(find(s, a, false)),
  rindex: (s, a) => notFound(find(s, a, true)),
  count: (s, a) => {
    const sub = needStr(a[0], "count");
    const [hay] = window(s, a);
    return sub === "" ? chars(hay).length + 1 : hay.split(sub).length - 1;
  },
  join: (s, a, _k, rt) => pyJoin(s, iterArg(a[0], rt), rt),
  format: (s, a, k) => strFormat(s, a, k),
  isdigit: predicate(/^\p{Nd}+$/u),
  isdecimal: predicate(/^\p{Nd}+$/u),
  isnumeric: predicate(/^[\p{Nd}\p{Nl}\p{No}]+$/u),
  isalpha: predicate(/^\p{L}+$/u),
  isalnum: predicate(/^[\p{L}\p{Nd}\p{Nl}\p{No}]+$/u),
  isspace: (s) => s.length > 0 && Array.from(s).every((c) => isPyWhitespace(c.codePointAt(0) as number)),
  islower: (s) => /\p{Ll}/u.test(s) && !/\p{Lu}|\p{Lt}/u.test(s),
  isupper: (s) => /\p{Lu}/u.test(s) && !/\p{Ll}|\p{Lt}/u.test(s),
  istitle: (s) => /\p{L}/u.test(s) && pyTitle(s) === s,
  zfill: (s, a) => zfill(s, optInt(a[0], 0)),
  center: (s, a, _k, rt) => padTo(s, optInt(a[0], 0), optStr(a[1], "fill") ?? " ", "center", rt),
  ljust: (s, a, _k, rt) => padTo(s, optInt(a[0], 0), optStr(a[1], "fill") ?? " ", "left", rt),
  rjust: (s, a, _k, rt) => padTo(s, optInt(a[0], 0), optStr(a[1], "fill") ?? " ", "right", rt),
  partition: (s, a) => partition(s, needStr(a[0], "partition"), false),
  rpartition: (s, a) => partition(s, needStr(a[0], "rpartition"), true),
};

function notFound(i: number): number {
  if (i < 0) throw pyValueError("substring not found");
  return i;
}

function iterArg(v: PyValue | undefined, rt: Runtime): PyValue[] {
  if (v === undefined) throw pyTypeError("join() takes exactly one argument (0 given)");
  if (v instanceof Undef) return [];
  if (typeof v === "string") return chars(v);
  if (Array.isArray(v)) return v;
  if (v instanceof Map) return [...v.keys()];
  return rt.callFilter("list", v, [], new Map()) as PyValue[];
}

function rsplit(s: string, sep: string | undefined, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1);
  if (sep === undefined) {
    const words = pySplit(s, undefined, -1);
    if (words.length <= maxsplit + 1) return words;
    const keep = words.slice(words.length - maxsplit);
    const head = pyRstrip(s);
    let cut = head.length;
    for (const w of [...keep].reverse()) cut = head.lastIndexOf(w, cut - w.length);
    return [pyRstrip(head.slice(0, cut)), ...keep];
  }
  if (sep === "") throw pyValueError("empty separator");
  const parts = s.split(sep);
  if (parts.length <= maxsplit + 1) return parts;
  const cut = parts.length - maxsplit;
  return [parts.slice(0, cut).join(sep), ...parts.slice(cut)];
}

function zfill(s: string, width: number): string {
  const n = chars(s).length;
  if (n >= width) return s;
  const sign = s[0] === "+" || s[0] === "-" ? (s[0] as string) : "";
  return sign + "0".repeat(width - n) + s.slice(sign.length);
}

export function padTo(s: string, width: number, fill: string, how: "center" | "left" | "right", rt: Runtime): string {
  if (chars(fill).length !== 1) throw pyTypeError("The fill character must be exactly one character long");
  const n = chars(s).length;
  if (width <= n) return s;
  rt.checkSize(width);
  const missing = width - n;
  if (how === "left") return s + fill.repeat(missing);
  if (how === "right") return fill.repeat(missing) + s;
  const left = Math.floor(missing / 2) + (missing & width & 1);
  return fill.repeat(left) + s + fill.repeat(missing - left);
}

function partition(s: string, sep: string, fromRight: boolean): PyValue {
  if (sep === "") throw pyValueError("empty separator");
  const at = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (at < 0) return tuple(fromRight ? ["", "", s] : [s, "", ""]);
  return tuple([s.slice(0, at), sep, s.slice(at + sep.length)]);
}

export function keyError(k: PyValue): PyError {
  return new PyError("KeyError", pyRepr(k));
}
