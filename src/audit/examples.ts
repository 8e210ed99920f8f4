/**
 * The reported example of each flagged pair is read back from the evaluation side in a second pass (the
 * index keeps no texts): the n-gram is located token for token in the example's own text, and an excerpt
 * of the original text around it is quoted.
 */
import type { EvalExample, EvalIndex } from "./eval-index.js";
import { ngramHashes, tokenSpans } from "./ngrams.js";

export interface ReportedExample {
  /** The evaluation text around the shared n-gram, at most about `EXCERPT_CHARS` code units. */
  evalText: string;
  /** The shared n-gram: its n lower-cased tokens joined by single spaces. */
  ngram: string;
}

export const EXCERPT_CHARS = 300;

/** A run of `skipped` consecutive evaluation examples left out of a read (counted, not read). */
export interface SkippedExamples {
  skipped: number;
}

/** Key of a wanted (example ordinal, distinct n-gram id) pair. */
export function exampleKey(ordinal: number, ngram: number): string {
  return `${ordinal}:${ngram}`;
}

/**
 * Read the evaluation examples again and resolve every wanted (ordinal, n-gram) pair. The examples must
 * come in the same order as when the index was built; a changed sequence is an error, not a wrong quote.
 */
export async function resolveExamples(
  examples: AsyncIterable<EvalExample | SkippedExamples> | Iterable<EvalExample | SkippedExamples>,
  index: EvalIndex,
  wanted: ReadonlyMap<number, readonly number[]>,
): Promise<Map<string, ReportedExample>> {
  const found = new Map<string, ReportedExample>();
  let ordinal = 0;
  for await (const example of examples) {
    if ("skipped" in example) {
      for (let o = ordinal; o < ordinal + example.skipped; o++)
        if (wanted.has(o)) throw changedError(`example ${o}, to be quoted, was skipped`);
      ordinal += example.skipped;
      continue;
    }
    const ngrams = wanted.get(ordinal);
    if (ngrams) {
      const task = index.tasks[index.exampleTask[ordinal] as number];
      if (example.task !== task) throw changedError(`example ${ordinal} belongs to "${example.task}", first read as "${task}"`);
      for (const d of ngrams) found.set(exampleKey(ordinal, d), quote(example.text, index, d, ordinal));
    }
    ordinal++;
  }
  if (ordinal !== index.examples) throw changedError(`${ordinal} examples on the second read, ${index.examples} on the first`);
  return found;
}

function quote(text: string, index: EvalIndex, d: number, ordinal: number): ReportedExample {
  const spans = tokenSpans(text);
  const { hi, lo } = ngramHashes(
    spans.map((s) => s.token),
    index.n,
  );
  for (let i = 0; i < hi.length; i++) {
    if (hi[i] !== index.hashHi[d] || lo[i] !== index.hashLo[d]) continue;
    const window = spans.slice(i, i + index.n);
    const start = (window[0] as (typeof spans)[number]).start;
    const end = (window[window.length - 1] as (typeof spans)[number]).end;
    return { evalText: excerpt(text, start, end), ngram: window.map((s) => s.token).join(" ") };
  }
  throw changedError(`example ${ordinal} no longer contains the n-gram it was indexed with`);
}

/** `text` cut to about EXCERPT_CHARS code units centred on [start, end), with "…" where it was cut. */
export function excerpt(text: string, start: number, end: number): string {
  if (text.length <= EXCERPT_CHARS) return text;
  const room = Math.max(0, EXCERPT_CHARS - (end - start));
  let from = Math.max(0, start - Math.floor(room / 2));
  let to = Math.min(text.length, Math.max(end, from + EXCERPT_CHARS));
  from = Math.max(0, Math.min(from, to - EXCERPT_CHARS));
  if (isLowSurrogate(text.charCodeAt(from))) from--;
  if (isLowSurrogate(text.charCodeAt(to))) to++;
  return `${from > 0 ? "…" : ""}${text.slice(from, to)}${to < text.length ? "…" : ""}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function changedError(detail: string): Error {
  return new Error(
    `[audit] the evaluation examples changed between the two reads (${detail}). The examples function must yield the same records in the same order each time it is called.`,
  );
}
