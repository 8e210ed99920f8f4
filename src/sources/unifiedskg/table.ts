/**
 * Tables as UnifiedSKG sees them (`utils/processor/table_linearize.py` IndexedRowTableLinearize):
 * `col : h1 | h2 row 1 : v1 | v2 row 2 : ...`, rows numbered from 1, the whole string stripped.
 * Truncation lives in table-truncate.ts.
 */

import { pyNumberStr } from "../../core/py-number.js";
import { pyStrip } from "../../core/py-str.js";
import { SkgFieldError } from "./fields.js";

/** A table after its cells were turned into strings. */
export interface SkgTable {
  header: string[];
  rows: string[][];
}

/**
 * A cell as a string. Upstream cells are strings (the HF features say so); `str(int)` is applied to
 * ints. Our decision for values JSON can carry: integral numbers print as Python ints, other
 * numbers as Python float repr, booleans as `True`/`False`; null is an error (upstream crashes).
 */
export function cellText(value: unknown, path: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return pyNumberStr(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null || value === undefined)
    throw new SkgFieldError("null_cell", path, "a table cell is null; expected a string or a number");
  throw new SkgFieldError(
    "bad_field",
    path,
    `a table cell is ${Array.isArray(value) ? "a list" : typeof value}; expected a string or a number`,
  );
}

/** Read `{header: [...], rows: [[...], ...]}` from a row field. */
export function readTable(value: unknown, path: string): SkgTable {
  if (value === undefined) throw new SkgFieldError("missing_field", path, "missing; expected a table {header, rows}");
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new SkgFieldError("bad_field", path, "expected an object with `header` and `rows`");
  }
  const { header, rows } = value as { header?: unknown; rows?: unknown };
  if (!Array.isArray(header))
    throw new SkgFieldError("missing_field", `${path}.header`, "missing or not a list; expected the column names");
  if (!Array.isArray(rows)) throw new SkgFieldError("missing_field", `${path}.rows`, "missing or not a list; expected a list of rows");
  return {
    header: header.map((h, j) => cellText(h, `${path}.header[${j}]`)),
    rows: rows.map((row, i) => {
      if (!Array.isArray(row)) throw new SkgFieldError("bad_field", `${path}.rows[${i}]`, "a row is not a list of cells");
      return row.map((cell, j) => cellText(cell, `${path}.rows[${i}][${j}]`));
    }),
  };
}

export function linearizeHeader(header: readonly string[]): string {
  return `col : ${header.join(" | ")}`;
}

export function linearizeRow(row: readonly string[], index: number): string {
  return `row ${index} : ${row.join(" | ")}`;
}

/** The whole table, rows from 1. */
export function linearizeTable(table: SkgTable): string {
  let out = `${linearizeHeader(table.header)} `;
  table.rows.forEach((row, i) => {
    out += `${linearizeRow(row, i + 1)} `;
  });
  return pyStrip(out);
}
