/**
 * Attribute and item lookup with Jinja2's rules (getattr then getitem for `x.y`, getitem then
 * getattr for `x[y]`), slicing, iteration and len. Only dict entries, list items and the
 * whitelisted Python methods are reachable; JS internals are refused.
 */
import { PyError, pyTypeError, pyUndefinedError } from "./errors.js";
import { getMethod } from "./methods.js";
import { pyRepr } from "./repr.js";
import type { Runtime } from "./runtime.js";
import { charCount, chars } from "./runtime.js";
import type { PyValue } from "./values.js";
import {
  dictKey,
  isDict,
  isFloat,
  isNumeric,
  isStr,
  isTuple,
  Markup,
  numVal,
  PyObject,
  PyRange,
  strVal,
  tuple,
  tupleField,
  typeName,
  Undef,
  viewKind,
} from "./values.js";

const FORBIDDEN = new Set(["constructor", "prototype", "__proto__"]);

/** Refuse names that reach Python or JS internals (`__class__`, `constructor`, `__proto__`...). */
export function guardName(name: string): void {
  if (FORBIDDEN.has(name) || name.startsWith("__")) throw new PyError("SecurityError", `access to attribute '${name}' is not allowed`);
}

const noAttr = (obj: PyValue, name: string): Undef => new Undef(`'${typeName(obj)} object' has no attribute '${name}'`);

/** `obj.name` */
export function getAttr(obj: PyValue, name: string, rt: Runtime): PyValue {
  guardName(name);
  if (obj instanceof Undef) throw pyUndefinedError(obj.message);
  const method = getMethod(obj, name, rt);
  if (method) return method;
  if (obj instanceof PyObject) return obj.getAttr(name) ?? noAttr(obj, name);
  if (isTuple(obj)) return tupleField(obj, name) ?? noAttr(obj, name);
  if (isDict(obj) && obj.has(name)) return obj.get(name) as PyValue;
  return noAttr(obj, name);
}

/** `obj[key]` */
export function getItem(obj: PyValue, key: PyValue, rt: Runtime): PyValue {
  if (obj instanceof Undef) throw pyUndefinedError(obj.message);
  if (typeof key === "string") guardName(key);
  const found = lookupItem(obj, key);
  if (found !== undefined) return found;
  if (typeof key === "string") {
    const viaAttr = getMethod(obj, key, rt) ?? (obj instanceof PyObject ? obj.getAttr(key) : undefined);
    if (viaAttr !== undefined) return viaAttr;
    return noAttr(obj, key);
  }
  return new Undef(`'${typeName(obj)} object' has no element ${pyRepr(key)}`);
}

function lookupItem(obj: PyValue, key: PyValue): PyValue | undefined {
  if (isDict(obj)) {
    const k = dictKey(key);
    return obj.has(k) ? obj.get(k) : undefined;
  }
  if (Array.isArray(obj) && viewKind(obj) !== undefined) return undefined;
  if (Array.isArray(obj) || isStr(obj) || obj instanceof PyRange) {
    if (Array.isArray(key) && !isTuple(key)) return undefined;
    if (key instanceof SliceKey) return sliceValue(obj, key);
    if (!isNumeric(key) || isFloat(key)) return undefined;
    const seq = isStr(obj) ? chars(strVal(obj)) : obj;
    const n = seq.length;
    let i = numVal(key);
    if (i < 0) i += n;
    if (i < 0 || i >= n) return undefined;
    return seq instanceof PyRange ? seq.at(i) : (seq[i] as PyValue);
  }
  return undefined;
}

/** A slice `a:b:c` used as a subscript key. */
export class SliceKey {
  constructor(
    readonly start: PyValue,
    readonly stop: PyValue,
    readonly step: PyValue,
  ) {}
}

function sliceBound(v: PyValue, what: string): number | undefined {
  if (v === null || v instanceof Undef) return undefined;
  if (isNumeric(v) && !isFloat(v)) return numVal(v);
  throw pyTypeError(`slice indices must be integers or None or have an __index__ method (${what})`);
}

/** Python slice semantics, including negative indices and steps. */
function sliceIndices(n: number, s: SliceKey): number[] {
  const step = sliceBound(s.step, "step") ?? 1;
  if (step === 0) throw new PyError("ValueError", "slice step cannot be zero");
  const clamp = (v: number | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === undefined) return dflt;
    const x = v < 0 ? v + n : v;
    return Math.min(Math.max(x, lo), hi);
  };
  const start = step > 0 ? clamp(sliceBound(s.start, "start"), 0, 0, n) : clamp(sliceBound(s.start, "start"), n - 1, -1, n - 1);
  const stop = step > 0 ? clamp(sliceBound(s.stop, "stop"), n, 0, n) : clamp(sliceBound(s.stop, "stop"), -1, -1, n - 1);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

function sliceValue(obj: PyValue[] | string | Markup | PyRange, key: SliceKey): PyValue {
  if (obj instanceof PyRange) return sliceIndices(obj.length, key).map((i) => obj.at(i));
  if (isStr(obj)) {
    const cs = chars(strVal(obj));
    const text = sliceIndices(cs.length, key)
      .map((i) => cs[i])
      .join("");
    return obj instanceof Markup ? new Markup(text) : text;
  }
  const items = sliceIndices(obj.length, key).map((i) => obj[i] as PyValue);
  return isTuple(obj) ? tuple(items) : items;
}

/** Python iteration: the items of a list/tuple/range, the chars of a str, the keys of a dict. */
export function iterate(v: PyValue, rt: Runtime): PyValue[] {
  if (v instanceof Undef) return [];
  // Large sequences cost work proportional to their size, so they count against maxSteps.
  if (Array.isArray(v)) {
    rt.step(v.length >> 6);
    return v.slice();
  }
  if (isStr(v)) {
    rt.step(strVal(v).length >> 6);
    return chars(strVal(v));
  }
  if (isDict(v)) {
    rt.step(v.size >> 6);
    return [...v.keys()];
  }
  if (v instanceof PyRange) {
    rt.step(v.length);
    const out: number[] = [];
    for (let i = 0; i < v.length; i++) out.push(v.at(i));
    return out;
  }
  throw pyTypeError(`'${typeName(v)}' object is not iterable`);
}

/** Python `len()`; Undefined has length 0 as in Jinja2. */
export function pyLength(v: PyValue): number {
  if (v instanceof Undef) return 0;
  if (Array.isArray(v)) return v.length;
  if (isStr(v)) return charCount(strVal(v));
  if (isDict(v)) return v.size;
  if (v instanceof PyRange) return v.length;
  throw pyTypeError(`object of type '${typeName(v)}' has no len()`);
}
