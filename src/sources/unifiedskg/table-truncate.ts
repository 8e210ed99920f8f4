/**
 * Table truncation (`utils/processor/table_truncate.py`, from TAPEX): CellLimitTruncate then
 * RowDeleteTruncate.
 *
 * Our decision (DOMAIN.md (e)): upstream counts T5/BART tokenizer tokens and deletes rows with the
 * unseeded `random.choices`. Here:
 * - a "token" is a whitespace-separated word (Python `str.split()`), a lower bound of the T5 count;
 * - a cell with at least `maxCellLength` words keeps its first `maxCellLength` words joined by one
 *   space (upstream: the first tokens, detokenized);
 * - the `k` unrelated rows to delete are drawn with replacement (as `random.choices`) from the
 *   caller's seeded stream;
 * - everything else (the delete ratio, which rows are "related", keeping rows while they fit) follows
 *   upstream step by step, so a table that fits is never changed.
 */

import { pySplitWhitespace, pyStrip, pyWordCount } from "../../core/py-str.js";
import type { Rng } from "../../core/rng.js";
import { linearizeHeader, linearizeRow, type SkgTable } from "./table.js";

export interface TruncateOptions {
  /** Words kept per cell (upstream: 15, kvret 100). */
  maxCellLength: number;
  /** The token budget for question + table (`table_truncation_max_length`, 1024 in the cfgs). */
  maxInputLength: number;
}

/** What truncation did, for the record. */
export interface TruncationReport {
  cellsCut: number;
  rowsDeleted: number;
}

/** Truncate a copy of `table`; `answers` is rewritten in place where a cut cell equals an answer. */
export function truncateTable(
  table: SkgTable,
  question: string,
  answers: string[],
  options: TruncateOptions,
  rng: Rng,
): { table: SkgTable; report: TruncationReport } {
  const cut = limitCells(table, answers, options.maxCellLength);
  const before = cut.table.rows.length;
  const rows = deleteRows(cut.table, question, answers, options.maxInputLength, rng);
  return { table: { header: cut.table.header, rows }, report: { cellsCut: cut.cellsCut, rowsDeleted: before - rows.length } };
}

function limitCells(table: SkgTable, answers: string[], maxCellLength: number): { table: SkgTable; cellsCut: number } {
  const mapping = new Map<string, string>();
  let cellsCut = 0;
  const rows = table.rows.map((row) =>
    row.map((cell) => {
      if (pyStrip(cell) === "") return cell;
      const words = pySplitWhitespace(cell);
      if (words.length < maxCellLength) return cell;
      const kept = words.slice(0, maxCellLength).join(" ");
      mapping.set(cell, kept);
      if (kept !== cell) cellsCut++;
      return kept;
    }),
  );
  answers.forEach((answer, i) => {
    const kept = mapping.get(answer);
    if (kept !== undefined) answers[i] = kept;
  });
  return { table: { header: table.header, rows }, cellsCut };
}

function deleteRows(table: SkgTable, question: string, answers: readonly string[], maxLength: number, rng: Rng): string[][] {
  const { ratio, remain } = estimateDeleteRatio(table, question, maxLength);
  const rows = deleteUnrelatedRows(table.rows, question, answers, ratio, rng);
  let left = remain;
  let keep = 0;
  for (const [i, row] of rows.entries()) {
    const len = pyWordCount(linearizeRow(row, i + 1));
    if (len > left) break;
    left -= len;
    keep++;
  }
  return rows.slice(0, keep);
}

function estimateDeleteRatio(table: SkgTable, question: string, maxLength: number): { ratio: number; remain: number } {
  const used = pyWordCount(question) + pyWordCount(linearizeHeader(table.header));
  const remain = maxLength - used;
  let values = "";
  for (const row of table.rows) values += `${linearizeRow(row, 100)} `;
  const valueLen = pyWordCount(values);
  // Our decision: no row text at all means nothing to delete (upstream divides by zero).
  if (valueLen < remain || valueLen === 0) return { ratio: 0, remain };
  return { ratio: 1 - remain / valueLen, remain };
}

/** Rows sharing no cell with the answers or question words (nor near such a row) may be deleted. */
function deleteUnrelatedRows(rows: readonly string[][], question: string, answers: readonly string[], ratio: number, rng: Rng): string[][] {
  const answerSet = new Set(answers.map((a) => a.toLowerCase()));
  for (const word of pySplitWhitespace(question)) answerSet.add(word);
  const questionSet = new Set(pyStrip(question, "?!.,").split(" "));
  const unrelated: number[] = [];
  const related = new Set<number>();
  rows.forEach((row, i) => {
    const cells = row.map((c) => c.toLowerCase());
    if (!cells.some((c) => answerSet.has(c)) && !cells.some((c) => questionSet.has(c))) unrelated.push(i);
    else for (let d = -2; d <= 2; d++) related.add(i + d);
  });
  const candidates = unrelated.filter((i) => !related.has(i));
  const dropCount = Math.min(candidates.length, Math.trunc(rows.length * ratio));
  const drop = new Set<number>();
  for (let k = 0; k < dropCount; k++) drop.add(candidates[rng.int(candidates.length)] as number);
  return rows.filter((_, i) => !drop.has(i));
}
