/** Argument helpers shared by filters and tests. */
import { pyTypeError } from "./errors.js";
import type { Kwargs, PyValue } from "./values.js";
import { isNumeric, numVal, truthy, typeName } from "./values.js";

/** The argument at position `i` (after the filtered value) or keyword `name`. */
export function param(args: PyValue[], kwargs: Kwargs, i: number, name: string): PyValue | undefined {
  return args[i] ?? kwargs.get(name);
}

export function intParam(args: PyValue[], kwargs: Kwargs, i: number, name: string, dflt: number): number {
  const v = param(args, kwargs, i, name);
  if (v === undefined || v === null) return dflt;
  if (!isNumeric(v)) throw pyTypeError(`'${name}' must be an integer, got ${typeName(v)}`);
  return numVal(v);
}

export function boolParam(args: PyValue[], kwargs: Kwargs, i: number, name: string): boolean {
  const v = param(args, kwargs, i, name);
  return v !== undefined && truthy(v);
}
