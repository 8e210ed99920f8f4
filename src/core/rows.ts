/**
 * Dataset rows from local files: JSON Lines (what `datasets` exports with `to_json`) and Parquet
 * (the hub's conversion). Rows stream one at a time; Parquet is read one row group at a time. JSON Lines
 * are strict UTF-8 (src/core/text-file.ts): bad bytes fail with the file, line and byte offset.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { UserError } from "../errors.js";
import { parsePyJson } from "./py-json.js";
import { PyFloat } from "./py-number.js";
import { byCodeUnit } from "./py-str.js";
import { readUtf8Lines } from "./text-file.js";

export type Row = Record<string, unknown>;

/** Row file formats iml-bench reads, by extension. */
const ROW_EXTENSIONS = [".jsonl", ".json", ".parquet"] as const;

export interface RowOptions {
  /**
   * Keep Python's float-ness of integral values (2.0 in JSON, a DOUBLE/FLOAT Parquet column) as
   * PyFloat, for renderers that print values the Python way. @default false (plain numbers)
   */
  markFloats?: boolean;
}

/** Rows of a `.jsonl` or `.parquet` file, in file order. */
export async function* readRows(file: string, options: RowOptions = {}): AsyncGenerator<Row> {
  if (!existsSync(file)) throw new UserError("E_INPUT", `${file}: rows file not found.`);
  if (file.endsWith(".parquet")) yield* readParquetRows(file, options);
  else if (file.endsWith(".jsonl") || file.endsWith(".json")) yield* readJsonlRows(file, options);
  else throw new UserError("E_INPUT", `${file}: unknown row file type. Expected one of: ${ROW_EXTENSIONS.join(", ")}.`);
}

/** All rows of a file in memory (for one task's rows; never for a whole corpus). */
export async function readAllRows(file: string, options: RowOptions = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of readRows(file, options)) rows.push(row);
  return rows;
}

async function* readJsonlRows(file: string, options: RowOptions): AsyncGenerator<Row> {
  for await (const { text, line: lineNo } of readUtf8Lines(file)) {
    if (text.trim() === "") continue;
    const { value } = parsePyJson(text, `${file}:${lineNo}`, { markFloats: options.markFloats ?? false });
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new UserError(
        "E_INPUT",
        `${file}:${lineNo}: expected a JSON object per line, got ${Array.isArray(value) ? "an array" : typeof value}.`,
      );
    }
    yield value as Row;
  }
}

async function* readParquetRows(file: string, options: RowOptions): AsyncGenerator<Row> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  // Top-level float columns (the usual HF float features, e.g. glue/stsb's label).
  const floatColumns = options.markFloats
    ? new Set(
        metadata.schema
          .slice(1)
          .filter((e) => e.num_children === undefined && (e.type === "DOUBLE" || e.type === "FLOAT"))
          .map((e) => e.name),
      )
    : new Set<string>();
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const rows = await parquetReadObjects({ file: buffer, metadata, rowStart: start, rowEnd: end });
    for (const row of rows) {
      const out = normalizeParquetValue(row) as Row;
      for (const name of floatColumns) {
        const v = out[name];
        if (typeof v === "number" && Number.isInteger(v)) out[name] = new PyFloat(v);
      }
      yield out;
    }
    start = end;
  }
}

/** Parquet int64 comes back as BigInt; make it a number when exact, as Python's int would print. */
function normalizeParquetValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(normalizeParquetValue);
  if (value instanceof Date || value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  const out: Row = {};
  for (const [k, v] of Object.entries(value)) out[k] = normalizeParquetValue(v);
  return out;
}

const ROW_FILE = /\.(jsonl|json|parquet)$/;

/** `<split>.{jsonl,json,parquet}` files and `<split>/` shard folders, sorted by code unit. */
export function rowFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort(byCodeUnit)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      for (const shard of readdirSync(full).sort(byCodeUnit)) if (ROW_FILE.test(shard)) out.push(path.join(full, shard));
    } else if (ROW_FILE.test(entry)) out.push(full);
  }
  return out;
}

/** The split a rows file holds: its name without extension, or its folder for a shard. */
export function splitOf(rowsDir: string, file: string): string {
  const rel = path.relative(rowsDir, file).split(path.sep);
  return rel.length > 1 ? (rel[0] as string) : (rel[0] as string).replace(ROW_FILE, "");
}
