/**
 * Compiling a template for an environment's definitions: parse and compile to closures once (no
 * code generation: the closures reach only the engine's values and the environment's functions),
 * render many times with fresh limits and a caller-supplied rng.
 */
import type { Rng } from "../../core/rng.js";
import type { Stmt } from "./ast.js";
import { declareBody, ScopeNode, Unit } from "./compile-scope.js";
import { compileBody, type Ex, renderBody } from "./compile-stmt.js";
import { JinjaError, JinjaLimitError, JinjaSyntaxError, JinjaValueError, PyError, toJinjaError } from "./errors.js";
import { parseTemplate } from "./parser.js";
import { Frame, RenderState } from "./render-state.js";
import type { Definitions } from "./runtime.js";

interface RenderOptions {
  /** Stream for the `random` filter and the environment's own drawing filters (never Math.random). */
  rng: Rng;
  /** @default 1_000_000: longer output (or any string/list built on the way) throws JinjaLimitError. */
  maxOutputChars?: number;
  /** @default 1_000_000 steps (loop iterations, calls, filters, tests; long sequences count per 64 items). */
  maxSteps?: number;
  /** @default 100 nested macro calls / recursive loops. */
  maxDepth?: number;
}

export interface CompiledTemplate {
  readonly name: string;
  render(context: Record<string, unknown>, options: RenderOptions): string;
}

const isStackOverflow = (err: unknown): boolean => err instanceof RangeError && /call stack/i.test(err.message);

/** Parse a template. Throws JinjaSyntaxError (with line) on malformed input or an unknown filter or test. */
export function compileWith(definitions: Definitions, source: string, name = "<template>"): CompiledTemplate {
  const unit = new Unit(definitions);
  const scope = new ScopeNode(undefined);
  let run: Ex;
  try {
    const body: Stmt[] = parseTemplate(source, name);
    checkNames(body, name, definitions);
    declareBody(body, scope);
    run = compileBody(body, { scope, unit });
  } catch (err) {
    if (isStackOverflow(err)) throw new JinjaSyntaxError("template nested too deeply to parse", name, 0);
    throw err;
  }
  const size = scope.size;
  return { name, render: (context, options) => render(run, size, unit, name, context, options) };
}

/**
 * Jinja2 rejects unknown filters and tests when compiling (TemplateAssertionError), except under an
 * `{% if %}` or an inline `if` ("soft" frames), where the failure waits for the render.
 */
function checkNames(node: unknown, template: string, definitions: Definitions): void {
  if (Array.isArray(node)) {
    for (const child of node) checkNames(child, template, definitions);
    return;
  }
  if (typeof node !== "object" || node === null || !("kind" in node)) return;
  const n = node as { kind: string; name?: string; line?: number };
  if (n.kind === "if" || n.kind === "cond") return;
  const table = n.kind === "filter" ? definitions.filters : n.kind === "test" ? definitions.tests : undefined;
  if (table && typeof n.name === "string" && !Object.hasOwn(table, n.name))
    throw new JinjaSyntaxError(`No ${n.kind} named '${n.name}'.`, template, n.line ?? 0, "TemplateAssertionError");
  for (const value of Object.values(n)) if (typeof value === "object") checkNames(value, template, definitions);
}

function render(run: Ex, size: number, unit: Unit, name: string, context: Record<string, unknown>, options: RenderOptions): string {
  const limits = {
    maxOutputChars: options.maxOutputChars ?? 1_000_000,
    maxSteps: options.maxSteps ?? 1_000_000,
    maxDepth: options.maxDepth ?? 100,
  };
  const rt = new RenderState(options.rng, limits, unit.definitions, unit, context);
  try {
    return renderBody(run, new Frame(undefined, size, rt));
  } catch (err) {
    if (err instanceof JinjaError) throw err;
    if (err instanceof PyError) throw toJinjaError(err, name);
    if (isStackOverflow(err)) throw new JinjaLimitError("evaluation nested too deeply (stack exhausted)", name);
    const message = err instanceof Error ? err.message : String(err);
    throw new JinjaValueError(`internal error: ${message}`, name, "InternalError");
  }
}
