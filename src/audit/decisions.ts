/** How the audit settles what OPT-IML §2.3 leaves open; the lead merges these into the manifest's decisions. */
import { TOKENIZATION } from "./ngrams.js";

export const AUDIT_DECISIONS: Record<string, string> = {
  audit_text:
    "each record is audited as prompt + ' ' + completion (the instantiated sequence); one evaluation example = one evaluation record (prompt)",
  audit_tokenization: TOKENIZATION,
  audit_threshold:
    "a pair is flagged when overlapping / examples > threshold (strictly above, as 'above 1%'); computed as an exact double division, so a fraction equal to the threshold is not flagged",
  audit_short_texts: "a text with fewer than n tokens has no n-gram: it never overlaps but counts in its task's examples",
  audit_boilerplate:
    "an n-gram in more than boilerplate.fraction (and at least min_records) of a training task's records is that task's template text and is ignored for it, and so is any n-gram of a record that shares a token position with such an n-gram (template text + first words is no content overlap); 'boilerplate: false' counts every n-gram",
  audit_same_task:
    "a training task is not compared with evaluation records of the same task id (fully supervised) unless same_task is true",
  audit_hashing:
    "counts compare 64-bit n-gram hashes (false-match odds about distinct eval n-grams × train n-grams / 2^64); the reported n-gram is located token for token in the evaluation text",
  audit_example:
    "the reported example of a pair: the shared n-gram with the smallest hash, then the example with the smallest text hash, so input order does not change the report",
  audit_policy: "report keeps everything; drop_train drops every flagged training task; drop_eval every flagged evaluation task",
};
