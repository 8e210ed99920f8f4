/** Tree-walking interpreter: statements, calls, limits. Expressions are in evaluate.ts. */
import type { Rng } from "../../core/rng.js";
import { iterate } from "./access.js";
import type { Expr, MacroParam, Stmt, Target } from "./ast.js";
import { PyError, pyTypeError, pyUndefinedError, pyValueError } from "./errors.js";
import type { Evaluator } from "./evaluate.js";
import { evalArgs, evalExpr } from "./evaluate.js";
import { LoopObject } from "./loop.js";
import { Namespace } from "./namespace.js";
import { pyStr } from "./repr.js";
import type { Definitions } from "./runtime.js";
import type { Scope } from "./scope.js";
import type { Kwargs, PyValue } from "./values.js";
import { PyFunction, truthy, tuple, typeName, Undef } from "./values.js";

export interface Limits {
  readonly maxOutputChars: number;
  readonly maxSteps: number;
  readonly maxDepth: number;
}

const limitError = (message: string): PyError => new PyError("LimitError", message);

/** Collects output, refusing to grow past the output limit. */
class Writer {
  private readonly parts: string[] = [];
  private length = 0;
  constructor(private readonly max: number) {}
  write(s: string): void {
    this.length += s.length;
    if (this.length > this.max) throw limitError(`output exceeds ${this.max} characters`);
    this.parts.push(s);
  }
  toString(): string {
    return this.parts.join("");
  }
}

export class Interpreter implements Evaluator {
  private steps = 0;
  private depth = 0;
  private readonly globals = new Map<string, PyValue>();

  constructor(
    readonly rng: Rng,
    private readonly limits: Limits,
    private readonly definitions: Definitions,
  ) {
    for (const [name, fn] of Object.entries(definitions.globals))
      this.globals.set(name, new PyFunction(name, (args, kwargs) => fn(this, args, kwargs)));
  }

  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.limits.maxSteps) throw limitError(`more than ${this.limits.maxSteps} interpreter steps`);
  }

  checkSize(size: number): void {
    if (size > this.limits.maxOutputChars) throw limitError(`value of ${size} items/characters exceeds the output limit`);
  }

  /** A variable's value; `null` is Python's None (a value), `undefined` means not found. */
  lookup(name: string, scope: Scope): PyValue {
    const local = scope.lookup(name);
    if (local !== undefined) return local;
    const global = this.globals.get(name);
    return global !== undefined ? global : new Undef(`'${name}' is undefined`);
  }

  call(fn: PyValue, args: PyValue[], kwargs: Kwargs): PyValue {
    this.step();
    if (fn instanceof Undef) throw pyUndefinedError(fn.message);
    if (fn instanceof LoopObject && fn.recurse) return this.nested(() => (fn.recurse as (v: PyValue) => string)(args[0] ?? null));
    if (!(fn instanceof PyFunction)) throw pyTypeError(`'${typeName(fn)}' object is not callable`);
    return fn.call(args, kwargs);
  }

  callFilter(name: string, value: PyValue, args: PyValue[], kwargs: Kwargs): PyValue {
    this.step();
    const filter = this.hasFilter(name) ? this.definitions.filters[name] : undefined;
    if (!filter) throw new PyError("TemplateRuntimeError", `No filter named '${name}' found.`);
    return filter(this, value, args, kwargs);
  }

  callTest(name: string, value: PyValue, args: PyValue[]): boolean {
    this.step();
    const test = this.hasTest(name) ? this.definitions.tests[name] : undefined;
    if (!test) throw new PyError("TemplateRuntimeError", `No test named '${name}' found.`);
    return test(this, value, args);
  }

  hasFilter(name: string): boolean {
    return Object.hasOwn(this.definitions.filters, name);
  }

  hasTest(name: string): boolean {
    return Object.hasOwn(this.definitions.tests, name);
  }

  private nested<T>(f: () => T): T {
    if (++this.depth > this.limits.maxDepth) throw limitError(`calls nested deeper than ${this.limits.maxDepth}`);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  renderBody(body: Stmt[], scope: Scope): string {
    const out = new Writer(this.limits.maxOutputChars);
    this.execAll(body, scope, out);
    return out.toString();
  }

  private execAll(body: Stmt[], scope: Scope, out: Writer): void {
    for (const stmt of body) this.exec(stmt, scope, out);
  }

  private exec(s: Stmt, scope: Scope, out: Writer): void {
    switch (s.kind) {
      case "data":
        return out.write(s.text);
      case "print":
        return out.write(pyStr(evalExpr(this, s.expr, scope)));
      case "if":
        return this.execAll(truthy(evalExpr(this, s.test, scope)) ? s.body : s.orelse, scope, out);
      case "for":
        return out.write(this.runFor(s, scope, evalExpr(this, s.iter, scope), 0));
      case "set":
        return this.assign(s.target, evalExpr(this, s.value, scope), scope);
      case "setblock": {
        const text = this.renderBody(s.body, scope.child());
        return this.assign(s.target, s.filter ? evalExpr(this, s.filter, scope, text) : text, scope);
      }
      case "macro":
        return scope.set(s.name, this.makeMacro(s.name, s.params, s.body, scope));
      case "callblock":
        return out.write(pyStr(this.callWithCaller(s.call, s.params, s.body, scope)));
      case "filterblock": {
        const text = this.renderBody(s.body, scope.child());
        return out.write(pyStr(evalExpr(this, s.filter, scope, text)));
      }
      case "with": {
        const inner = scope.child();
        for (const [target, value] of s.assigns) this.assign(target, evalExpr(this, value, scope), inner);
        return this.execAll(s.body, inner, out);
      }
    }
  }

  private runFor(s: Extract<Stmt, { kind: "for" }>, scope: Scope, iterable: PyValue, depth0: number): string {
    let items = iterate(iterable, this);
    if (s.filter) {
      const cond = s.filter;
      items = items.filter((item) => {
        this.step();
        const probe = scope.child();
        this.assign(s.target, item, probe);
        return truthy(evalExpr(this, cond, probe));
      });
    }
    if (items.length === 0) return this.renderBody(s.orelse, scope.child());
    const recurse = s.recursive ? (next: PyValue): string => this.runFor(s, scope, next, depth0 + 1) : undefined;
    const loop = new LoopObject(items, depth0, recurse);
    const out = new Writer(this.limits.maxOutputChars);
    items.forEach((item, i) => {
      this.step();
      loop.index0 = i;
      const inner = scope.child();
      inner.set("loop", loop);
      this.assign(s.target, item, inner);
      this.execAll(s.body, inner, out);
    });
    return out.toString();
  }

  assign(target: Target, value: PyValue, scope: Scope): void {
    if (target.kind === "name") return scope.set(target.name, value);
    if (target.kind === "nsattr") {
      const ns = scope.lookup(target.name);
      if (!(ns instanceof Namespace)) throw new PyError("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
      ns.attrs.set(target.attr, value);
      return;
    }
    const items = iterate(value, this);
    const n = target.items.length;
    if (items.length < n) throw pyValueError(`not enough values to unpack (expected ${n}, got ${items.length})`);
    if (items.length > n) throw pyValueError(`too many values to unpack (expected ${n})`);
    target.items.forEach((t, i) => this.assign(t, items[i] as PyValue, scope));
  }

  private makeMacro(name: string, params: MacroParam[], body: Stmt[], defScope: Scope): PyFunction {
    const uses = usedNames(body);
    return new PyFunction(
      name,
      (args, kwargs) =>
        this.nested(() => {
          checkMacroArgs(name, params, args, kwargs, uses);
          const scope = defScope.child();
          const rest = new Map(kwargs);
          params.forEach((p, i) => {
            let v: PyValue;
            if (i < args.length) v = args[i] as PyValue;
            else if (rest.has(p.name)) v = rest.get(p.name) as PyValue;
            else if (p.default) v = evalExpr(this, p.default, scope);
            else v = new Undef(`parameter '${p.name}' was not provided`);
            rest.delete(p.name);
            scope.set(p.name, v);
          });
          scope.set("caller", rest.get("caller") ?? new Undef("'caller' is undefined"));
          rest.delete("caller");
          scope.set("varargs", tuple(args.slice(params.length)));
          scope.set("kwargs", new Map(rest));
          return this.renderBody(body, scope);
        }),
      `<Macro '${name}'>`,
    );
  }

  private callWithCaller(call: Expr, params: MacroParam[], body: Stmt[], scope: Scope): PyValue {
    if (call.kind !== "call") throw pyTypeError("call block needs a call");
    const caller = this.makeMacro("caller", params, body, scope);
    const [args, kwargs] = evalArgs(this, call.call, scope);
    kwargs.set("caller", caller);
    return this.call(evalExpr(this, call.fn, scope), args, kwargs);
  }
}

export type { Rng };

/** Which of `varargs`, `kwargs`, `caller` a macro body mentions (Jinja2 only accepts extras then). */
function usedNames(body: Stmt[]): Set<string> {
  const text = JSON.stringify(body);
  return new Set(["varargs", "kwargs", "caller"].filter((n) => text.includes(`"kind":"name","name":"${n}"`)));
}

function checkMacroArgs(name: string, params: MacroParam[], args: PyValue[], kwargs: Kwargs, uses: Set<string>): void {
  if (args.length > params.length && !uses.has("varargs"))
    throw pyTypeError(`macro '${name}' takes not more than ${params.length} argument(s)`);
  const known = new Set(params.map((p) => p.name));
  for (const key of kwargs.keys()) {
    if (known.has(key) || (key === "caller" && uses.has("caller")) || uses.has("kwargs")) continue;
    if (key === "caller") throw pyTypeError(`macro '${name}' was invoked with two values for the special caller argument`);
    throw pyTypeError(`macro '${name}' takes no keyword argument '${key}'`);
  }
}
