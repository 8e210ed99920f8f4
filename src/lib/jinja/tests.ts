/** The builtin tests of Jinja2 3.1.6 (`x is defined`, `selectattr(..., 'equalto', ...)`). */
import { pyUndefinedError } from "./errors.js";
import { binaryOp, compare } from "./ops.js";
import { pyStr } from "./repr.js";
import type { Runtime, TestFn } from "./runtime.js";
import { STR_METHODS } from "./str-methods.js";
import type { PyValue } from "./values.js";
import { isDict, isFloat, isNumeric, isStr, Markup, numVal, PyFunction, PyRange, pyEq, Undef } from "./values.js";

const arg0 = (args: PyValue[]): PyValue => args[0] ?? null;
const cmp =
  (op: string): TestFn =>
  (_rt, v, a) =>
    compare(op, v, arg0(a));
const remainder = (rt: Runtime, v: PyValue, by: PyValue): PyValue => {
  if (v instanceof Undef) throw pyUndefinedError(v.message);
  return binaryOp("%", v, by, (n) => rt.checkSize(n));
};
const strPredicate =
  (name: string): TestFn =>
  (rt, v) =>
    STR_METHODS[name]?.(pyStr(v), [], new Map(), rt) === true;

export const TESTS: Record<string, TestFn> = {
  defined: (_rt, v) => !(v instanceof Undef),
  undefined: (_rt, v) => v instanceof Undef,
  none: (_rt, v) => v === null,
  boolean: (_rt, v) => typeof v === "boolean",
  true: (_rt, v) => v === true,
  false: (_rt, v) => v === false,
  integer: (_rt, v) => typeof v === "number" && Number.isInteger(v),
  float: (_rt, v) => isFloat(v),
  number: (_rt, v) => isNumeric(v),
  string: (_rt, v) => isStr(v),
  mapping: (_rt, v) => isDict(v),
  sequence: (_rt, v) => isStr(v) || Array.isArray(v) || isDict(v) || v instanceof PyRange || v instanceof Undef,
  iterable: (_rt, v) => isStr(v) || Array.isArray(v) || isDict(v) || v instanceof PyRange || v instanceof Undef,
  callable: (_rt, v) => v instanceof PyFunction,
  escaped: (_rt, v) => v instanceof Markup,
  odd: (rt, v) => pyEq(remainder(rt, v, 2), 1),
  even: (rt, v) => pyEq(remainder(rt, v, 2), 0),
  divisibleby: (rt, v, a) => pyEq(remainder(rt, v, arg0(a)), 0),
  sameas: (_rt, v, a) => {
    const o = arg0(a);
    if (isNumeric(v) && isNumeric(o)) return typeof v === typeof o && numVal(v) === numVal(o);
    return v === o;
  },
  lower: strPredicate("islower"),
  upper: strPredicate("isupper"),
  in: (_rt, v, a) => compare("in", v, arg0(a)),
  filter: (rt, v) => isStr(v) && rt.hasFilter(pyStr(v)),
  test: (rt, v) => isStr(v) && rt.hasTest(pyStr(v)),
  eq: cmp("=="),
  equalto: cmp("=="),
  "==": cmp("=="),
  ne: cmp("!="),
  "!=": cmp("!="),
  lt: cmp("<"),
  lessthan: cmp("<"),
  "<": cmp("<"),
  le: cmp("<="),
  "<=": cmp("<="),
  gt: cmp(">"),
  greaterthan: cmp(">"),
  ">": cmp(">"),
  ge: cmp(">="),
  ">=": cmp(">="),
};
