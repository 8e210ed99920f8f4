/**
 * Expressions compiled to closures over a frame: the syntax tree is walked once, when the template
 * is compiled; a render only calls closures. Evaluation order, step charges and errors are Jinja2's:
 * arguments before the callee, a filter's value before its arguments, `and`/`or` short-circuit.
 */
import { getAttr, getItem, SliceKey } from "./access.js";
import type { Args, Expr } from "./ast.js";
import { compileLookup, type ScopeNode, type Unit } from "./compile-scope.js";
import { PyError, pyTypeError } from "./errors.js";
import { binaryOp, compare, unaryOp } from "./ops.js";
import type { Frame } from "./render-state.js";
import { pyStr } from "./repr.js";
import type { Kwargs, PyDict, PyValue } from "./values.js";
import { dictKey, truthy, tuple, Undef } from "./values.js";

/** A compiled expression. */
export type Ev = (f: Frame) => PyValue;
/** A compiled filter chain whose innermost value is the `input` (`{% filter %}`, `{% set x | f %}`). */
export type Head = (f: Frame, input: PyValue) => PyValue;
/** Compiled call arguments: evaluates them in order, keywords into `kwargs`, and returns the positional ones. */
type ArgsFn = (f: Frame, kwargs: Kwargs) => PyValue[];
/** Compiled call arguments, and whether they can give keywords (else the call takes NO_KWARGS). */
interface CompiledArgs {
  readonly run: ArgsFn;
  readonly keywords: boolean;
}

/** The keyword arguments of every call that passes none: one shared Map, which refuses changes. */
class NoKwargs extends Map<string, PyValue> {
  override set(): this {
    throw new TypeError("keyword arguments are read-only");
  }
  override delete(): boolean {
    throw new TypeError("keyword arguments are read-only");
  }
  override clear(): void {
    throw new TypeError("keyword arguments are read-only");
  }
}
const NO_KWARGS: Kwargs = new NoKwargs();
const kwargsFor = (args: CompiledArgs): Kwargs => (args.keywords ? new Map() : NO_KWARGS);

/** Where an expression is compiled: the scope it runs in and the template's shared tables. */
export interface Cx {
  readonly scope: ScopeNode;
  readonly unit: Unit;
}

export function compileExpr(e: Expr, cx: Cx): Ev {
  switch (e.kind) {
    case "const": {
      const value = e.value;
      return () => value;
    }
    case "name":
      return compileLookup(e.name, cx.scope, cx.unit, true) as Ev;
    case "tuple": {
      const items = compileAll(e.items, cx);
      return (f) => tuple(evalAll(items, f));
    }
    case "list": {
      const items = compileAll(e.items, cx);
      return (f) => evalAll(items, f);
    }
    case "dict": {
      const pairs = e.pairs.map(([k, v]): [Ev, Ev] => [compileExpr(k, cx), compileExpr(v, cx)]);
      return (f) => {
        const d: PyDict = new Map();
        for (const [k, v] of pairs) d.set(dictKey(k(f)), v(f));
        return d;
      };
    }
    case "getattr": {
      const obj = compileExpr(e.obj, cx);
      const attr = e.attr;
      return (f) => getAttr(obj(f), attr, f.rt);
    }
    case "getitem":
      return compileGetItem(e, cx);
    case "slice":
      return () => {
        throw pyTypeError("slice outside subscript");
      };
    case "call": {
      const args = compileArgs(e.call, cx);
      const fn = compileExpr(e.fn, cx);
      return (f) => {
        const kwargs = kwargsFor(args);
        const positional = args.run(f, kwargs);
        return f.rt.call(fn(f), positional, kwargs);
      };
    }
    case "filter": {
      const head = compileFilter(e, cx);
      return (f) => head(f, null);
    }
    case "test":
      return compileTest(e, cx);
    case "unary": {
      const node = compileExpr(e.node, cx);
      if (e.op === "not") return (f) => !truthy(node(f));
      const op = e.op;
      return (f) => unaryOp(op, node(f));
    }
    case "binary":
      return compileBinary(e.op, compileExpr(e.left, cx), compileExpr(e.right, cx));
    case "concat": {
      const items = compileAll(e.items, cx);
      return (f) => {
        let text = "";
        for (const item of items) text += pyStr(item(f));
        f.rt.checkSize(text.length);
        return text;
      };
    }
    case "compare":
      return compileCompare(compileExpr(e.first, cx), e.ops, cx);
    case "cond": {
      const test = compileExpr(e.test, cx);
      const then = compileExpr(e.then, cx);
      if (e.else) {
        const orelse = compileExpr(e.else, cx);
        return (f) => (truthy(test(f)) ? then(f) : orelse(f));
      }
      const message = `the inline if-expression on line ${e.line} evaluated to false and no else section was defined.`;
      return (f) => (truthy(test(f)) ? then(f) : new Undef(message));
    }
  }
}

/** A filter head: a filter chain fed `input` at its innermost end; any other expression ignores it. */
export function compileHead(e: Expr, cx: Cx): Head {
  if (e.kind === "filter") return compileFilter(e, cx);
  const ev = compileExpr(e, cx);
  return (f) => ev(f);
}

function compileFilter(e: Extract<Expr, { kind: "filter" }>, cx: Cx): Head {
  const node = e.node ? compileHead(e.node, cx) : undefined;
  const args = compileArgs(e.call, cx);
  const name = e.name;
  const filters = cx.unit.definitions.filters;
  const filter = Object.hasOwn(filters, name) ? filters[name] : undefined;
  return (f, input) => {
    const value = node ? node(f, input) : input;
    const kwargs = kwargsFor(args);
    const positional = args.run(f, kwargs);
    const rt = f.rt;
    rt.step();
    if (!filter) throw new PyError("TemplateRuntimeError", `No filter named '${name}' found.`);
    return filter(rt, value, positional, kwargs);
  };
}

function compileTest(e: Extract<Expr, { kind: "test" }>, cx: Cx): Ev {
  const node = compileExpr(e.node, cx);
  const args = compileArgs(e.call, cx);
  const { name, negated } = e;
  const tests = cx.unit.definitions.tests;
  const test = Object.hasOwn(tests, name) ? tests[name] : undefined;
  return (f) => {
    const value = node(f);
    const positional = args.run(f, kwargsFor(args));
    const rt = f.rt;
    rt.step();
    if (!test) throw new PyError("TemplateRuntimeError", `No test named '${name}' found.`);
    return test(rt, value, positional) !== negated;
  };
}

function compileGetItem(e: Extract<Expr, { kind: "getitem" }>, cx: Cx): Ev {
  const obj = compileExpr(e.obj, cx);
  const k = e.key;
  if (k.kind === "slice") {
    const part = (x: Expr | undefined): Ev => (x ? compileExpr(x, cx) : () => null);
    const [start, stop, step] = [part(k.start), part(k.stop), part(k.step)];
    return (f) => {
      const o = obj(f);
      return getItem(o, new SliceKey(start(f), stop(f), step(f)) as never, f.rt);
    };
  }
  const key = compileExpr(k, cx);
  return (f) => {
    const o = obj(f);
    return getItem(o, key(f), f.rt);
  };
}

function compileBinary(op: string, left: Ev, right: Ev): Ev {
  if (op === "and")
    return (f) => {
      const a = left(f);
      return truthy(a) ? right(f) : a;
    };
  if (op === "or")
    return (f) => {
      const a = left(f);
      return truthy(a) ? a : right(f);
    };
  return (f) => {
    const a = left(f);
    return binaryOp(op, a, right(f), f.rt.sizeCheck);
  };
}

function compileCompare(first: Ev, ops: [string, Expr][], cx: Cx): Ev {
  const rest = ops.map(([op, expr]): [string, Ev] => [op, compileExpr(expr, cx)]);
  return (f) => {
    let left = first(f);
    for (const [op, expr] of rest) {
      const right = expr(f);
      if (!compare(op, left, right)) return false;
      left = right;
    }
    return true;
  };
}

export function compileArgs(call: Args, cx: Cx): CompiledArgs {
  const args = compileAll(call.args, cx);
  const kwargs = call.kwargs.map(([k, v]): [string, Ev] => [k, compileExpr(v, cx)]);
  const dynArgs = call.dynArgs ? compileExpr(call.dynArgs, cx) : undefined;
  const dynKwargs = call.dynKwargs ? compileExpr(call.dynKwargs, cx) : undefined;
  if (kwargs.length === 0 && !dynArgs && !dynKwargs)
    return { run: args.length === 0 ? () => [] : (f) => evalAll(args, f), keywords: false };
  const run: ArgsFn = (f, kw) => {
    const positional = evalAll(args, f);
    for (const [k, v] of kwargs) kw.set(k, v(f));
    if (dynArgs) positional.push(...(f.rt.callFilter("list", dynArgs(f), [], new Map()) as PyValue[]));
    if (dynKwargs) {
      const extra = dynKwargs(f);
      if (!(extra instanceof Map)) throw new PyError("TypeError", "argument after ** must be a mapping");
      for (const [k, v] of extra) kw.set(String(k), v);
    }
    return positional;
  };
  return { run, keywords: true };
}

function compileAll(items: readonly Expr[], cx: Cx): Ev[] {
  return items.map((x) => compileExpr(x, cx));
}

function evalAll(items: readonly Ev[], f: Frame): PyValue[] {
  const out: PyValue[] = [];
  for (const item of items) out.push(item(f));
  return out;
}
