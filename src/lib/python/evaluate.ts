/**
 * Constant folding of literal expressions: the evaluator walks the tree from parser.ts and computes
 * values only for a closed, side-effect-free subset (literals, names bound to earlier literals,
 * `+ - * % //` on numbers, strings and lists, comparisons, conditional expressions, comprehensions,
 * constructors of known dataclasses, and the pure builtins in builtins.ts). Anything else raises
 * PyEvalError, and the module reader skips that statement with a note. No Python code is ever run.
 */
import { PyFloat } from "../../core/py-number.js";
import type { Comprehension, Expr, Pos } from "./ast.js";
import { callBuiltin, callMethod, hashable, isQualifiedBuiltin } from "./builtins.js";
import { PyEvalError } from "./errors.js";
import { iterate } from "./iterate.js";
import { isTuple, PyBytes, PyInstance, type PyValue, pyEquals, tuple, typeName } from "./values.js";

/** Fields and defaults of a dataclass, in declaration order. */
export interface DataclassSpec {
  name: string;
  fields: string[];
  defaults: Map<string, PyValue>;
}

export interface EvalScope {
  /** Module-level names bound to literal values so far. */
  names: ReadonlyMap<string, PyValue>;
  dataclasses: ReadonlyMap<string, DataclassSpec>;
}

/** Largest list a comprehension or `*` may build (FLAN's template modules, for one, need 1,000). */
const MAX_ITEMS = 100_000;

export function evaluate(expr: Expr, scope: EvalScope, locals: ReadonlyMap<string, PyValue> = new Map()): PyValue {
  const ev = (e: Expr): PyValue => evaluate(e, scope, locals);
  switch (expr.type) {
    case "const":
      return expr.float ? new PyFloat(expr.value as number) : expr.value;
    case "bytes":
      return new PyBytes(expr.value);
    case "name":
      return lookup(expr.id, expr.at, scope, locals);
    case "list":
      return expr.items.map(ev);
    case "tuple":
      return tuple(expr.items.map(ev));
    case "set":
      throw new PyEvalError("set literals are not evaluated", expr.at);
    case "dict":
      return new Map(expr.entries.map(({ key, value }) => [hashable(ev(key), key.at), ev(value)]));
    case "binop":
      return binop(expr.op, ev(expr.left), ev(expr.right), expr.at);
    case "unary":
      return unary(expr.op, ev(expr.operand), expr.at);
    case "boolop": {
      const left = ev(expr.left);
      return truthy(left) === (expr.op === "or") ? left : ev(expr.right);
    }
    case "compare":
      return compareChain(expr.ops, expr.operands.map(ev), expr.at);
    case "ifexp":
      return truthy(ev(expr.test)) ? ev(expr.body) : ev(expr.orelse);
    case "subscript":
      return subscript(ev(expr.object), ev(expr.index), expr.at);
    case "comp":
      if (expr.kind !== "list") throw new PyEvalError(`${expr.kind} comprehensions are not evaluated`, expr.at);
      return comprehension(expr.element, expr.generators, scope, locals, expr.at);
    case "call":
      return call(expr, scope, locals);
    case "attr":
      throw new PyEvalError(`attribute access '.${expr.name}' is not evaluated`, expr.at);
    case "unsupported":
      throw new PyEvalError(`${expr.what} is not evaluated`, expr.at);
  }
}

function lookup(id: string, at: Pos, scope: EvalScope, locals: ReadonlyMap<string, PyValue>): PyValue {
  const value = locals.get(id) ?? scope.names.get(id);
  if (value === undefined) throw new PyEvalError(`name '${id}' is not bound to a literal value`, at);
  return value;
}

function truthy(value: PyValue): boolean {
  if (value instanceof PyFloat) return value.value !== 0;
  if (value instanceof PyBytes) return value.latin1.length > 0;
  if (value instanceof Map) return value.size > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof PyInstance) return true;
  return Boolean(value);
}

function num(value: PyValue): number | undefined {
  if (typeof value === "number" || typeof value === "boolean") return Number(value);
  return value instanceof PyFloat ? value.value : undefined;
}

function numeric(result: number, a: PyValue, b: PyValue): PyValue {
  return a instanceof PyFloat || b instanceof PyFloat ? new PyFloat(result) : result;
}

function binop(op: string, a: PyValue, b: PyValue, at: Pos): PyValue {
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) return arithmetic(op, x, y, a, b, at);
  if (op === "+" && typeof a === "string" && typeof b === "string") return a + b;
  if (op === "+" && Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    const joined = [...a, ...b];
    return isTuple(a) ? tuple(joined) : joined;
  }
  if (op === "*" && (typeof a === "string" || Array.isArray(a)) && typeof b === "number") return repeat(a, b, at);
  if (op === "*" && (typeof b === "string" || Array.isArray(b)) && typeof a === "number") return repeat(b, a, at);
  throw new PyEvalError(`'${op}' between ${typeName(a)} and ${typeName(b)} is not evaluated`, at);
}

function arithmetic(op: string, x: number, y: number, a: PyValue, b: PyValue, at: Pos): PyValue {
  const isZero = y === 0 && ["/", "//", "%"].includes(op);
  if (isZero) throw new PyEvalError("division by zero", at);
  switch (op) {
    case "+":
      return numeric(x + y, a, b);
    case "-":
      return numeric(x - y, a, b);
    case "*":
      return numeric(x * y, a, b);
    case "/":
      return new PyFloat(x / y);
    case "//":
      return numeric(Math.floor(x / y), a, b);
    case "%":
      return numeric(x - y * Math.floor(x / y), a, b);
    case "**":
      // An int to a negative power is a float in Python (2 ** -1 == 0.5).
      return y < 0 ? new PyFloat(x ** y) : numeric(x ** y, a, b);
    default:
      throw new PyEvalError(`'${op}' is not evaluated`, at);
  }
}

function repeat(seq: string | PyValue[], times: number, at: Pos): PyValue {
  const n = Math.max(0, times);
  if (seq.length * n > MAX_ITEMS * 100) throw new PyEvalError("repetition result too large", at);
  if (typeof seq === "string") return seq.repeat(n);
  const out = Array.from({ length: n }, () => seq).flat();
  return isTuple(seq) ? tuple(out) : out;
}

function unary(op: string, value: PyValue, at: Pos): PyValue {
  if (op === "not") return !truthy(value);
  const x = num(value);
  if (x === undefined || op === "~") throw new PyEvalError(`unary '${op}' on ${typeName(value)} is not evaluated`, at);
  return op === "-" ? numeric(-x, value, value) : numeric(x, value, value);
}

function compareChain(ops: string[], values: PyValue[], at: Pos): boolean {
  return ops.every((op, i) => compare(op, values[i] as PyValue, values[i + 1] as PyValue, at));
}

function compare(op: string, a: PyValue, b: PyValue, at: Pos): boolean {
  if (op === "==") return pyEquals(a, b);
  if (op === "!=") return !pyEquals(a, b);
  if (op === "in" || op === "not in") return contains(b, a, at) === (op === "in");
  if (op === "is" || op === "is not") {
    if (a !== null && b !== null && typeof a !== "boolean" && typeof b !== "boolean")
      throw new PyEvalError("'is' is only evaluated against None, True and False", at);
    return (a === b) === (op === "is");
  }
  const x = num(a) ?? (typeof a === "string" ? a : undefined);
  const y = num(b) ?? (typeof b === "string" ? b : undefined);
  if (x === undefined || y === undefined || typeof x !== typeof y)
    throw new PyEvalError(`'${op}' between ${typeName(a)} and ${typeName(b)} is not evaluated`, at);
  return op === "<" ? x < y : op === ">" ? x > y : op === "<=" ? x <= y : x >= y;
}

function contains(container: PyValue, item: PyValue, at: Pos): boolean {
  if (typeof container === "string" && typeof item === "string") return container.includes(item);
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (container instanceof Map) return [...container.keys()].some((k) => pyEquals(k, item));
  throw new PyEvalError(`'in' on ${typeName(container)} is not evaluated`, at);
}

function subscript(object: PyValue, index: PyValue, at: Pos): PyValue {
  if (object instanceof Map) {
    const key = [...object.keys()].find((k) => pyEquals(k, index));
    if (key === undefined) throw new PyEvalError(`KeyError: ${JSON.stringify(index)} is not a key here`, at);
    return object.get(key) as PyValue;
  }
  if ((typeof object === "string" || Array.isArray(object)) && typeof index === "number") {
    const items = typeof object === "string" ? [...object] : object;
    const i = index < 0 ? items.length + index : index;
    if (i < 0 || i >= items.length) throw new PyEvalError("IndexError: index out of range", at);
    return items[i] as PyValue;
  }
  throw new PyEvalError(`subscript of ${typeName(object)} by ${typeName(index)} is not evaluated`, at);
}

function comprehension(element: Expr, gens: Comprehension[], scope: EvalScope, locals: ReadonlyMap<string, PyValue>, at: Pos): PyValue[] {
  const [gen, ...rest] = gens;
  if (gen === undefined) return [evaluate(element, scope, locals)];
  const out: PyValue[] = [];
  for (const item of iterate(evaluate(gen.iter, scope, locals), gen.iter.at)) {
    const inner = new Map(locals);
    bindTarget(gen.target, item, inner);
    if (!gen.ifs.every((cond) => truthy(evaluate(cond, scope, inner)))) continue;
    out.push(...comprehension(element, rest, scope, inner, at));
    if (out.length > MAX_ITEMS) throw new PyEvalError("comprehension result too large", at);
  }
  return out;
}

function bindTarget(target: Expr, value: PyValue, locals: Map<string, PyValue>): void {
  if (target.type === "name") {
    locals.set(target.id, value);
    return;
  }
  if (target.type === "tuple" || target.type === "list") {
    const items = iterate(value, target.at);
    if (items.length !== target.items.length)
      throw new PyEvalError(`cannot unpack ${items.length} values into ${target.items.length} names`, target.at);
    target.items.forEach((t, i) => bindTarget(t, items[i] as PyValue, locals));
    return;
  }
  throw new PyEvalError(`comprehension target of kind ${target.type} is not evaluated`, target.at);
}

function call(expr: Extract<Expr, { type: "call" }>, scope: EvalScope, locals: ReadonlyMap<string, PyValue>): PyValue {
  const args = expr.args.map((a) => evaluate(a, scope, locals));
  const kwargs = new Map(expr.kwargs.map(({ name, value }) => [name, evaluate(value, scope, locals)]));
  const func = expr.func;
  // `collections.OrderedDict(...)`: a standard-library constructor named through its (unread) module.
  if (func.type === "attr" && func.object.type === "name" && !locals.has(func.object.id) && !scope.names.has(func.object.id)) {
    const qualified = `${func.object.id}.${func.name}`;
    if (isQualifiedBuiltin(qualified)) return callBuiltin(qualified, args, kwargs, expr.at);
  }
  if (func.type === "attr") return callMethod(evaluate(func.object, scope, locals), func.name, args, kwargs, expr.at);
  if (func.type !== "name") throw new PyEvalError("only named functions and methods are evaluated", expr.at);
  if (locals.has(func.id) || scope.names.has(func.id)) throw new PyEvalError(`'${func.id}' is bound to a value, not called`, expr.at);
  const spec = scope.dataclasses.get(func.id);
  if (spec !== undefined && !locals.has(func.id)) return construct(spec, args, kwargs, expr.at);
  return callBuiltin(func.id, args, kwargs, expr.at);
}

/** A dataclass constructor: positional then keyword arguments, declared defaults for the rest. */
function construct(spec: DataclassSpec, args: PyValue[], kwargs: Map<string, PyValue>, at: Pos): PyInstance {
  if (args.length > spec.fields.length)
    throw new PyEvalError(`${spec.name}() takes ${spec.fields.length} arguments, got ${args.length}`, at);
  const fields = new Map<string, PyValue>();
  for (const name of kwargs.keys()) {
    if (!spec.fields.includes(name)) throw new PyEvalError(`${spec.name}() got an unexpected keyword argument '${name}'`, at);
  }
  spec.fields.forEach((name, i) => {
    const given = i < args.length ? args[i] : kwargs.get(name);
    if (i < args.length && kwargs.has(name)) throw new PyEvalError(`${spec.name}() got multiple values for argument '${name}'`, at);
    const value = given !== undefined ? given : spec.defaults.get(name);
    if (value === undefined) throw new PyEvalError(`${spec.name}() missing required argument: '${name}'`, at);
    fields.set(name, value);
  });
  return new PyInstance(spec.name, fields);
}
