/** Expression evaluation. */

import { getAttr, getItem, SliceKey } from "./access.js";
import type { Args, Expr } from "./ast.js";
import { PyError, pyTypeError } from "./errors.js";
import { binaryOp, compare, unaryOp } from "./ops.js";
import { pyStr } from "./repr.js";
import type { Runtime } from "./runtime.js";
import type { Scope } from "./scope.js";
import type { Kwargs, PyDict, PyValue } from "./values.js";
import { dictKey, truthy, tuple, Undef } from "./values.js";

/** What expressions need from the interpreter (an interface: evaluate.ts must not import interpreter.ts). */
export interface Evaluator extends Runtime {
  /** A variable's value; an Undefined when the name is unknown. */
  lookup(name: string, scope: Scope): PyValue;
}

export function evalExpr(it: Evaluator, e: Expr, scope: Scope, input?: PyValue): PyValue {
  switch (e.kind) {
    case "const":
      return e.value;
    case "name":
      return it.lookup(e.name, scope);
    case "tuple":
      return tuple(e.items.map((x) => evalExpr(it, x, scope)));
    case "list":
      return e.items.map((x) => evalExpr(it, x, scope));
    case "dict": {
      const d: PyDict = new Map();
      for (const [k, v] of e.pairs) d.set(dictKey(evalExpr(it, k, scope)), evalExpr(it, v, scope));
      return d;
    }
    case "getattr":
      return getAttr(evalExpr(it, e.obj, scope), e.attr, it);
    case "getitem": {
      const obj = evalExpr(it, e.obj, scope);
      const k = e.key;
      if (k.kind === "slice") {
        const part = (x: Expr | undefined): PyValue => (x ? evalExpr(it, x, scope) : null);
        return getItem(obj, new SliceKey(part(k.start), part(k.stop), part(k.step)) as never, it);
      }
      return getItem(obj, evalExpr(it, k, scope), it);
    }
    case "slice":
      throw pyTypeError("slice outside subscript");
    case "call": {
      const [args, kwargs] = evalArgs(it, e.call, scope);
      return it.call(evalExpr(it, e.fn, scope), args, kwargs);
    }
    case "filter": {
      const value = e.node ? evalExpr(it, e.node, scope, input) : (input ?? null);
      const [args, kwargs] = evalArgs(it, e.call, scope);
      return it.callFilter(e.name, value, args, kwargs);
    }
    case "test": {
      const value = evalExpr(it, e.node, scope);
      const [args] = evalArgs(it, e.call, scope);
      return it.callTest(e.name, value, args) !== e.negated;
    }
    case "unary": {
      const v = evalExpr(it, e.node, scope);
      return e.op === "not" ? !truthy(v) : unaryOp(e.op, v);
    }
    case "binary":
      return evalBinary(it, e.op, e.left, e.right, scope);
    case "concat": {
      const text = e.items.map((x) => pyStr(evalExpr(it, x, scope))).join("");
      it.checkSize(text.length);
      return text;
    }
    case "compare":
      return evalCompare(it, e.first, e.ops, scope);
    case "cond":
      if (truthy(evalExpr(it, e.test, scope))) return evalExpr(it, e.then, scope);
      if (e.else) return evalExpr(it, e.else, scope);
      return new Undef(`the inline if-expression on line ${e.line} evaluated to false and no else section was defined.`);
  }
}

function evalBinary(it: Evaluator, op: string, left: Expr, right: Expr, scope: Scope): PyValue {
  const a = evalExpr(it, left, scope);
  if (op === "and") return truthy(a) ? evalExpr(it, right, scope) : a;
  if (op === "or") return truthy(a) ? a : evalExpr(it, right, scope);
  return binaryOp(op, a, evalExpr(it, right, scope), (n) => it.checkSize(n));
}

function evalCompare(it: Evaluator, first: Expr, ops: [string, Expr][], scope: Scope): boolean {
  let left = evalExpr(it, first, scope);
  for (const [op, expr] of ops) {
    const right = evalExpr(it, expr, scope);
    if (!compare(op, left, right)) return false;
    left = right;
  }
  return true;
}

export function evalArgs(it: Evaluator, call: Args, scope: Scope): [PyValue[], Kwargs] {
  const args = call.args.map((a) => evalExpr(it, a, scope));
  const kwargs: Kwargs = new Map();
  for (const [k, v] of call.kwargs) kwargs.set(k, evalExpr(it, v, scope));
  if (call.dynArgs) args.push(...(it.callFilter("list", evalExpr(it, call.dynArgs, scope), [], new Map()) as PyValue[]));
  if (call.dynKwargs) {
    const extra = evalExpr(it, call.dynKwargs, scope);
    if (!(extra instanceof Map)) throw new PyError("TypeError", "argument after ** must be a mapping");
    for (const [k, v] of extra) kwargs.set(String(k), v);
  }
  return [args, kwargs];
}
