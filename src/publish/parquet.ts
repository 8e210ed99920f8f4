/**
 * Records as Parquet: one file per JSON Lines file, read line by line and written one row group at a time,
 * so memory holds one row group whatever the file's size. The schema is explicit and the same in every
 * file (src/publish/fields.ts): texts as UTF-8 strings, `references`/`choices`/`demonstrations` as lists of
 * strings, `demonstration_spans` as lists of lists of int32, optional fields nullable. Snappy compression,
 * hyparquet-writer's defaults otherwise; the bytes depend only on the records.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { fileWriter, ParquetWriter } from "hyparquet-writer";
import { RECORD_FIELDS, type RecordField } from "./fields.js";

/** A Parquet schema element, as the writer types it. */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

/** A row group closes once its records' JSON text reaches this many bytes (or ROW_GROUP_MAX_ROWS records). */
const ROW_GROUP_BYTES = 32 * 1024 * 1024;
const ROW_GROUP_MAX_ROWS = 100_000;

const text = (name: string, repetition: "REQUIRED" | "OPTIONAL"): SchemaElement => ({
  name,
  type: "BYTE_ARRAY",
  converted_type: "UTF8",
  logical_type: { type: "STRING" },
  repetition_type: repetition,
});

/** The standard three-level LIST: `<name> (LIST) { repeated group list { required <element> } }`. */
function list(name: string, repetition: "REQUIRED" | "OPTIONAL", element: SchemaElement[]): SchemaElement[] {
  return [
    { name, repetition_type: repetition, num_children: 1, converted_type: "LIST", logical_type: { type: "LIST" } },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    ...element,
  ];
}

function fieldSchema(f: RecordField): SchemaElement[] {
  const repetition = f.optional ? "OPTIONAL" : "REQUIRED";
  if (f.kind === "string") return [text(f.name, repetition)];
  if (f.kind === "strings") return list(f.name, repetition, [text("element", "REQUIRED")]);
  return list(f.name, repetition, list("element", "REQUIRED", [{ name: "element", type: "INT32", repetition_type: "REQUIRED" }]));
}

/** The Parquet schema of output records. */
function recordSchema(): SchemaElement[] {
  return [{ name: "schema", num_children: RECORD_FIELDS.length }, ...RECORD_FIELDS.flatMap(fieldSchema)];
}

export interface ParquetOptions {
  /** `created_by` in the file's metadata, e.g. "iml-bench 0.1.0". */
  createdBy: string;
  /** Row group bound in bytes of JSON text. @default ROW_GROUP_BYTES */
  rowGroupBytes?: number;
}

/** Convert a JSON Lines file of output records into a Parquet file; returns the record count. */
export async function jsonlToParquet(source: string, target: string, options: ParquetOptions): Promise<number> {
  const writer = new ParquetWriter({ writer: fileWriter(target), schema: recordSchema(), codec: "SNAPPY", createdBy: options.createdBy });
  const limit = options.rowGroupBytes ?? ROW_GROUP_BYTES;
  let rows: Record<string, unknown>[] = [];
  let bytes = 0;
  let count = 0;
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    const columnData = RECORD_FIELDS.map((f) => ({ name: f.name, data: rows.map((r) => r[f.name] ?? null) }));
    await writer.write({ columnData, rowGroupSize: rows.length });
    rows = [];
    bytes = 0;
  };
  const lines = createInterface({ input: createReadStream(source, { encoding: "utf8" }), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line === "") continue;
    rows.push(JSON.parse(line) as Record<string, unknown>);
    bytes += Buffer.byteLength(line);
    count++;
    if (bytes >= limit || rows.length >= ROW_GROUP_MAX_ROWS) await flush();
  }
  await flush();
  await writer.finish();
  return count;
}
