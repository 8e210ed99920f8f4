/** Macros (and the `caller` of a call block) compiled once; each render binds them to the frame they are defined in. */
import type { MacroParam, Stmt } from "./ast.js";
import type { Cx, Ev } from "./compile-expr.js";
import { compileExpr } from "./compile-expr.js";
import { declareBody, ScopeNode } from "./compile-scope.js";
import { pyTypeError } from "./errors.js";
import { Frame, Out } from "./render-state.js";
import type { Kwargs, PyValue } from "./values.js";
import { PyFunction, tuple, Undef } from "./values.js";

type BodyCompiler = (body: readonly Stmt[], cx: Cx) => (f: Frame, out: Out) => void;

/**
 * A macro: called, it opens a scope under the frame it was defined in, binds its parameters (a
 * default sees the parameters before it), `caller`, `varargs` and `kwargs`, and returns its output.
 */
export function compileMacro(
  name: string,
  params: readonly MacroParam[],
  body: readonly Stmt[],
  cx: Cx,
  compileBody: BodyCompiler,
): (defFrame: Frame) => PyFunction {
  const scope = new ScopeNode(cx.scope);
  const slots = params.map((p) => scope.declare(p.name));
  const callerSlot = scope.declare("caller");
  const varargsSlot = scope.declare("varargs");
  const kwargsSlot = scope.declare("kwargs");
  declareBody(body, scope);
  const inner: Cx = { scope, unit: cx.unit };
  const defaults = params.map((p): Ev | undefined => (p.default ? compileExpr(p.default, inner) : undefined));
  const run = compileBody(body, inner);
  const size = scope.size;
  const uses = usedNames(body);
  const repr = `<Macro '${name}'>`;

  return (defFrame) => {
    const rt = defFrame.rt;
    const call = (args: PyValue[], kwargs: Kwargs): PyValue => {
      checkMacroArgs(name, params, args, kwargs, uses);
      const frame = new Frame(defFrame, size, rt);
      const rest = new Map(kwargs);
      params.forEach((p, i) => {
        let v: PyValue;
        const dflt = defaults[i];
        if (i < args.length) v = args[i] as PyValue;
        else if (rest.has(p.name)) v = rest.get(p.name) as PyValue;
        else if (dflt) v = dflt(frame);
        else v = new Undef(`parameter '${p.name}' was not provided`);
        rest.delete(p.name);
        frame.vars[slots[i] as number] = v;
      });
      frame.vars[callerSlot] = rest.get("caller") ?? new Undef("'caller' is undefined");
      rest.delete("caller");
      frame.vars[varargsSlot] = tuple(args.slice(params.length));
      frame.vars[kwargsSlot] = new Map(rest);
      const out = new Out(rt.limits.maxOutputChars);
      run(frame, out);
      return out.text;
    };
    return new PyFunction(name, (args, kwargs) => rt.nested(() => call(args, kwargs)), repr);
  };
}

/** Which of `varargs`, `kwargs`, `caller` a macro body mentions (Jinja2 only accepts extras then). */
function usedNames(body: readonly Stmt[]): Set<string> {
  const text = JSON.stringify(body);
  return new Set(["varargs", "kwargs", "caller"].filter((n) => text.includes(`"kind":"name","name":"${n}"`)));
}

function checkMacroArgs(name: string, params: readonly MacroParam[], args: PyValue[], kwargs: Kwargs, uses: Set<string>): void {
  if (args.length > params.length && !uses.has("varargs"))
    throw pyTypeError(`macro '${name}' takes not more than ${params.length} argument(s)`);
  const known = new Set(params.map((p) => p.name));
  for (const key of kwargs.keys()) {
    if (known.has(key) || (key === "caller" && uses.has("caller")) || uses.has("kwargs")) continue;
    if (key === "caller") throw pyTypeError(`macro '${name}' was invoked with two values for the special caller argument`);
    throw pyTypeError(`macro '${name}' takes no keyword argument '${key}'`);
  }
}
