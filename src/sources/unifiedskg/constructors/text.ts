/** DART (`seq2seq_construction/dart.py`): triples only, no text input, nothing lower-cased but relations. */

import type { Row } from "../fields.js";
import { asStringList, SkgFieldError, sequenceOfDicts } from "../fields.js";
import { linearizeTriples } from "../triples.js";
import type { SkgConstructor } from "./types.js";

function referenceTexts(row: Row): string[] {
  const annotations = sequenceOfDicts(row.annotations, "annotations", ["text"]);
  return asStringList(annotations.text, "annotations.text");
}

/** Train: one item per reference text. Dev/test: the first reference is the target, all are kept. */
export const dart: SkgConstructor = {
  name: "dart",
  family: "data-to-text",
  count: (row, split) => (split === "train" ? referenceTexts(row).length : 1),
  build(row, ctx) {
    const structIn = linearizeTriples(row.tripleset, "tripleset");
    const texts = referenceTexts(row);
    if (ctx.split === "train") return texts.map((text) => ({ text_in: "", struct_in: structIn, seq_out: text, references: [text] }));
    const first = texts[0];
    if (first === undefined)
      throw new SkgFieldError("empty_answer", "annotations.text", "no reference text; dev/test items take the first one");
    return [{ text_in: "", struct_in: structIn, seq_out: first, references: texts }];
  },
};
