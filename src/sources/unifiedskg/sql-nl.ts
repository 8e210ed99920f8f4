/**
 * The natural-language schema serialization (`schema_serialization_with_nl = True`, spider.py
 * `serialize_schema_natural_language`): "<db> contains tables such as a, b. Table a has columns such
 * as x, y. x is the primary key. The y contains values such as v1, v2. The x of a is the foreign key
 * of z of b."
 *
 * Kept as upstream has it: the column-name list used for foreign keys is built once per table (so it
 * repeats) and skips the `*` column, so a foreign key's column id points one column further; an id
 * past the end is an error upstream (IndexError) and a `bad_field` here.
 */
import { databaseMatches } from "./bridge.js";
import { SkgFieldError } from "./fields.js";
import type { SerializeOptions, SkgSchema } from "./sql.js";

export interface SchemaKeys {
  primaryKeys: readonly number[];
  foreignKeys: readonly [number, number][];
}

export function serializeSchemaNaturalLanguage(schema: SkgSchema, keys: SchemaKeys, options: SerializeOptions): string {
  const tableStrs = schema.tableNames.map((t) => t.toLowerCase());
  const descriptions = [`${schema.dbId} contains tables such as ${tableStrs.join(", ")}.`];
  const columnStrs: string[] = [];
  schema.tableNames.forEach((table, tableId) => {
    const columns: string[] = [];
    const primary: string[] = [];
    const valuePairs: string[] = [];
    schema.columns.forEach((column, columnId) => {
      if (columnId === 0) return;
      const name = column.name.toLowerCase();
      columnStrs.push(name);
      if (column.tableId !== tableId) return;
      columns.push(name);
      if (keys.primaryKeys.includes(columnId)) primary.push(name);
      if (options.withDbContent) {
        const matches = databaseMatches(options.question, table, column.name, options.values?.(table, column.name) ?? []);
        if (matches.length > 0) valuePairs.push(`The ${name} contains values such as ${matches.join(", ")}.`);
      }
    });
    descriptions.push(`Table ${tableStrs[tableId]} has columns such as ${columns.join(", ")}.`);
    descriptions.push(`${primary.join(", ")} is the primary key.`);
    if (valuePairs.length > 0) descriptions.push(valuePairs.join(""));
  });
  keys.foreignKeys.forEach(([x, y], k) => {
    const at = (columnId: number, end: string) => {
      const tableId = schema.columns[columnId]?.tableId;
      const table = tableId === undefined ? undefined : tableStrs.at(tableId);
      const column = columnStrs[columnId];
      if (table === undefined || column === undefined) {
        throw new SkgFieldError(
          "bad_field",
          `db_foreign_keys[${k}].${end}`,
          `column ${columnId} is out of range for the natural-language serialization (upstream raises IndexError)`,
        );
      }
      return { table, column };
    };
    const a = at(x, "column_id");
    const b = at(y, "other_column_id");
    descriptions.push(`The ${a.column} of ${a.table} is the foreign key of ${b.column} of ${b.table}.`);
  });
  return descriptions.join(" ");
}
