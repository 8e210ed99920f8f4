/** Python operators on engine values: + - * / // % **, comparisons and `in`. */
import type { PyFloat } from "../../core/py-number.js";
import { PyError, pyTypeError, pyUndefinedError } from "./errors.js";
import { percentFormat } from "./format.js";
import { htmlEscape } from "./text.js";
import type { PyValue } from "./values.js";
import {
  dictKey,
  isDict,
  isFloat,
  isList,
  isNumeric,
  isStr,
  isTuple,
  Markup,
  mkFloat,
  numVal,
  PyRange,
  pyCompare,
  pyEq,
  strVal,
  tuple,
  typeName,
  Undef,
} from "./values.js";

/** Guards against results too large to build (e.g. `'x' * 10**9`). */
export type SizeCheck = (size: number) => void;

const zeroDivision = (msg: string): PyError => new PyError("ZeroDivisionError", msg);

function unsupported(op: string, a: PyValue, b: PyValue): PyError {
  return pyTypeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

export function binaryOp(op: string, a: PyValue, b: PyValue, check: SizeCheck): PyValue {
  if (a instanceof Undef) throw pyUndefinedError(a.message);
  if (b instanceof Undef) throw pyUndefinedError(b.message);
  if (isNumeric(a) && isNumeric(b)) return numericOp(op, a, b);
  switch (op) {
    case "+":
      return addSequences(a, b, check);
    case "*":
      return repeatSequence(a, b, check);
    case "%":
      if (isStr(a)) return percentFormat(strVal(a), b);
      break;
  }
  throw unsupported(op, a, b);
}

function numericOp(op: string, a: number | boolean | PyFloat, b: number | boolean | PyFloat): PyValue {
  const x = numVal(a);
  const y = numVal(b);
  const float = isFloat(a) || isFloat(b);
  const num = (r: number): PyValue => (float ? mkFloat(r) : r);
  switch (op) {
    case "+":
      return num(x + y);
    case "-":
      return num(x - y);
    case "*":
      return num(x * y);
    case "/":
      if (y === 0) throw zeroDivision("division by zero");
      return mkFloat(x / y);
    case "//":
      if (y === 0) throw zeroDivision(float ? "float floor division by zero" : "integer division or modulo by zero");
      return num(Math.floor(x / y));
    case "%":
      if (y === 0) throw zeroDivision(float ? "float modulo" : "integer division or modulo by zero");
      return num(pyMod(x, y));
    case "**":
      if (x === 0 && y < 0) throw zeroDivision("0.0 cannot be raised to a negative power");
      return float || y < 0 ? mkFloat(x ** y) : x ** y;
  }
  throw unsupported(op, a, b);
}

function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
}

function addSequences(a: PyValue, b: PyValue, check: SizeCheck): PyValue {
  if (isStr(a) && isStr(b)) {
    check(strVal(a).length + strVal(b).length);
    // Markup + str escapes the plain side, as markupsafe does.
    if (a instanceof Markup) return new Markup(a.text + (b instanceof Markup ? b.text : htmlEscape(b)));
    if (b instanceof Markup) return new Markup(htmlEscape(a as string) + b.text);
    return strVal(a) + strVal(b);
  }
  if (isList(a) && isList(b)) {
    check(a.length + b.length);
    return [...a, ...b];
  }
  if (isTuple(a) && isTuple(b)) return tuple([...a, ...b]);
  if (isStr(a)) throw pyTypeError(`can only concatenate str (not "${typeName(b)}") to str`);
  if (isList(a)) throw pyTypeError(`can only concatenate list (not "${typeName(b)}") to list`);
  throw unsupported("+", a, b);
}

function repeatSequence(a: PyValue, b: PyValue, check: SizeCheck): PyValue {
  const [seq, n] = isNumeric(a) ? [b, a] : [a, b];
  if (!isNumeric(n) || isFloat(n) || !(isStr(seq) || Array.isArray(seq))) {
    if (isStr(seq) || Array.isArray(seq)) throw pyTypeError(`can't multiply sequence by non-int of type '${typeName(n)}'`);
    throw unsupported("*", a, b);
  }
  const times = Math.max(0, numVal(n));
  if (isStr(seq)) {
    check(strVal(seq).length * times);
    return strVal(seq).repeat(times);
  }
  check(seq.length * times);
  const out: PyValue[] = [];
  for (let i = 0; i < times; i++) out.push(...seq);
  return isTuple(seq) ? tuple(out) : out;
}

export function unaryOp(op: "-" | "+", v: PyValue): PyValue {
  if (v instanceof Undef) throw pyUndefinedError(v.message);
  if (!isNumeric(v)) throw pyTypeError(`bad operand type for unary ${op}: '${typeName(v)}'`);
  const x = numVal(v);
  const r = op === "-" ? -x : x;
  return isFloat(v) ? mkFloat(r) : r;
}

/** Python `item in container`. */
function pyContains(container: PyValue, item: PyValue): boolean {
  if (container instanceof Undef) return false;
  if (isStr(container)) {
    if (!isStr(item)) throw pyTypeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return strVal(container).includes(strVal(item));
  }
  if (Array.isArray(container)) return container.some((x) => pyEq(x, item));
  if (isDict(container)) {
    if (item instanceof Undef) return false;
    if (container.has(dictKey(item))) return true;
    if (isNumeric(item)) for (const k of container.keys()) if (pyEq(k, item)) return true;
    return false;
  }
  if (container instanceof PyRange) {
    if (!isNumeric(item)) return false;
    const x = numVal(item);
    const i = (x - container.start) / container.step;
    return Number.isInteger(i) && i >= 0 && i < container.length;
  }
  throw pyTypeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** A comparison operator of a chain (`a < b`, `a in b`, `a notin b`), as tests like `lt` and `in` use it too. */
export function compare(op: string, a: PyValue, b: PyValue): boolean {
  switch (op) {
    case "==":
      return pyEq(a, b);
    case "!=":
      return !pyEq(a, b);
    case "in":
      return pyContains(b, a);
    case "notin":
      return !pyContains(b, a);
  }
  if (a instanceof Undef) throw pyUndefinedError(a.message);
  if (b instanceof Undef) throw pyUndefinedError(b.message);
  const c = pyCompare(a, b, op);
  switch (op) {
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    default:
      return c >= 0;
  }
}
