/**
 * The pure builtins and string methods the evaluator allows: what literal-building comprehensions
 * use (`chr`, `ord`, `str`, `range`, `.lower()`, `.upper()`; option marker lists, for example),
 * plus a few harmless neighbours, and the dict constructors `dict(...)`, `collections.OrderedDict(...)`
 * and `OrderedDict(...)` (read as an insertion-ordered dict, which is what an OrderedDict of literals is).
 */

import { PyFloat, pyParseFloat } from "../../core/py-number.js";
import { pyLstrip, pyRstrip, pyStrip } from "../../core/py-str.js";
import type { Pos } from "./ast.js";
import { PyEvalError } from "./errors.js";
import { iterate } from "./iterate.js";
import { isTuple, type PyKey, type PyValue, pyEquals, pyRepr, pyStr, tuple, typeName } from "./values.js";

type Args = PyValue[];
type Kwargs = Map<string, PyValue>;

function int(value: PyValue | undefined, what: string, at: Pos): number {
  if (typeof value === "number" || typeof value === "boolean") return Number(value);
  throw new PyEvalError(`${what} needs an int, got ${value === undefined ? "nothing" : typeName(value)}`, at);
}

function str(value: PyValue | undefined, what: string, at: Pos): string {
  if (typeof value === "string") return value;
  throw new PyEvalError(`${what} needs a str, got ${value === undefined ? "nothing" : typeName(value)}`, at);
}

/** Python `float(x)` of an int, bool, float or str (str parsed as Python does); `float()` is 0.0. */
function float(value: PyValue | undefined, at: Pos): number {
  if (value === undefined) return 0;
  if (value instanceof PyFloat) return value.value;
  if (typeof value !== "string") return int(value, "float()", at);
  const parsed = pyParseFloat(value);
  if (parsed === undefined) throw new PyEvalError(`ValueError: could not convert string to float: ${pyRepr(value)}`, at);
  return parsed;
}

function range(args: Args, at: Pos): number[] {
  const [a, b, c] = args.map((x) => int(x, "range()", at));
  const [start, stop, step] = b === undefined ? [0, a ?? 0, 1] : [a ?? 0, b, c ?? 1];
  if (step === 0) throw new PyEvalError("range() arg 3 must not be zero", at);
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > 100_000) throw new PyEvalError("range() too large to expand", at);
  return Array.from({ length: count }, (_, i) => start + i * step);
}

/** A dict key: None, str, int, bool or float (as its number); anything else is not evaluated. */
export function hashable(value: PyValue, at: Pos): PyKey {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return value as PyKey;
  if (value instanceof PyFloat) return value.value;
  throw new PyEvalError(`unhashable or unsupported dict key of type ${typeName(value)}`, at);
}

/** Set `key` as Python does: an equal key already present (1 == 1.0 == True) keeps its place and spelling. */
function setItem(dict: Map<PyKey, PyValue>, key: PyKey, value: PyValue): void {
  const existing = dict.has(key) ? key : [...dict.keys()].find((k) => pyEquals(k, key));
  dict.set(existing === undefined ? key : existing, value);
}

/** `dict()`, `dict(mapping)`, `dict(iterable of pairs)`, each with keyword items after. */
function dict(name: string, args: Args, kwargs: Kwargs, at: Pos): Map<PyKey, PyValue> {
  if (args.length > 1) throw new PyEvalError(`${name}() expected at most 1 positional argument, got ${args.length}`, at);
  const out = new Map<PyKey, PyValue>();
  const [source] = args;
  if (source instanceof Map) for (const [k, v] of source) setItem(out, k, v);
  else if (source !== undefined) {
    iterate(source, at).forEach((item, i) => {
      const pair = iterate(item, at);
      if (pair.length !== 2) throw new PyEvalError(`${name}() sequence element #${i} has length ${pair.length}; 2 is required`, at);
      setItem(out, hashable(pair[0] as PyValue, at), pair[1] as PyValue);
    });
  }
  for (const [k, v] of kwargs) setItem(out, k, v);
  return out;
}

/** Builtins that take keyword arguments, by the name the module calls them by. */
const KEYWORD_BUILTINS: Record<string, (args: Args, kwargs: Kwargs, at: Pos) => PyValue> = {
  dict: (args, kwargs, at) => dict("dict", args, kwargs, at),
  OrderedDict: (args, kwargs, at) => dict("OrderedDict", args, kwargs, at),
  "collections.OrderedDict": (args, kwargs, at) => dict("OrderedDict", args, kwargs, at),
};

/** A dotted name (`module.function`) the evaluator knows without reading the module's imports. */
export function isQualifiedBuiltin(name: string): boolean {
  return name.includes(".") && Object.hasOwn(KEYWORD_BUILTINS, name);
}

const BUILTINS: Record<string, (args: Args, at: Pos) => PyValue> = {
  chr: ([x], at) => {
    const code = int(x, "chr()", at);
    if (code < 0 || code > 0x10ffff) throw new PyEvalError("ValueError: chr() arg not in range(0x110000)", at);
    return String.fromCodePoint(code);
  },
  ord: ([x], at) => {
    const s = str(x, "ord()", at);
    if ([...s].length !== 1) throw new PyEvalError(`ord() expected a character, got a string of length ${[...s].length}`, at);
    return s.codePointAt(0) as number;
  },
  str: ([x]) => (x === undefined ? "" : pyStr(x)),
  range: (args, at) => range(args, at),
  len: ([x], at) => (x instanceof Map ? x.size : typeof x === "string" ? [...x].length : iterate(x ?? null, at).length),
  list: ([x], at) => (x === undefined ? [] : [...iterate(x, at)]),
  tuple: ([x], at) => tuple(x === undefined ? [] : [...iterate(x, at)]),
  float: ([x], at) => new PyFloat(float(x, at)),
};

export function callBuiltin(name: string, args: Args, kwargs: Kwargs, at: Pos): PyValue {
  const keyword = Object.hasOwn(KEYWORD_BUILTINS, name) ? KEYWORD_BUILTINS[name] : undefined;
  if (keyword !== undefined) return keyword(args, kwargs, at);
  const fn = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
  if (fn === undefined) {
    const known = [...Object.keys(BUILTINS), ...Object.keys(KEYWORD_BUILTINS)].join(", ");
    throw new PyEvalError(`call of '${name}' is not evaluated (only ${known} and dataclasses are)`, at);
  }
  if (kwargs.size > 0) throw new PyEvalError(`${name}() keyword arguments are not evaluated`, at);
  return fn(args, at);
}

const STRING_METHODS: Record<string, (s: string, args: Args, at: Pos) => PyValue> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  strip: (s, [chars], at) => pyStrip(s, chars === undefined || chars === null ? undefined : str(chars, "strip()", at)),
  lstrip: (s, [chars], at) => pyLstrip(s, chars === undefined || chars === null ? undefined : str(chars, "lstrip()", at)),
  rstrip: (s, [chars], at) => pyRstrip(s, chars === undefined || chars === null ? undefined : str(chars, "rstrip()", at)),
  replace: (s, [a, b], at) => s.split(str(a, "replace()", at)).join(str(b, "replace()", at)),
  join: (s, [items], at) =>
    iterate(items ?? null, at)
      .map((x) => str(x, "join()", at))
      .join(s),
};

export function callMethod(target: PyValue, name: string, args: Args, kwargs: Kwargs, at: Pos): PyValue {
  if (kwargs.size > 0) throw new PyEvalError(`.${name}() keyword arguments are not evaluated`, at);
  if (typeof target === "string") {
    const method = STRING_METHODS[name];
    if (method) return method(target, args, at);
  }
  if (target instanceof Map && name === "copy" && args.length === 0) return new Map(target);
  if (Array.isArray(target) && !isTuple(target) && name === "copy" && args.length === 0) return [...target];
  throw new PyEvalError(`method ${typeName(target)}.${name}() is not evaluated`, at);
}
