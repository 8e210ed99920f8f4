/**
 * Typed errors. A `UserError` (and its subclasses) means the user's input or config is at fault:
 * the CLI prints the message and exits 1. Anything else is a bug in iml-bench and exits 2.
 */
export class UserError extends Error {
  override name = "UserError";
  /** A short machine-readable code such as `E_CONFIG`, `E_INPUT`, `E_ARG`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** One problem found while validating a document against a JSON Schema. */
export interface SchemaIssue {
  /** The file the document came from. */
  file: string;
  /** JSON pointer to the offending field ("" for the document itself). */
  pointer: string;
  /** What was expected, in words. */
  message: string;
}

/** A config or record failed its schema; carries every issue found, not only the first. */
export class SchemaError extends UserError {
  override name = "SchemaError";
  readonly issues: readonly SchemaIssue[];
  constructor(issues: readonly SchemaIssue[]) {
    super("E_SCHEMA", issues.map(formatIssue).join("\n"));
    this.issues = issues;
  }
}

export function formatIssue(issue: SchemaIssue): string {
  return `${issue.file}${issue.pointer ? `#${issue.pointer}` : ""}: ${issue.message}`;
}

/**
 * The one error type of every source: bad data in a source file (E_INPUT, the default) or a bad option
 * (E_CONFIG). The message names the adapter, the file and where in it: `[adapter:<name>] <file>#<pointer>: …`.
 */
export class AdapterError extends UserError {
  override name = "AdapterError";
  readonly adapter: string;
  readonly file: string;
  readonly pointer: string | undefined;
  constructor(
    adapter: string,
    file: string,
    message: string,
    options?: { pointer?: string; cause?: unknown; code?: "E_INPUT" | "E_CONFIG" },
  ) {
    const where = options?.pointer ? `${file}#${options.pointer}` : file;
    const code = options?.code ?? "E_INPUT";
    super(code, `[adapter:${adapter}] ${where}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.adapter = adapter;
    this.file = file;
    this.pointer = options?.pointer;
  }

  /** Another user error met while an adapter worked (a rows file, a config file), under the adapter's prefix. */
  static from(adapter: string, error: UserError): AdapterError {
    if (error instanceof AdapterError) return error;
    const wrapped = new AdapterError(adapter, "", "", { cause: error, code: error.code === "E_CONFIG" ? "E_CONFIG" : "E_INPUT" });
    wrapped.message = `[adapter:${adapter}] ${error.message}`;
    return wrapped;
  }
}

/** Matches by name and code as well as by class, so errors from another copy of the module count. */
export function isUserError(error: unknown): error is UserError {
  if (error instanceof UserError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("E_");
}

/** An error as it crosses from a worker thread: enough to throw it again in the same class, with its message. */
export interface SentError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  /** Own fields (an AdapterError's adapter, file and pointer; a SchemaError's issues), as JSON. */
  fields: string;
}

export function sendError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), fields: "{}" };
  const { name, message, stack, cause: _cause, ...rest } = error as Error & Record<string, unknown>;
  let fields = "{}";
  try {
    fields = JSON.stringify(rest);
  } catch {
    // Fields that are not JSON are left behind; the message and the class are what is reported.
  }
  const code = typeof rest.code === "string" ? rest.code : undefined;
  return { name, message, fields, ...(stack === undefined ? {} : { stack }), ...(code === undefined ? {} : { code }) };
}

/** The error a worker sent, in its class: a user error stays one (exit 1), anything else stays internal. */
export function reviveError(sent: SentError): Error {
  const fields = JSON.parse(sent.fields) as Record<string, unknown>;
  let error: Error;
  if (sent.name === "SchemaError") error = new SchemaError(fields.issues as SchemaIssue[]);
  else if (sent.name === "AdapterError") error = new AdapterError(String(fields.adapter), String(fields.file), "");
  else if (sent.code?.startsWith("E_")) error = new UserError(sent.code, sent.message);
  else error = new Error(sent.message);
  Object.assign(error, fields);
  Object.defineProperty(error, "name", { value: sent.name, writable: true, configurable: true });
  error.message = sent.message;
  if (sent.stack !== undefined) error.stack = sent.stack;
  return error;
}
