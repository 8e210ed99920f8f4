/**
 * DART triples (`seq2seq_construction/dart.py`): `subj : rel : obj | subj : rel : obj`, only the
 * relation lower-cased, nothing stripped.
 */
import { SkgFieldError } from "./fields.js";
import { cellText } from "./table.js";

/** Linearize `tripleset` (a list of [subject, relation, object]). */
export function linearizeTriples(tripleset: unknown, path: string): string {
  if (tripleset === undefined) throw new SkgFieldError("missing_field", path, "missing; expected a list of [subject, relation, object]");
  if (!Array.isArray(tripleset)) throw new SkgFieldError("bad_field", path, "expected a list of [subject, relation, object]");
  return tripleset
    .map((triple, i) => {
      if (!Array.isArray(triple) || triple.length !== 3) {
        throw new SkgFieldError("bad_field", `${path}[${i}]`, "a triple must be a list of exactly 3 values [subject, relation, object]");
      }
      const [subj, rel, obj] = triple.map((v, k) => cellText(v, `${path}[${i}][${k}]`)) as [string, string, string];
      return `${subj} : ${rel.toLowerCase()} : ${obj}`;
    })
    .join(" | ");
}
