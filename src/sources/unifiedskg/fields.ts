/** Reading the fields of a raw UnifiedSKG row, with errors that name the field and what was expected. */

export type SkgFieldReason = "missing_field" | "bad_field" | "null_cell" | "empty_answer" | "unsupported_option";

/** A row field that cannot be used; `path` is the field's JSON-ish path in the row. */
export class SkgFieldError extends Error {
  override name = "SkgFieldError";
  readonly reason: SkgFieldReason;
  readonly path: string;
  constructor(reason: SkgFieldReason, path: string, message: string) {
    super(`${path}: ${message}`);
    this.reason = reason;
    this.path = path;
  }
}

export type Row = Readonly<Record<string, unknown>>;

export function requireString(row: Row, field: string): string {
  const value = row[field];
  if (value === undefined || value === null) throw new SkgFieldError("missing_field", field, "missing; expected a string");
  if (typeof value !== "string") throw new SkgFieldError("bad_field", field, `expected a string, got ${describe(value)}`);
  return value;
}

export function requireStringList(row: Row, field: string, path: string = field): string[] {
  return asStringList(row[field], path);
}

export function asStringList(value: unknown, path: string): string[] {
  if (value === undefined || value === null) throw new SkgFieldError("missing_field", path, "missing; expected a list of strings");
  if (!Array.isArray(value)) throw new SkgFieldError("bad_field", path, `expected a list of strings, got ${describe(value)}`);
  return value.map((v, i) => {
    if (typeof v !== "string") throw new SkgFieldError("bad_field", `${path}[${i}]`, `expected a string, got ${describe(v)}`);
    return v;
  });
}

export function requireObject(row: Row, field: string): Row {
  const value = row[field];
  if (value === undefined || value === null) throw new SkgFieldError("missing_field", field, "missing; expected an object");
  if (typeof value !== "object" || Array.isArray(value))
    throw new SkgFieldError("bad_field", field, `expected an object, got ${describe(value)}`);
  return value as Row;
}

/**
 * A `datasets.Sequence` of dicts: HF stores it as a dict of lists (`{table_id: [...], column_name: [...]}`);
 * a list of dicts is accepted too. Returns one list per key.
 */
export function sequenceOfDicts(value: unknown, path: string, keys: readonly string[]): Record<string, unknown[]> {
  if (value === undefined || value === null) throw new SkgFieldError("missing_field", path, `missing; expected {${keys.join(", ")}} lists`);
  const out: Record<string, unknown[]> = {};
  if (Array.isArray(value)) {
    for (const key of keys) out[key] = value.map((item, i) => fieldOf(item, key, `${path}[${i}]`));
    return out;
  }
  if (typeof value !== "object") throw new SkgFieldError("bad_field", path, `expected {${keys.join(", ")}} lists, got ${describe(value)}`);
  for (const key of keys) {
    const list = (value as Row)[key];
    if (!Array.isArray(list)) throw new SkgFieldError("missing_field", `${path}.${key}`, "missing or not a list");
    out[key] = list;
  }
  return out;
}

function fieldOf(item: unknown, key: string, path: string): unknown {
  if (item === null || typeof item !== "object" || !(key in item)) throw new SkgFieldError("missing_field", `${path}.${key}`, "missing");
  return (item as Row)[key];
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}
