/** The whitelisted Python methods reachable from templates: str, list, tuple and dict methods. */
import { PyError, pyTypeError, pyValueError } from "./errors.js";
import { pyRepr } from "./repr.js";
import type { Runtime } from "./runtime.js";
import { keyError, STR_METHODS } from "./str-methods.js";
import type { Kwargs, PyDict, PyValue } from "./values.js";
import { dictKey, dictView, isDict, isList, isNumeric, isStr, isTuple, numVal, PyFunction, pyEq, strVal, tuple, Undef } from "./values.js";

type Method<T> = (self: T, args: PyValue[], kwargs: Kwargs, rt: Runtime) => PyValue;

function indexOf(items: PyValue[], x: PyValue, start = 0): number {
  for (let i = Math.max(0, start < 0 ? start + items.length : start); i < items.length; i++) if (pyEq(items[i] as PyValue, x)) return i;
  return -1;
}

const SEQUENCE_METHODS: Record<string, Method<PyValue[]>> = {
  index: (l, a) => {
    const i = indexOf(l, a[0] as PyValue, a[1] !== undefined && isNumeric(a[1]) ? numVal(a[1]) : 0);
    if (i < 0) throw pyValueError(`${pyRepr(a[0] ?? null)} is not in list`);
    return i;
  },
  count: (l, a) => l.filter((x) => pyEq(x, a[0] as PyValue)).length,
};

const LIST_METHODS: Record<string, Method<PyValue[]>> = {
  ...SEQUENCE_METHODS,
  append: (l, a, _k, rt) => {
    rt.checkSize(l.length + 1);
    l.push(arg(a, 0, "append"));
    return null;
  },
  extend: (l, a, _k, rt) => {
    const items = rt.callFilter("list", arg(a, 0, "extend"), [], new Map()) as PyValue[];
    rt.checkSize(l.length + items.length);
    l.push(...items);
    return null;
  },
  pop: (l, a) => {
    if (l.length === 0) throw new PyError("IndexError", "pop from empty list");
    let i = a[0] === undefined ? l.length - 1 : numVal(a[0] as number);
    if (i < 0) i += l.length;
    if (i < 0 || i >= l.length) throw new PyError("IndexError", "pop index out of range");
    return l.splice(i, 1)[0] as PyValue;
  },
  insert: (l, a) => {
    let i = numVal(arg(a, 0, "insert") as number);
    if (i < 0) i = Math.max(0, i + l.length);
    l.splice(Math.min(i, l.length), 0, arg(a, 1, "insert"));
    return null;
  },
  remove: (l, a) => {
    const i = indexOf(l, arg(a, 0, "remove"));
    if (i < 0) throw pyValueError("list.remove(x): x not in list");
    l.splice(i, 1);
    return null;
  },
  copy: (l) => l.slice(),
  clear: (l) => {
    l.length = 0;
    return null;
  },
  reverse: (l) => {
    l.reverse();
    return null;
  },
  sort: (l, _a, k, rt) => {
    const sorted = rt.callFilter("sort", l, [k.get("reverse") ?? false], new Map()) as PyValue[];
    l.splice(0, l.length, ...sorted);
    return null;
  },
};

const DICT_METHODS: Record<string, Method<PyDict>> = {
  items: (d) =>
    dictView(
      "dict_items",
      [...d.entries()].map(([k, v]) => tuple([k, v])),
    ),
  keys: (d) => dictView("dict_keys", [...d.keys()]),
  values: (d) => dictView("dict_values", [...d.values()]),
  get: (d, a) => {
    const k = dictKey(arg(a, 0, "get"));
    return d.has(k) ? (d.get(k) as PyValue) : (a[1] ?? null);
  },
  pop: (d, a) => {
    const k = dictKey(arg(a, 0, "pop"));
    if (d.has(k)) {
      const v = d.get(k) as PyValue;
      d.delete(k);
      return v;
    }
    if (a[1] !== undefined) return a[1];
    throw keyError(k);
  },
  setdefault: (d, a) => {
    const k = dictKey(arg(a, 0, "setdefault"));
    if (!d.has(k)) d.set(k, a[1] ?? null);
    return d.get(k) as PyValue;
  },
  update: (d, a, k, rt) => {
    const other = a[0];
    if (other !== undefined && isDict(other)) for (const [key, v] of other) d.set(key, v);
    else if (other !== undefined) for (const pair of rt.callFilter("list", other, [], new Map()) as PyValue[]) setPair(d, pair);
    for (const [key, v] of k) d.set(key, v);
    return null;
  },
  copy: (d) => new Map(d),
  clear: (d) => {
    d.clear();
    return null;
  },
};

function setPair(d: PyDict, pair: PyValue): void {
  if (!Array.isArray(pair) || pair.length !== 2) throw pyTypeError("cannot convert dictionary update sequence element");
  d.set(dictKey(pair[0] as PyValue), pair[1] as PyValue);
}

function arg(a: PyValue[], i: number, name: string): PyValue {
  const v = a[i];
  if (v === undefined) throw pyTypeError(`${name}() missing required argument`);
  return v;
}

function bind<T>(self: T, name: string, m: Method<T> | undefined, rt: Runtime): PyFunction | undefined {
  if (!m) return undefined;
  return new PyFunction(name, (args, kwargs) => m(self, args, kwargs, rt));
}

const has = (table: object, name: string): boolean => Object.hasOwn(table, name);

/** The bound method `obj.name`, or undefined when the type has no such (whitelisted) method. */
export function getMethod(obj: PyValue, name: string, rt: Runtime): PyFunction | undefined {
  if (obj instanceof Undef) return undefined;
  if (isStr(obj)) return has(STR_METHODS, name) ? bind(strVal(obj), name, STR_METHODS[name], rt) : undefined;
  if (isList(obj)) return has(LIST_METHODS, name) ? bind(obj, name, LIST_METHODS[name], rt) : undefined;
  if (isTuple(obj)) return has(SEQUENCE_METHODS, name) ? bind(obj, name, SEQUENCE_METHODS[name], rt) : undefined;
  if (isDict(obj)) return has(DICT_METHODS, name) ? bind(obj, name, DICT_METHODS[name], rt) : undefined;
  return undefined;
}
