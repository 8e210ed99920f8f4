/**
 * A Jinja2 3.1.6-compatible template engine with Python value semantics: Jinja2's default
 * Environment (autoescape off, keep_trailing_newline=False) with its builtin filters, tests and
 * globals. Callers add their own filters and global functions with `createEnvironment`
 * (PromptSource's are in src/sources/promptsource/jinja-environment.ts); `compileTemplate` is the
 * default environment's. A template is parsed and compiled once into JavaScript closures (the
 * syntax tree is not walked again; no code is generated or evaluated), then rendered any number
 * of times. Templates are third-party data: no eval, no JS globals, no prototypes; limits on
 * steps, output size and call depth. This is the one file importable from outside.
 *
 * Known differences from Python Jinja2:
 * - ints beyond 2**53 lose precision (JS numbers);
 * - lazy results (`map`, `select`, `reject`, `unique`, `reverse`) print as lists, not
 *   `<generator object …>`;
 * - `is sameas` compares strings by value (CPython identity is implementation-defined);
 * - dunder names and `constructor`/`prototype`/`__proto__` raise JinjaSecurityError;
 * - `include`/`import`/`extends` are unknown tags (no loader); no `lipsum` global;
 * - `int(s, base)` with a base other than 10 reads ASCII digits only;
 * - `random` draws from `options.rng`, not Python's global random.
 *
 * Extension API, for a caller's filters and global functions:
 * - `FilterFn`, `GlobalFn`: their signatures; their first argument is what they may use of the running
 *   render (its rng, its step and size limits, calls to functions, filters and tests), their last the
 *   keyword arguments (a Map of name to value, read-only: copy it to change it);
 * - `PyValue`: Python values (str is a string, int an integral number, float a number or an integral
 *   PyFloat, None null, list an array, tuple a frozen array, dict a Map);
 * - `PyError`: throw `new PyError(pythonClass, message)` to raise a Python exception; the render
 *   reports it as the matching JinjaError;
 * - `iterate`: Python iteration (list and tuple items, str characters, dict keys, range);
 *   `pyStr`: Python `str()`; `truthy`: Python `bool()`; `typeName`: `type(v).__name__`;
 * - `pyHashKey`: one key per hashable value (1, 1.0 and True share one), undefined where Python
 *   raises "unhashable type";
 * - `isStr`/`strVal`: a str (or Markup) and its text; `tuple`: an array made a tuple.
 */

export { iterate } from "./access.js";
export type { Environment } from "./environment.js";
export { compileTemplate, createEnvironment } from "./environment.js";
export {
  JinjaError,
  JinjaLimitError,
  JinjaSecurityError,
  JinjaSyntaxError,
  JinjaTypeError,
  JinjaUndefinedError,
  JinjaValueError,
  PyError,
} from "./errors.js";
export { pyHashKey } from "./hash.js";
export { pyStr } from "./repr.js";
export type { FilterFn, GlobalFn } from "./runtime.js";
export type { CompiledTemplate } from "./template.js";
export type { PyValue } from "./values.js";
export { isStr, strVal, truthy, tuple, typeName } from "./values.js";
