/**
 * The fields of an output record, once: their order, their type and whether they may be absent. The
 * card's `dataset_info.features` and the Parquet schema are both made from this table, so a reader sees
 * every field in every file (absent optional fields as nulls) and nullable fields never drift.
 */
import type { OutputRecord } from "../types.js";

/** `string`: text; `strings`: a list of texts; `spans`: a list of lists of four integers. */
type FieldKind = "string" | "strings" | "spans";

export interface RecordField {
  name: keyof OutputRecord;
  kind: FieldKind;
  /** Absent from some records (written as null in Parquet and by `datasets`). */
  optional: boolean;
  description: string;
}

const field = (name: keyof OutputRecord, kind: FieldKind, optional: boolean, description: string): RecordField => ({
  name,
  kind,
  optional,
  description,
});

/** In the order records are written (src/types.ts OutputRecord). */
export const RECORD_FIELDS: readonly RecordField[] = [
  field("id", "string", false, "unique and stable: `<split>/<task>/<instance>/<template>`"),
  field("split", "string", false, "`train`, `heldout_category`, `heldout_task` or `heldout_instance`"),
  field("source", "string", false, "the source collection the task comes from"),
  field("task", "string", false, "task id, `<source>/<name>`"),
  field("dataset", "string", false, "canonical id of the underlying dataset"),
  field("category", "string", false, "canonical task category"),
  field("instance", "string", false, "the source's instance id"),
  field("template", "string", false, "the encoding or template id"),
  field("prompt", "string", false, "the model input"),
  field("completion", "string", false, "the chosen target"),
  field("references", "strings", false, "every acceptable target"),
  field("choices", "strings", true, "answer options, when the task has them"),
  field("variant", "string", true, "evaluation variant (`0shot`, `5shot`), when the build has demonstrations"),
  field("demonstrations", "strings", true, "instance ids of the demonstrations in the prompt"),
  field(
    "demonstration_spans",
    "spans",
    true,
    "per demonstration, code-point offsets `[prompt_start, prompt_end, completion_start, completion_end]` in `prompt`",
  ),
];

/** `dataset_info.features` of the card, in the YAML form `datasets` reads (`sequence` for lists). */
export function hubFeatures(): object[] {
  return RECORD_FIELDS.map((f) => {
    if (f.kind === "string") return { name: f.name, dtype: "string" };
    if (f.kind === "strings") return { name: f.name, sequence: "string" };
    return { name: f.name, sequence: { sequence: "int32" } };
  });
}
