/**
 * Statements compiled to closures that write to an output buffer. Each scope a statement opens at
 * render time (loop iteration, loop filter, `else` of a loop, block set, filter block, `with`) is a
 * ScopeNode at compile time; text known at compile time (data, printed constants) is joined once.
 */
import { iterate } from "./access.js";
import type { Expr, Stmt, Target } from "./ast.js";
import { type Cx, compileArgs, compileExpr, compileHead, type Ev } from "./compile-expr.js";
import { compileMacro } from "./compile-macro.js";
import { compileLookup, declareBody, declareTarget, ScopeNode } from "./compile-scope.js";
import { PyError, pyTypeError, pyValueError } from "./errors.js";
import { LoopObject } from "./loop.js";
import { Namespace } from "./namespace.js";
import { Frame, Out } from "./render-state.js";
import { pyStr } from "./repr.js";
import type { Kwargs, PyValue } from "./values.js";
import { truthy } from "./values.js";

/** A compiled statement (or body): runs in a frame, writes to `out`. */
export type Ex = (f: Frame, out: Out) => void;
type Assign = (f: Frame, value: PyValue) => void;

/** Run a compiled body into a fresh buffer and return its text. */
export function renderBody(body: Ex, frame: Frame): string {
  const out = new Out(frame.rt.limits.maxOutputChars);
  body(frame, out);
  return out.text;
}

/** A body in the scope `cx.scope`, whose names the caller has declared. */
export function compileBody(body: readonly Stmt[], cx: Cx): Ex {
  const parts: Ex[] = [];
  let text = "";
  const flush = (): void => {
    if (text === "") return;
    const constant = text;
    parts.push((_f, out) => out.write(constant));
    text = "";
  };
  for (const s of body) {
    const constant = constantText(s);
    if (constant !== undefined) text += constant;
    else {
      flush();
      parts.push(compileStmt(s, cx));
    }
  }
  flush();
  if (parts.length === 0) return () => {};
  if (parts.length === 1) return parts[0] as Ex;
  return (f, out) => {
    for (const part of parts) part(f, out);
  };
}

function constantText(s: Stmt): string | undefined {
  if (s.kind === "data") return s.text;
  if (s.kind === "print" && s.expr.kind === "const") return pyStr(s.expr.value);
  return undefined;
}

/** A body that runs in a new scope under `cx.scope` (a fresh frame per run). */
function childBody(body: readonly Stmt[], cx: Cx): (f: Frame) => string {
  const scope = new ScopeNode(cx.scope);
  declareBody(body, scope);
  const run = compileBody(body, { scope, unit: cx.unit });
  const size = scope.size;
  return (f) => renderBody(run, new Frame(f, size, f.rt));
}

function compileStmt(s: Stmt, cx: Cx): Ex {
  switch (s.kind) {
    case "data":
    case "print": {
      const value = s.kind === "data" ? () => s.text : compileExpr(s.expr, cx);
      return (f, out) => out.write(pyStr(value(f)));
    }
    case "if": {
      const test = compileExpr(s.test, cx);
      const body = compileBody(s.body, cx);
      const orelse = compileBody(s.orelse, cx);
      return (f, out) => (truthy(test(f)) ? body(f, out) : orelse(f, out));
    }
    case "for":
      return compileFor(s, cx);
    case "set": {
      const value = compileExpr(s.value, cx);
      const assign = compileAssign(s.target, cx);
      return (f) => assign(f, value(f));
    }
    case "setblock": {
      const body = childBody(s.body, cx);
      const filter = s.filter ? compileHead(s.filter, cx) : undefined;
      const assign = compileAssign(s.target, cx);
      return (f) => {
        const text = body(f);
        assign(f, filter ? filter(f, text) : text);
      };
    }
    case "macro": {
      const slot = cx.scope.declare(s.name);
      const make = compileMacro(s.name, s.params, s.body, cx, compileBody);
      return (f) => {
        f.vars[slot] = make(f);
      };
    }
    case "callblock":
      return compileCallBlock(s, cx);
    case "filterblock": {
      const body = childBody(s.body, cx);
      const filter = compileHead(s.filter, cx);
      return (f, out) => out.write(pyStr(filter(f, body(f))));
    }
    case "with": {
      const scope = new ScopeNode(cx.scope);
      for (const [target] of s.assigns) declareTarget(target, scope);
      declareBody(s.body, scope);
      const inner: Cx = { scope, unit: cx.unit };
      const assigns = s.assigns.map(([target, value]): [Assign, Ev] => [compileAssign(target, inner), compileExpr(value, cx)]);
      const body = compileBody(s.body, inner);
      const size = scope.size;
      return (f, out) => {
        const frame = new Frame(f, size, f.rt);
        for (const [assign, value] of assigns) assign(frame, value(f));
        body(frame, out);
      };
    }
  }
}

function compileFor(s: Extract<Stmt, { kind: "for" }>, cx: Cx): Ex {
  const iter = compileExpr(s.iter, cx);
  const scope = new ScopeNode(cx.scope);
  const loopSlot = scope.declare("loop");
  declareTarget(s.target, scope);
  declareBody(s.body, scope);
  const inner: Cx = { scope, unit: cx.unit };
  const assign = compileAssign(s.target, inner);
  const body = compileBody(s.body, inner);
  const size = scope.size;
  const keep = s.filter ? compileLoopFilter(s.target, s.filter, cx) : undefined;
  const orelse = childBody(s.orelse, cx);
  const recursive = s.recursive;

  const run = (f: Frame, iterable: PyValue, depth0: number): string => {
    const rt = f.rt;
    let items = iterate(iterable, rt);
    if (keep) items = items.filter((item) => keep(f, item));
    if (items.length === 0) return orelse(f);
    const recurse = recursive ? (next: PyValue): string => run(f, next, depth0 + 1) : undefined;
    const loop = new LoopObject(items, depth0, recurse);
    const out = new Out(rt.limits.maxOutputChars);
    for (let i = 0; i < items.length; i++) {
      rt.step();
      loop.index0 = i;
      const frame = new Frame(f, size, rt);
      frame.vars[loopSlot] = loop;
      assign(frame, items[i] as PyValue);
      body(frame, out);
    }
    return out.text;
  };
  return (f, out) => out.write(run(f, iter(f), 0));
}

/** `for x in xs if cond`: each item is bound in a scope of its own, then the condition is tested there. */
function compileLoopFilter(target: Target, filter: Expr, cx: Cx): (f: Frame, item: PyValue) => boolean {
  const scope = new ScopeNode(cx.scope);
  declareTarget(target, scope);
  const probe: Cx = { scope, unit: cx.unit };
  const assign = compileAssign(target, probe);
  const cond = compileExpr(filter, probe);
  const size = scope.size;
  return (f, item) => {
    f.rt.step();
    const frame = new Frame(f, size, f.rt);
    assign(frame, item);
    return truthy(cond(frame));
  };
}

function compileCallBlock(s: Extract<Stmt, { kind: "callblock" }>, cx: Cx): Ex {
  const call = s.call;
  if (call.kind !== "call")
    return () => {
      throw pyTypeError("call block needs a call");
    };
  const makeCaller = compileMacro("caller", s.params, s.body, cx, compileBody);
  const args = compileArgs(call.call, cx);
  const fn = compileExpr(call.fn, cx);
  return (f, out) => {
    const caller = makeCaller(f);
    const kwargs: Kwargs = new Map();
    const positional = args.run(f, kwargs);
    kwargs.set("caller", caller);
    out.write(pyStr(f.rt.call(fn(f), positional, kwargs)));
  };
}

/** Assignment to a target in `cx.scope` (declared there beforehand). */
function compileAssign(target: Target, cx: Cx): Assign {
  if (target.kind === "name") {
    const slot = cx.scope.declare(target.name);
    return (f, value) => {
      f.vars[slot] = value;
    };
  }
  if (target.kind === "nsattr") {
    const lookup = compileLookup(target.name, cx.scope, cx.unit, false);
    const attr = target.attr;
    return (f, value) => {
      const ns = lookup(f);
      if (!(ns instanceof Namespace)) throw new PyError("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
      ns.attrs.set(attr, value);
    };
  }
  const items = target.items.map((t) => compileAssign(t, cx));
  const n = items.length;
  return (f, value) => {
    const values = iterate(value, f.rt);
    if (values.length < n) throw pyValueError(`not enough values to unpack (expected ${n}, got ${values.length})`);
    if (values.length > n) throw pyValueError(`too many values to unpack (expected ${n})`);
    items.forEach((assign, i) => assign(f, values[i] as PyValue));
  };
}
