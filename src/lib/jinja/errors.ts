/**
 * Errors raised while compiling or rendering a Jinja template. `kind` groups them for callers
 * (PromptSource skip reasons); `pythonClass` names the exception Python Jinja2 would raise, so
 * the differential tests can compare failures as well as outputs.
 */
export type JinjaErrorKind = "syntax" | "undefined" | "type" | "value" | "limit" | "security";

export class JinjaError extends Error {
  override name = "JinjaError";
  readonly kind: JinjaErrorKind;
  /** Name of the template (compileTemplate's `name`), "<template>" when none was given. */
  readonly template: string;
  /** The Python exception class Jinja2 raises in this situation (e.g. "ZeroDivisionError"). */
  readonly pythonClass: string;

  constructor(kind: JinjaErrorKind, message: string, template: string, pythonClass: string) {
    super(`[jinja] ${template}: ${message}`);
    this.kind = kind;
    this.template = template;
    this.pythonClass = pythonClass;
  }
}

export class JinjaSyntaxError extends JinjaError {
  override name = "JinjaSyntaxError";
  readonly line: number;
  constructor(message: string, template: string, line: number, pythonClass = "TemplateSyntaxError") {
    super("syntax", `line ${line}: ${message}`, template, pythonClass);
    this.line = line;
  }
}

export class JinjaUndefinedError extends JinjaError {
  override name = "JinjaUndefinedError";
  constructor(message: string, template: string) {
    super("undefined", message, template, "UndefinedError");
  }
}

export class JinjaTypeError extends JinjaError {
  override name = "JinjaTypeError";
  constructor(message: string, template: string, pythonClass = "TypeError") {
    super("type", message, template, pythonClass);
  }
}

/** A bad value: ValueError, IndexError, KeyError, ZeroDivisionError... (see `pythonClass`). */
export class JinjaValueError extends JinjaError {
  override name = "JinjaValueError";
  constructor(message: string, template: string, pythonClass = "ValueError") {
    super("value", message, template, pythonClass);
  }
}

export class JinjaLimitError extends JinjaError {
  override name = "JinjaLimitError";
  constructor(message: string, template: string) {
    super("limit", message, template, "LimitError");
  }
}

export class JinjaSecurityError extends JinjaError {
  override name = "JinjaSecurityError";
  constructor(message: string, template: string) {
    super("security", message, template, "SecurityError");
  }
}

/**
 * Errors thrown deep inside value helpers that do not know the template name. The render
 * catches them and rethrows the matching JinjaError with the template name attached.
 */
export class PyError extends Error {
  override name = "PyError";
  constructor(
    readonly pythonClass: string,
    message: string,
  ) {
    super(message);
  }
}

export const pyTypeError = (message: string): PyError => new PyError("TypeError", message);
export const pyValueError = (message: string): PyError => new PyError("ValueError", message);
export const pyUndefinedError = (message: string): PyError => new PyError("UndefinedError", message);

/** Turn a PyError into the JinjaError subclass for its Python class. */
export function toJinjaError(err: PyError, template: string): JinjaError {
  switch (err.pythonClass) {
    case "UndefinedError":
      return new JinjaUndefinedError(err.message, template);
    case "TypeError":
    case "AttributeError":
      return new JinjaTypeError(err.message, template, err.pythonClass);
    case "LimitError":
      return new JinjaLimitError(err.message, template);
    case "SecurityError":
      return new JinjaSecurityError(err.message, template);
    case "TemplateSyntaxError":
    case "TemplateAssertionError":
      return new JinjaSyntaxError(err.message, template, 0, err.pythonClass);
    default:
      return new JinjaValueError(err.message, template, err.pythonClass);
  }
}
