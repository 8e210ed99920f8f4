/**
 * A Jinja2 3.1.6-compatible template engine with Python value semantics: Jinja2's default
 * Environment (autoescape off, keep_trailing_newline=False) with its builtin filters, tests and
 * globals. Callers add their own filters and global functions with `createEnvironment`
 * (PromptSource's are in src/sources/promptsource/jinja-environment.ts).
 * Templates are third-party data: no eval, no JS globals, no prototypes; limits on steps,
 * output size and call depth.
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
 * Nothing outside src/lib/jinja imports any other file of it.
 */

/** Python iteration of a value (str, list, tuple, dict keys, range...); TypeError for others. */
export { iterate } from "./access.js";
export type { Environment, EnvironmentOptions } from "./environment.js";
export { compileTemplate, createEnvironment } from "./environment.js";
export type { JinjaErrorKind } from "./errors.js";
/** Throw `new PyError(pythonClass, message)` to raise a Python exception; renders report it as the matching JinjaError. */
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
/** A key per hashable value (equal for 1, 1.0 and True), undefined when Python would raise "unhashable type". */
export { pyHashKey } from "./hash.js";
/** Python str(): what `{{ value }}` prints. */
export { pyStr } from "./repr.js";
// Extension API: what a caller's filters and global functions work with. Values are Python values
// (see values.ts): str is string, int is an integral number, None is null, list is an array.
export type { FilterFn, GlobalFn, Runtime } from "./runtime.js";
export type { CompiledTemplate, RenderOptions } from "./template.js";
export type { Kwargs, PyValue } from "./values.js";
/** isStr: str or Markup; strVal: its text; truthy: Python bool(); typeName: type(v).__name__; tuple: freeze an array into a tuple. */
export { isStr, strVal, truthy, tuple, typeName } from "./values.js";
