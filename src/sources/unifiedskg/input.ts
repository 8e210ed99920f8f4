/**
 * The model input UnifiedSKG builds from a seq2seq item (`utils/dataset.py` TokenizedDataset):
 * - text: `{text_in} ; structured knowledge: {struct_in}`;
 * - conversational (`text_in` contains " || "): `{current} ; structured knowledge: {struct_in} ; context: {earlier}`;
 * - no text: `structured knowledge: {struct_in}`;
 * - `knowledge_usage = separate` leaves `struct_in` out (it goes to a separate encoder);
 * - `use_description` and `concatenate_description` prepend `{description} ; `.
 */
export interface SkgItem {
  text_in: string;
  struct_in: string;
  seq_out: string;
  description?: string;
}

export interface SkgModelOptions {
  /** `[model] knowledge_usage`; undefined is a missing key (None). */
  knowledgeUsage?: string | undefined;
  useDescription: boolean;
  concatenateDescription: boolean;
}

export const DEFAULT_MODEL_OPTIONS: SkgModelOptions = {
  knowledgeUsage: "concatenate",
  useDescription: false,
  concatenateDescription: false,
};

/** A setting or item the assembly cannot use; upstream raises ValueError/KeyError. */
export class InputAssemblyError extends Error {
  override name = "InputAssemblyError";
}

const CONV_SEP = " || ";

export function assembleInput(item: SkgItem, model: SkgModelOptions): string {
  const usage = model.knowledgeUsage;
  if (usage !== undefined && usage !== "concatenate" && usage !== "separate") {
    throw new InputAssemblyError(`knowledge_usage = ${JSON.stringify(usage)} is not supported. Expected one of: concatenate, separate.`);
  }
  const separate = usage === "separate";
  let seqIn: string;
  if (item.text_in) {
    const at = item.text_in.indexOf(CONV_SEP);
    if (at >= 0) {
      const current = item.text_in.slice(0, at);
      const context = item.text_in.slice(at + CONV_SEP.length);
      seqIn = separate ? `${current} ; context: ${context}` : `${current} ; structured knowledge: ${item.struct_in} ; context: ${context}`;
    } else {
      seqIn = separate ? item.text_in : `${item.text_in} ; structured knowledge: ${item.struct_in}`;
    }
  } else {
    if (usage === undefined)
      throw new InputAssemblyError("an item without text_in needs knowledge_usage = concatenate or separate (it is missing)");
    seqIn = separate ? "" : `structured knowledge: ${item.struct_in}`;
  }
  if (model.useDescription && model.concatenateDescription) {
    if (item.description === undefined)
      throw new InputAssemblyError("use_description and concatenate_description are on, but the item has no description");
    seqIn = `${item.description} ; ${seqIn}`;
  }
  return seqIn;
}
