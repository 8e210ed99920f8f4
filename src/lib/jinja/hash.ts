/** Keys standing in for Python's hash() where filters need set or Counter semantics. */
import { pyStr } from "./repr.js";
import type { PyValue } from "./values.js";
import { isNumeric, isStr, numVal, strVal } from "./values.js";

/** A hashable identity for primitives (Python: 1 == 1.0 == True hash alike); undefined for others. */
export function hashKey(v: PyValue): string | undefined {
  if (isStr(v)) return `s${strVal(v)}`;
  if (isNumeric(v)) return `n${numVal(v)}`;
  if (v === null) return "none";
  return undefined;
}

/** hashKey, and tuples (frozen arrays) by their repr: a key per hashable value, undefined when Python would raise "unhashable type". */
export function pyHashKey(v: PyValue): string | undefined {
  return hashKey(v) ?? (Object.isFrozen(v) ? `t${pyStr(v)}` : undefined);
}
