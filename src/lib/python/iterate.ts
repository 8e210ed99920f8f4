/** Python iteration over a value, shared by the evaluator, its builtins and the statement runner. */
import type { Pos } from "./ast.js";
import { PyEvalError } from "./errors.js";
import { type PyKey, type PyValue, typeName } from "./values.js";

/** The values `iterate` iterates over: str, list, tuple and dict. */
export function isIterable(value: PyValue): value is string | PyValue[] | Map<PyKey, PyValue> {
  return typeof value === "string" || Array.isArray(value) || value instanceof Map;
}

/** A str yields its characters, a list or tuple its items, a dict its keys; anything else is not evaluated. */
export function iterate(value: PyValue, at: Pos): PyValue[] {
  if (typeof value === "string") return [...value];
  if (Array.isArray(value)) return value;
  if (value instanceof Map) return [...value.keys()];
  throw new PyEvalError(`iteration over ${typeName(value)} is not evaluated`, at);
}
