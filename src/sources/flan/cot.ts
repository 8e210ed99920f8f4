/**
 * FLAN v2's chain-of-thought data (flan/v2/cot_data/<name>_train.tsv), read as FLAN reads it: seqio's
 * TextLineDataSource gives one line per `\n` (a trailing `\r` dropped, no line after a final `\n`), and
 * `simple_cot_tsv` splits each line on every tab into question, answer and chain_of_thought (fields past
 * the third are ignored) and turns each two-character `\n` escape of the question and the chain of
 * thought into a newline; the answer is kept as it is. A line with fewer than three fields (FLAN
 * itself stops there) is skipped and counted; the file is read as text-file.ts reads (strict UTF-8).
 *
 * FLAN's task names say which file a PATTERNS key reads (flan/v2/task_configs.py): `cot_<name>`,
 * `stream_<name>` and their `*_input_inversion_<name>` variants read `<name>_train.tsv`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { FlanOptions } from "./adapter-options.js";
import { readTextFile } from "./text-file.js";

/** `cot_gsm8k`, `stream_aqua`, `cot_input_inversion_gsm8k`: the data name is one word (no `_`). */
const COT_KEY = /^(?:cot|stream)_(?:input_inversion_)?([A-Za-z0-9]+)$/;

/** Folders searched, in order, when options.cotData is unset. */
const COT_DATA_CANDIDATES = ["flan/v2/cot_data", "cot_data"] as const;

interface CotRow {
  question: string;
  answer: string;
  chain_of_thought: string;
}

export interface CotFile {
  /** Rows in file order, each with its 0-based line number. */
  rows: { line: number; fields: CotRow }[];
  /** 0-based line numbers of lines with fewer than three tab-separated fields. */
  skipped: number[];
}

/** The data name a PATTERNS key reads (`cot_gsm8k` → `gsm8k`), or undefined for other keys. */
export function cotDataName(key: string): string | undefined {
  return COT_KEY.exec(key)?.[1];
}

/** The chain-of-thought folder: options.cotData, else the first candidate present; undefined when none. */
export function cotDataDir(root: string, opts: FlanOptions): string | undefined {
  if (opts.cotData !== undefined) return path.resolve(root, opts.cotData);
  return COT_DATA_CANDIDATES.map((c) => path.join(root, c)).find((dir) => existsSync(dir));
}

/** `<dir>/<name>_train.tsv` for a chain-of-thought key (whether or not it exists). */
export function cotFileFor(dir: string | undefined, key: string): string | undefined {
  const name = cotDataName(key);
  return dir === undefined || name === undefined ? undefined : path.join(dir, `${name}_train.tsv`);
}

/** Where a key's TSV is looked for: in options.cotData or the folder found, else in every candidate folder. */
export function cotFilesLookedFor(root: string, opts: FlanOptions, key: string): string[] {
  const dir = cotDataDir(root, opts);
  const dirs = dir !== undefined ? [dir] : COT_DATA_CANDIDATES.map((c) => path.join(root, c));
  return dirs.flatMap((d) => cotFileFor(d, key) ?? []);
}

/** Read one TSV file; see the module comment for the exact rules. */
export async function readCotFile(file: string): Promise<CotFile> {
  return parseCotTsv(await readTextFile(file));
}

export function parseCotTsv(text: string): CotFile {
  const out: CotFile = { rows: [], skipped: [] };
  textLines(text).forEach((line, index) => {
    const fields = line.split("\t");
    if (fields.length < 3) {
      out.skipped.push(index);
      return;
    }
    const [question, answer, chainOfThought] = fields as [string, string, string];
    out.rows.push({
      line: index,
      fields: { question: unescapeNewlines(question), answer, chain_of_thought: unescapeNewlines(chainOfThought) },
    });
  });
  return out;
}

/** `regex_replace(x, r"\\n", "\n")`: each backslash-n pair becomes a newline (the second replace is a no-op). */
function unescapeNewlines(text: string): string {
  return text.split("\\n").join("\n");
}

/** TensorFlow's line reader: split on `\n`, drop one trailing `\r` per line, no empty line at the very end. */
export function textLines(text: string): string[] {
  const lines = text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
