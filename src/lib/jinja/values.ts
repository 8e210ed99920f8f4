/**
 * The Python value model inside the engine. Strings, booleans and None map to JS string, boolean
 * and null; a JS number that is an integer is a Python int, a PyFloat (or a non-integer number)
 * is a float; lists are arrays, tuples are frozen arrays registered in TUPLES, dicts are Maps.
 * Context data enters through `fromJs`, so templates never see JS objects or their prototypes.
 */

import { PyFloat } from "../../core/py-number.js";
import { byCodeUnit } from "../../core/py-str.js";
import { pyTypeError } from "./errors.js";

/** Jinja2's default Undefined: prints as "", is falsy and iterates as empty; any access raises. */
export class Undef {
  constructor(readonly message: string) {}
}

/** A markupsafe.Markup string, as returned by `escape`/`safe`. */
export class Markup {
  constructor(readonly text: string) {}
}

/** Objects with Python attributes: namespace(), loop, cycler. */
export abstract class PyObject {
  abstract readonly typeName: string;
  abstract getAttr(name: string): PyValue | undefined;
  abstract repr(): string;
}

export class PyRange {
  readonly length: number;
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {
    const span = step > 0 ? stop - start : start - stop;
    this.length = span <= 0 ? 0 : Math.ceil(span / Math.abs(step));
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
}

export type Kwargs = Map<string, PyValue>;

/** A callable: builtins, bound methods, macros, loop.cycle. */
export class PyFunction {
  constructor(
    readonly name: string,
    readonly call: (args: PyValue[], kwargs: Kwargs) => PyValue,
    /** How Python prints it, e.g. `<Macro 'm'>`. */
    readonly reprText = `<function ${name}>`,
  ) {}
}

export type PyDict = Map<PyValue, PyValue>;
export type PyValue = string | number | boolean | null | PyFloat | Undef | Markup | PyObject | PyRange | PyFunction | PyValue[] | PyDict;

const TUPLES = new WeakSet<readonly PyValue[]>();
/** Named fields of namedtuple-like tuples (groupby's `grouper`/`list`). */
const TUPLE_FIELDS = new WeakMap<readonly PyValue[], readonly string[]>();

export function namedTuple(fields: readonly string[], items: PyValue[]): PyValue[] {
  const t = tuple(items);
  TUPLE_FIELDS.set(t, fields);
  return t;
}

export function tupleField(t: readonly PyValue[], name: string): PyValue | undefined {
  const i = TUPLE_FIELDS.get(t)?.indexOf(name) ?? -1;
  return i < 0 ? undefined : t[i];
}

export function tuple(items: PyValue[]): PyValue[] {
  Object.freeze(items);
  TUPLES.add(items);
  return items;
}

/** dict.items()/keys()/values() views: iterable and sized, not subscriptable, printed as `dict_items([...])`. */
const VIEWS = new WeakMap<readonly PyValue[], string>();

export function dictView(kind: "dict_items" | "dict_keys" | "dict_values", items: PyValue[]): PyValue[] {
  Object.freeze(items);
  VIEWS.set(items, kind);
  return items;
}

export const viewKind = (v: readonly PyValue[]): string | undefined => VIEWS.get(v);
export const isTuple = (v: unknown): v is PyValue[] => Array.isArray(v) && TUPLES.has(v);
export const isList = (v: unknown): v is PyValue[] => Array.isArray(v) && !TUPLES.has(v) && !VIEWS.has(v);
export const isDict = (v: unknown): v is PyDict => v instanceof Map;
export const isStr = (v: unknown): v is string | Markup => typeof v === "string" || v instanceof Markup;
export const isFloat = (v: unknown): boolean => v instanceof PyFloat || (typeof v === "number" && !Number.isInteger(v));
/** int, float or bool: what Python arithmetic accepts as a number. */
export const isNumeric = (v: unknown): v is number | boolean | PyFloat =>
  typeof v === "number" || typeof v === "boolean" || v instanceof PyFloat;

export function numVal(v: number | boolean | PyFloat): number {
  if (v instanceof PyFloat) return v.value;
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

/** A float result: integral floats need the wrapper so they print as "2.0". */
export function mkFloat(x: number): PyValue {
  return Number.isInteger(x) ? new PyFloat(x) : x;
}

export const strVal = (v: string | Markup): string => (typeof v === "string" ? v : v.text);

/** Deep-convert caller data (parsed JSON) into engine values; anything exotic becomes None. */
export function fromJs(v: unknown): PyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number" || v instanceof PyFloat) return v;
  if (Array.isArray(v)) return v.map(fromJs);
  if (typeof v === "object" && isPlainObject(v)) {
    const out: PyDict = new Map();
    for (const [k, val] of Object.entries(v)) out.set(k, fromJs(val));
    return out;
  }
  return null;
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Normalise a dict key so 1.0 and 1 find the same entry. */
export function dictKey(k: PyValue): PyValue {
  if (k instanceof PyFloat) return k.value;
  if (k instanceof Markup) return k.text;
  return k;
}

export function typeName(v: PyValue): string {
  if (v === null) return "NoneType";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (v instanceof PyFloat) return "float";
  if (v instanceof Undef) return "Undefined";
  if (v instanceof Markup) return "Markup";
  if (v instanceof PyObject) return v.typeName;
  if (v instanceof PyRange) return "range";
  if (v instanceof PyFunction) return "function";
  if (Array.isArray(v)) return isTuple(v) ? "tuple" : (viewKind(v) ?? "list");
  return "dict";
}

/** Python truthiness. */
export function truthy(v: PyValue): boolean {
  if (v === null || v instanceof Undef) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (v instanceof PyFloat) return v.value !== 0;
  if (typeof v === "string") return v.length > 0;
  if (v instanceof Markup) return v.text.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof PyRange) return v.length > 0;
  return true;
}

/** Python `==`. */
export function pyEq(a: PyValue, b: PyValue): boolean {
  if (a instanceof Undef || b instanceof Undef) return a instanceof Undef && b instanceof Undef;
  if (isNumeric(a) && isNumeric(b)) return numVal(a) === numVal(b);
  if (isStr(a) && isStr(b)) return strVal(a) === strVal(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (typeName(a) !== typeName(b) || a.length !== b.length) return false;
    return a.every((x, i) => pyEq(x, b[i] as PyValue));
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !pyEq(v, b.get(k) as PyValue)) return false;
    return true;
  }
  if (a instanceof PyRange && b instanceof PyRange) return a.length === b.length && a.start === b.start;
  return a === b;
}

/** Python ordering (`<`): -1, 0 or 1; TypeError between unrelated types. */
export function pyCompare(a: PyValue, b: PyValue, op = "<"): number {
  if (isNumeric(a) && isNumeric(b)) {
    const x = numVal(a);
    const y = numVal(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isStr(a) && isStr(b)) return byCodeUnit(strVal(a), strVal(b));
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const x = a[i] as PyValue;
      const y = b[i] as PyValue;
      if (!pyEq(x, y)) return pyCompare(x, y, op);
    }
    return Math.sign(a.length - b.length);
  }
  throw pyTypeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}
