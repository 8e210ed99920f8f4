/** The builtin filters of Jinja2 3.1.6. */

import { pyStrip } from "../../core/py-str.js";
import { PyError, pyTypeError, pyUndefinedError } from "./errors.js";
import { boolParam, intParam, param } from "./filter-args.js";
import { SEQUENCE_FILTERS } from "./filters-seq.js";
import { percentFormat } from "./format.js";
import { pyRound, toFloat, toInt } from "./numbers.js";
import { pyRepr, pyStr } from "./repr.js";
import type { FilterFn } from "./runtime.js";
import { charCount, chars } from "./runtime.js";
import { padTo, pyCapitalize, pyReplace, STR_METHODS } from "./str-methods.js";
import { htmlEscape, pyJsonDumps, striptags, urlencode } from "./text.js";
import type { PyValue } from "./values.js";
import { isNumeric, isStr, Markup, mkFloat, numVal, strVal, truthy, tuple, typeName, Undef } from "./values.js";

const s = (v: PyValue): string => pyStr(v);

const STRING_FILTERS: Record<string, FilterFn> = {
  string: (_rt, v) => (v instanceof Markup ? v : s(v)),
  lower: (_rt, v) => s(v).toLowerCase(),
  upper: (_rt, v) => s(v).toUpperCase(),
  capitalize: (_rt, v) => pyCapitalize(s(v)),
  title: (_rt, v) =>
    s(v)
      .split(/([-\s({[<]+)/u)
      .filter((w) => w !== "")
      .map((w) => {
        const cs = chars(w);
        return (cs[0] as string).toUpperCase() + cs.slice(1).join("").toLowerCase();
      })
      .join(""),
  trim: (_rt, v, a, k) => {
    const c = param(a, k, 0, "chars");
    return pyStrip(s(v), c === undefined || c === null ? undefined : s(c));
  },
  replace: (rt, v, a, k) => {
    const count = param(a, k, 2, "count");
    const n = count === undefined || count === null ? -1 : numVal(count as number);
    return pyReplace(s(v), s(param(a, k, 0, "old") ?? ""), s(param(a, k, 1, "new") ?? ""), n, rt);
  },
  truncate: (_rt, v, a, k) => truncate(v, a, k),
  wordcount: (_rt, v) => (s(v).match(/[\p{L}\p{N}\p{Mn}\p{Pc}]+/gu) ?? []).length,
  center: (rt, v, a, k) => padTo(s(v), intParam(a, k, 0, "width", 80), " ", "center", rt),
  indent: (rt, v, a, k) => indent(rt, v, a, k),
  format: (_rt, v, a, k) => {
    if (a.length > 0 && k.size > 0)
      throw new PyError("FilterArgumentError", "can't handle positional and keyword arguments at the same time");
    return percentFormat(s(v), k.size > 0 ? new Map(k) : tuple(a.slice()));
  },
  e: (_rt, v) => (v instanceof Markup ? v : new Markup(htmlEscape(s(v)))),
  escape: (_rt, v) => (v instanceof Markup ? v : new Markup(htmlEscape(s(v)))),
  forceescape: (_rt, v) => new Markup(htmlEscape(s(v))),
  safe: (_rt, v) => (v instanceof Markup ? v : new Markup(s(v))),
  striptags: (_rt, v) => striptags(s(v)),
  urlencode: (_rt, v) => urlencode(v),
  tojson: (_rt, v, a, k) => new Markup(pyJsonDumps(v, param(a, k, 0, "indent") ?? null)),
  pprint: (_rt, v) => pyRepr(v),
  int: (_rt, v, a, k) => toInt(v, param(a, k, 0, "default") ?? 0, intParam(a, k, 1, "base", 10)),
  float: (_rt, v, a, k) => toFloat(v, param(a, k, 0, "default") ?? mkFloat(0)),
  abs: (_rt, v) => {
    if (v instanceof Undef || !isNumeric(v)) throw pyTypeError(`bad operand type for abs(): '${typeName(v)}'`);
    const x = Math.abs(numVal(v));
    return typeof v === "number" && Number.isInteger(v) ? x : typeof v === "boolean" ? x : mkFloat(x);
  },
  round: (_rt, v, a, k) => pyRound(v, intParam(a, k, 0, "precision", 0), s(param(a, k, 1, "method") ?? "common")),
  default: (_rt, v, a, k) => defaultFilter(v, a, k),
  d: (_rt, v, a, k) => defaultFilter(v, a, k),
};

function defaultFilter(v: PyValue, a: PyValue[], k: Map<string, PyValue>): PyValue {
  const dflt = param(a, k, 0, "default_value") ?? "";
  const boolean = boolParam(a, k, 1, "boolean");
  if (v instanceof Undef || (boolean && !truthy(v))) return dflt;
  return v;
}

function truncate(v: PyValue, a: PyValue[], k: Map<string, PyValue>): PyValue {
  const length = intParam(a, k, 0, "length", 255);
  const killwords = boolParam(a, k, 1, "killwords");
  const end = s(param(a, k, 2, "end") ?? "...");
  const leeway = intParam(a, k, 3, "leeway", 5);
  if (v instanceof Undef) return v;
  if (!isStr(v)) throw pyTypeError(`truncate needs a string, got ${typeName(v)}`);
  const endLen = charCount(end);
  if (length < endLen) throw new PyError("AssertionError", `expected length >= ${endLen}, got ${length}`);
  if (leeway < 0) throw new PyError("AssertionError", `expected leeway >= 0, got ${leeway}`);
  const text = strVal(v);
  // A string has no more code points than UTF-16 units: most strings fit without counting.
  if (text.length <= length + leeway || charCount(text) <= length + leeway) return v;
  const cs = chars(text);
  const head = cs.slice(0, Math.max(0, length - endLen)).join("");
  if (killwords) return head + end;
  const cut = head.lastIndexOf(" ");
  return (cut < 0 ? head : head.slice(0, cut)) + end;
}

function indent(rt: Parameters<FilterFn>[0], v: PyValue, a: PyValue[], k: Map<string, PyValue>): PyValue {
  if (v instanceof Undef) throw pyUndefinedError(v.message);
  const w = param(a, k, 0, "width") ?? 4;
  const ind = isStr(w) ? strVal(w) : " ".repeat(Math.max(0, numVal(w as number)));
  const first = boolParam(a, k, 1, "first");
  const blank = boolParam(a, k, 2, "blank");
  const lines = STR_METHODS.splitlines?.(`${s(v)}\n`, [], new Map(), rt) as string[];
  let rv: string;
  if (blank) rv = lines.join(`\n${ind}`);
  else {
    rv = lines[0] ?? "";
    const rest = lines.slice(1);
    if (rest.length > 0) rv += `\n${rest.map((l) => (l ? ind + l : l)).join("\n")}`;
  }
  rt.checkSize(rv.length);
  return first ? ind + rv : rv;
}

export const FILTERS: Record<string, FilterFn> = { ...STRING_FILTERS, ...SEQUENCE_FILTERS };
