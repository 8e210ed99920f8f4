/**
 * A Jinja2 3.1.6-compatible template engine with Python value semantics, written for
 * PromptSource templates (default Environment, autoescape off, keep_trailing_newline=False,
 * plus PromptSource's `zip` global and `choice`/`most_frequent`/`highlight` filters).
 * Templates are third-party data: no eval, no JS globals, no prototypes; limits on steps,
 * output size and call depth.
 *
 * Known differences from Python Jinja2 (outside what PromptSource uses):
 * - ints beyond 2**53 lose precision (JS numbers);
 * - lazy results (`map`, `select`, `reject`, `unique`, `reverse`, `zip`) print as lists, not
 *   `<generator object …>`;
 * - `is sameas` compares strings by value (CPython identity is implementation-defined);
 * - dunder names and `constructor`/`prototype`/`__proto__` raise JinjaSecurityError;
 * - `include`/`import`/`extends` are unknown tags (no loader);
 * - `choice`/`random` draw from `options.rng`, not Python's global random.
 */

export type { JinjaErrorKind } from "./errors.js";
export {
  JinjaError,
  JinjaLimitError,
  JinjaSecurityError,
  JinjaSyntaxError,
  JinjaTypeError,
  JinjaUndefinedError,
  JinjaValueError,
} from "./errors.js";
export type { CompiledTemplate, RenderOptions } from "./template.js";
export { compileTemplate } from "./template.js";
