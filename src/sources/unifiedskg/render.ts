/**
 * One row → the (prompt, completion) pairs UnifiedSKG would train on: either an instantiated example
 * (`text_in`/`struct_in`/`seq_out`, the form OPT-IML used) or a raw row run through its constructor.
 */
import type { Rng } from "../../core/rng.js";
import type { SkgSection } from "./config.js";
import type { SkgConstructor } from "./constructors/index.js";
import { sqlDialogueText } from "./conversation.js";
import { asStringList, describe, type Row, SkgFieldError } from "./fields.js";
import { assembleInput, InputAssemblyError, type SkgItem, type SkgModelOptions } from "./input.js";

export interface SkgRenderOptions {
  /** The constructor for raw rows (instantiated examples need none). Not named `constructor`: every object inherits one. */
  builder?: SkgConstructor | undefined;
  split: string;
  seq2seq: SkgSection;
  model: SkgModelOptions;
  /** `[model] description` of the task's META_TUNING cfg, used when the row has none. */
  description?: string | undefined;
  rng: Rng;
}

export type SkgRendered =
  | { ok: true; prompt: string; completion: string; references: string[]; item: SkgItem }
  | { ok: false; reason: string; detail: string };

/** True for rows that already hold UnifiedSKG's seq2seq fields. */
export function isInstantiated(row: Row): boolean {
  return "struct_in" in row && "seq_out" in row;
}

/** Every output the row yields (KVRET: one per turn; DART train: one per reference). */
export function renderSkgRow(row: Row, options: SkgRenderOptions): SkgRendered[] {
  try {
    const items = isInstantiated(row) ? [instantiatedItem(row)] : constructed(row, options);
    return items.map((item) => {
      const withDescription =
        item.description === undefined && options.description !== undefined ? { ...item, description: options.description } : item;
      const prompt = assembleInput(withDescription, options.model);
      return { ok: true, prompt, completion: item.seq_out, references: item.references, item: withDescription };
    });
  } catch (error) {
    if (error instanceof SkgFieldError) return [{ ok: false, reason: error.reason, detail: error.message }];
    if (error instanceof InputAssemblyError) return [{ ok: false, reason: "bad_model_option", detail: error.message }];
    throw error;
  }
}

function constructed(row: Row, options: SkgRenderOptions): (SkgItem & { references: string[] })[] {
  if (!options.builder)
    throw new SkgFieldError(
      "missing_field",
      "struct_in",
      "the row is not an instantiated example (text_in/struct_in/seq_out) and no constructor was given",
    );
  return options.builder.build(row, { split: options.split, seq2seq: options.seq2seq, rng: options.rng });
}

/**
 * An instantiated example. `text_in` may be absent or "" (data-to-text). For conversational tasks,
 * either `text_in` already holds "current || earlier | ..." or `previous_turns` (dialogue order,
 * oldest first) is given and joined the way sparc/cosql do.
 */
function instantiatedItem(row: Row): SkgItem & { references: string[] } {
  const text = optionalString(row, "text_in") ?? "";
  const structIn = optionalString(row, "struct_in");
  const seqOut = optionalString(row, "seq_out");
  if (structIn === undefined) throw new SkgFieldError("missing_field", "struct_in", "missing; expected a string");
  if (seqOut === undefined) throw new SkgFieldError("missing_field", "seq_out", "missing; expected a string");
  const previous = row.previous_turns === undefined ? [] : asStringList(row.previous_turns, "previous_turns");
  const textIn = previous.length > 0 ? sqlDialogueText([...previous, text]) : text;
  const description = optionalString(row, "description");
  return {
    text_in: textIn,
    struct_in: structIn,
    seq_out: seqOut,
    references: [seqOut],
    ...(description === undefined ? {} : { description }),
  };
}

function optionalString(row: Row, field: string): string | undefined {
  const value = row[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new SkgFieldError("bad_field", field, `expected a string, got ${describe(value)}`);
  return value;
}
