/**
 * `--format parquet`: the same records as the JSON Lines build, one Parquet file per JSON Lines file, read
 * back by DuckDB row for row (absent optional fields as nulls); an explicit schema of strings and lists of
 * strings, Snappy, row groups bounded by size; the same bytes on a rebuild.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORD_FIELDS } from "../../src/publish/index.js";
import { jsonlToParquet } from "../../src/publish/parquet.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";
import { buildDemo, SHOTS } from "./helpers.js";

let dir: string;
let jsonl: Awaited<ReturnType<typeof buildDemo>>;
let parquet: Awaited<ReturnType<typeof buildDemo>>;
let rebuilt: Awaited<ReturnType<typeof buildDemo>>;
let db: Awaited<ReturnType<DuckDBInstance["connect"]>>;
beforeAll(async () => {
  dir = await tempDir();
  jsonl = await buildDemo(dir, "jsonl", "jsonl", SHOTS);
  parquet = await buildDemo(dir, "parquet", "parquet", SHOTS);
  rebuilt = await buildDemo(dir, "rebuilt", "parquet", SHOTS);
  db = await (await DuckDBInstance.create(":memory:")).connect();
});
afterAll(async () => {
  db?.closeSync();
  await removeDir(dir);
});

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

async function jsonlRows(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      return Object.fromEntries(RECORD_FIELDS.map((f) => [f.name, record[f.name] ?? null]));
    });
}

describe("--format parquet", () => {
  it("writes one .parquet per .jsonl with the same records, as DuckDB reads them", async () => {
    const jsonlFiles = jsonl.manifest.outputs.filter((o) => o.path.endsWith(".jsonl"));
    const parquetFiles = parquet.manifest.outputs.filter((o) => o.path.endsWith(".parquet"));
    expect(parquetFiles.map((o) => [o.path, o.records])).toEqual(
      jsonlFiles.map((o) => [o.path.replace(/\.jsonl$/, ".parquet"), o.records]),
    );
    expect(parquet.manifest.outputs.some((o) => o.path.endsWith(".jsonl"))).toBe(false);
    expect(parquet.manifest.counts).toEqual(jsonl.manifest.counts);
    let rows = 0;
    for (const o of parquetFiles) {
      const read = await query(`SELECT * FROM read_parquet(${sqlString(join(parquet.out, o.path))})`);
      expect(read, o.path).toEqual(await jsonlRows(join(jsonl.out, o.path.replace(/\.parquet$/, ".jsonl"))));
      rows += read.length;
    }
    expect(rows).toBe(parquet.manifest.counts.records);
    // The build has demonstrations, so every optional column holds values somewhere.
    const train = sqlString(join(parquet.out, "train.parquet"));
    const [filled] = await query(
      `SELECT count(choices) AS choices, count(demonstrations) AS demonstrations, count(demonstration_spans) AS spans FROM read_parquet(${train})`,
    );
    expect(Object.values(filled ?? {}).every((n) => Number(n) > 0)).toBe(true);
  });

  it("has an explicit schema, the same in every file: strings, lists of strings, nullable where optional; Snappy", async () => {
    const file = sqlString(join(parquet.out, "eval/heldout_task/task9005_squad_answer_extraction.0shot.parquet"));
    const types = await query(`DESCRIBE SELECT * FROM read_parquet(${file})`);
    expect(types.map((t) => [t.column_name, t.column_type])).toEqual(
      RECORD_FIELDS.map((f) => [f.name, f.kind === "string" ? "VARCHAR" : f.kind === "strings" ? "VARCHAR[]" : "INTEGER[][]"]),
    );
    const schema = await query(
      `SELECT name, repetition_type FROM parquet_schema(${file}) WHERE name IN ('id', 'references', 'choices', 'variant')`,
    );
    expect(Object.fromEntries(schema.map((s) => [s.name, s.repetition_type]))).toEqual({
      id: "REQUIRED",
      references: "REQUIRED",
      choices: "OPTIONAL",
      variant: "OPTIONAL",
    });
    const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata(${sqlString(join(parquet.out, "*.parquet"))})`);
    expect(codecs).toEqual([{ compression: "SNAPPY" }]);
  });

  it("closes a row group once its records reach the size bound, streaming the file", async () => {
    const target = join(dir, "small-groups.parquet");
    const source = join(jsonl.out, "train.jsonl");
    const bytes = (await readFile(source)).length;
    const n = await jsonlToParquet(source, target, { createdBy: "iml-bench test", rowGroupBytes: 20_000 });
    const groups = await query(
      `SELECT row_group_id, max(row_group_num_rows) AS num_rows FROM parquet_metadata(${sqlString(target)}) GROUP BY 1 ORDER BY 1`,
    );
    expect(groups.length).toBeGreaterThanOrEqual(Math.floor(bytes / 20_000));
    expect(groups.reduce((sum, g) => sum + Number(g.num_rows), 0)).toBe(n);
    expect(await query(`SELECT * FROM read_parquet(${sqlString(target)})`)).toEqual(await jsonlRows(source));
  });

  it("writes a valid empty file for a file without records", async () => {
    const source = join(dir, "empty.jsonl");
    await writeFile(source, "");
    const target = join(dir, "empty.parquet");
    expect(await jsonlToParquet(source, target, { createdBy: "iml-bench test" })).toBe(0);
    expect(await query(`SELECT count(*) AS n FROM read_parquet(${sqlString(target)})`)).toEqual([{ n: "0" }]);
  });

  it("gives the same bytes on a rebuild, card included", () => {
    expect(rebuilt.manifest.outputs).toEqual(parquet.manifest.outputs);
  });
});
