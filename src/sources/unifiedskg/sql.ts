/**
 * Text-to-SQL strings (`seq2seq_construction/spider.py`, `sparc.py`, `cosql.py`, after PICARD):
 * the "peteshaw" schema serialization and the target query normalization.
 */

import { pySplitWhitespace } from "../../core/py-str.js";
import { type ColumnValues, databaseMatches } from "./bridge.js";

/** The schema fields the HF spider/sparc/cosql loaders give (db_column_names as a dict of lists). */
export interface SkgSchema {
  dbId: string;
  tableNames: string[];
  columns: { tableId: number; name: string }[];
}

export interface SerializeOptions {
  /** `schema_serialization_with_db_content`: append DB values the question mentions. */
  withDbContent: boolean;
  /** The question text matched against DB values (sparc/cosql: all utterances joined by " | "). */
  question: string;
  /** The distinct values of a column, by original table and column name. */
  values?: ColumnValues;
}

/**
 * ` | {db_id} | {table} : {col} , {col} ( v1 , v2 ) | ...`, names lower-cased, in table order;
 * columns of table -1 (`*`) belong to no table and are left out. Not stripped here (the constructor
 * strips `struct_in`).
 */
export function serializeSchema(schema: SkgSchema, options: SerializeOptions): string {
  const tables = schema.tableNames.map((table, tableId) => {
    const columns = schema.columns
      .filter((c) => c.tableId === tableId)
      .map((c) => columnString(table, c.name, options))
      .join(" , ");
    return ` | ${table.toLowerCase()} : ${columns}`;
  });
  return ` | ${schema.dbId}${tables.join("")}`;
}

function columnString(table: string, column: string, options: SerializeOptions): string {
  const name = column.toLowerCase();
  if (!options.withDbContent) return name;
  const picklist = options.values?.(table, column) ?? [];
  const matches = databaseMatches(options.question, table, column, picklist);
  return matches.length > 0 ? `${name} ( ${matches.join(" , ")} )` : name;
}

/** Python's `\w` (letters, digits and numerics, underscore), for the `\b...\b` in `normalize`. */
const WORD = String.raw`[\p{L}\p{N}_]`;
const UNQUOTED_WORD = new RegExp(`(?<!${WORD})(?<!['"])(${WORD}+)(?!['"])(?!${WORD})`, "gu");

/**
 * PICARD's `normalize`: lower-case every word not touching a quote, collapse whitespace, then
 * `" , "` → `", "`.
 */
export function normalizeQuery(query: string): string {
  const lowered = query.replace(UNQUOTED_WORD, (_m, word: string) => word.toLowerCase());
  return pySplitWhitespace(lowered).join(" ").replaceAll(" , ", ", ");
}

/** The target: the normalized query, prefixed `"{db_id} | "` only with `target_with_db_id`. */
export function sqlTarget(query: string, dbId: string, targetWithDbId: boolean): string {
  return targetWithDbId ? `${dbId} | ${normalizeQuery(query)}` : normalizeQuery(query);
}
