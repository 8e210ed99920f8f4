/** Compiling a template for an environment's definitions: parse once, render many times with fresh limits and a caller-supplied rng. */
import type { Rng } from "../../core/rng.js";
import type { Stmt } from "./ast.js";
import { JinjaError, JinjaLimitError, JinjaSyntaxError, JinjaValueError, PyError, toJinjaError } from "./errors.js";
import { Interpreter } from "./interpreter.js";
import { parseTemplate } from "./parser.js";
import type { Definitions } from "./runtime.js";
import { Scope } from "./scope.js";
import { fromJs } from "./values.js";

interface RenderOptions {
  /** Stream for the `random` filter and the environment's own drawing filters (never Math.random). */
  rng: Rng;
  /** @default 1_000_000: longer output (or any string/list built on the way) throws JinjaLimitError. */
  maxOutputChars?: number;
  /** @default 1_000_000 interpreter steps (loop iterations, calls, filters). */
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
  let body: Stmt[];
  try {
    body = parseTemplate(source, name);
    checkNames(body, name, definitions);
  } catch (err) {
    if (isStackOverflow(err)) throw new JinjaSyntaxError("template nested too deeply to parse", name, 0);
    throw err;
  }
  return { name, render: (context, options) => render(body, name, context, options, definitions) };
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

function render(body: Stmt[], name: string, context: Record<string, unknown>, options: RenderOptions, definitions: Definitions): string {
  const limits = {
    maxOutputChars: options.maxOutputChars ?? 1_000_000,
    maxSteps: options.maxSteps ?? 1_000_000,
    maxDepth: options.maxDepth ?? 100,
  };
  const interp = new Interpreter(options.rng, limits, definitions);
  const root = new Scope();
  for (const [key, value] of Object.entries(context)) root.set(key, fromJs(value));
  try {
    return interp.renderBody(body, root.child());
  } catch (err) {
    if (err instanceof JinjaError) throw err;
    if (err instanceof PyError) throw toJinjaError(err, name);
    if (isStackOverflow(err)) throw new JinjaLimitError("evaluation nested too deeply (stack exhausted)", name);
    const message = err instanceof Error ? err.message : String(err);
    throw new JinjaValueError(`internal error: ${message}`, name, "InternalError");
  }
}
