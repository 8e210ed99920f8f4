/**
 * Text-to-SQL constructors (`seq2seq_construction/spider.py`, `sparc.py`, `cosql.py`):
 * `struct_in` = the stripped peteshaw schema, `seq_out` = the normalized query.
 *
 * DB content (`schema_serialization_with_db_content = True`): upstream opens
 * `{db_path}/{db_id}/{db_id}.sqlite`. Here the row carries it instead, in `db_content`:
 * `{ "<table name>": { "<column name>": [distinct values...] } }` (original names, as in
 * `db_table_names` / `db_column_names`; a column is looked up exactly, then case-insensitively),
 * i.e. what `SELECT DISTINCT col FROM table` returns. A missing table or column has no values.
 */

import { pyStrip } from "../../../core/py-str.js";
import type { ColumnValues } from "../bridge.js";
import { cfgGet, cfgTruthy } from "../config.js";
import { sqlDialogueText } from "../conversation.js";
import { asStringList, describe, type Row, requireString, requireStringList, SkgFieldError, sequenceOfDicts } from "../fields.js";
import { type SkgSchema, serializeSchema, sqlTarget } from "../sql.js";
import { type SchemaKeys, serializeSchemaNaturalLanguage } from "../sql-nl.js";
import type { ConstructContext, SkgConstructor } from "./types.js";

function readSchema(row: Row): SkgSchema {
  const columns = sequenceOfDicts(row.db_column_names, "db_column_names", ["table_id", "column_name"]);
  const tableIds = columns.table_id as unknown[];
  const names = asStringList(columns.column_name, "db_column_names.column_name");
  return {
    dbId: requireString(row, "db_id"),
    tableNames: requireStringList(row, "db_table_names"),
    columns: names.map((name, i) => {
      const tableId = tableIds[i];
      if (typeof tableId !== "number")
        throw new SkgFieldError("bad_field", `db_column_names.table_id[${i}]`, `expected an integer, got ${describe(tableId)}`);
      return { tableId, name };
    }),
  };
}

function readDbContent(row: Row): ColumnValues {
  const content = row.db_content;
  if (content === undefined || content === null) {
    throw new SkgFieldError(
      "missing_field",
      "db_content",
      "missing; schema_serialization_with_db_content needs {table: {column: [values]}} (upstream reads it from the SQLite file)",
    );
  }
  if (typeof content !== "object" || Array.isArray(content))
    throw new SkgFieldError("bad_field", "db_content", `expected {table: {column: [values]}}, got ${describe(content)}`);
  const tables = content as Record<string, unknown>;
  return (table, column) => {
    const columns = Object.hasOwn(tables, table) ? tables[table] : undefined;
    if (columns === null || typeof columns !== "object") return undefined;
    const byName = columns as Record<string, unknown>;
    const key = Object.hasOwn(byName, column) ? column : Object.keys(byName).find((k) => k.toLowerCase() === column.toLowerCase());
    const values = key === undefined ? undefined : byName[key];
    if (values === undefined) return undefined;
    if (!Array.isArray(values))
      throw new SkgFieldError("bad_field", `db_content.${table}.${column}`, `expected a list of values, got ${describe(values)}`);
    return values;
  };
}

function readKeys(row: Row): SchemaKeys {
  const primary = sequenceOfDicts(row.db_primary_keys, "db_primary_keys", ["column_id"]);
  const foreign = sequenceOfDicts(row.db_foreign_keys, "db_foreign_keys", ["column_id", "other_column_id"]);
  const ints = (list: unknown[] | undefined, path: string): number[] =>
    (list ?? []).map((v, i) => {
      if (typeof v !== "number" || !Number.isInteger(v))
        throw new SkgFieldError("bad_field", `${path}[${i}]`, `expected a column id, got ${describe(v)}`);
      return v;
    });
  const from = ints(foreign.column_id, "db_foreign_keys.column_id");
  const to = ints(foreign.other_column_id, "db_foreign_keys.other_column_id");
  return { primaryKeys: ints(primary.column_id, "db_primary_keys.column_id"), foreignKeys: from.map((x, i) => [x, to[i] as number]) };
}

/** Spider's cfgs may ask for the natural-language serialization; SParC/CoSQL never do. */
function serialized(row: Row, question: string, ctx: ConstructContext, allowNl: boolean): string {
  const withDbContent = cfgTruthy(cfgGet({ s: ctx.seq2seq }, "s", "schema_serialization_with_db_content"));
  const schema = readSchema(row);
  const options = { withDbContent, question, ...(withDbContent ? { values: readDbContent(row) } : {}) };
  if (allowNl && cfgTruthy(cfgGet({ s: ctx.seq2seq }, "s", "schema_serialization_with_nl"))) {
    return pyStrip(serializeSchemaNaturalLanguage(schema, readKeys(row), options));
  }
  return pyStrip(serializeSchema(schema, options));
}

function target(row: Row, ctx: ConstructContext): string {
  const withDbId = cfgTruthy(cfgGet({ s: ctx.seq2seq }, "s", "target_with_db_id"));
  return sqlTarget(requireString(row, "query"), requireString(row, "db_id"), withDbId);
}

export const spider: SkgConstructor = {
  name: "spider",
  family: "semantic parsing",
  count: () => 1,
  build(row, ctx) {
    const question = requireString(row, "question");
    const structIn = serialized(row, question, ctx, true);
    const seqOut = target(row, ctx);
    return [{ text_in: pyStrip(question), struct_in: structIn, seq_out: seqOut, references: [seqOut] }];
  },
};

/** SParC and CoSQL: DB values are matched against all utterances joined by " | ". */
function sqlDialogue(name: string): SkgConstructor {
  return {
    name,
    family: "conversational",
    count: () => 1,
    build(row, ctx) {
      const utterances = requireStringList(row, "utterances");
      if (utterances.length === 0) throw new SkgFieldError("missing_field", "utterances", "empty; expected at least the current utterance");
      const structIn = serialized(row, utterances.join(" | "), ctx, false);
      const seqOut = target(row, ctx);
      return [{ text_in: sqlDialogueText(utterances), struct_in: structIn, seq_out: seqOut, references: [seqOut] }];
    },
  };
}

export const sparc = sqlDialogue("sparc");
export const cosql = sqlDialogue("cosql");
