/**
 * Audit inputs from the build's own files: evaluation JSONL files (`eval/<level>/<task>.jsonl`) and a
 * training task's run lines (`<sort key>\t<measure>\t<JSON record>`, or plain JSONL). Each file holds one task's
 * records and is read whole, the next one while the one before is audited (so reading and auditing
 * overlap): memory holds the bytes of two files, in two buffers reused from file to file, bounded by the
 * largest tasks as the build's own stages are.
 */
import { newReadBuffer } from "../core/scratch.js";
import { readFileInto } from "../core/text-file.js";
import { UserError } from "../errors.js";
import { auditText, type EvalExamples, type TrainTaskTexts } from "./audit.js";
import type { EvalExample } from "./eval-index.js";
import type { SkippedExamples } from "./examples.js";

interface AuditedRecord {
  task: string;
  prompt: string;
  completion: string;
}

/** The record of one JSONL line, or of a run line, where it follows the last tab (JSON escapes raw tabs). */
function recordOfLine(line: string, file: string, lineNo: number): AuditedRecord {
  const json = line.startsWith("{") ? line : line.slice(line.lastIndexOf("\t") + 1);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new UserError("E_INPUT", `${file}:${lineNo}: not a JSON record (${(error as Error).message}).`, { cause: error });
  }
  const r = value as Partial<AuditedRecord> | null;
  if (!r || typeof r.task !== "string" || typeof r.prompt !== "string" || typeof r.completion !== "string") {
    throw new UserError("E_INPUT", `${file}:${lineNo}: expected an output record with string "task", "prompt" and "completion".`);
  }
  return { task: r.task, prompt: r.prompt, completion: r.completion };
}

const LINE_BREAK = /\r\n|\r|\n/;
const WINDOW_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * The non-blank lines of a file's bytes with their 1-based numbers. Line breaks are \n, \r\n and a lone
 * \r, as node:readline counts them. The bytes are decoded in windows of about `windowBytes` cut after a
 * \n byte (never inside a UTF-8 sequence; no string longer than a window and a line), each split whole:
 * several times faster than readline's event per line.
 */
export function* linesOf(bytes: Buffer, windowBytes = WINDOW_BYTES): Generator<{ line: string; lineNo: number }> {
  let lineNo = 0;
  for (let from = 0; from < bytes.length; ) {
    let to = bytes.length;
    if (from + windowBytes < bytes.length) {
      const cut = bytes.lastIndexOf(NEWLINE, from + windowBytes - 1);
      to = cut >= from ? cut + 1 : bytes.indexOf(NEWLINE, from + windowBytes) + 1 || bytes.length;
    }
    const text = bytes.toString("utf8", from, to);
    const parts = text.includes("\r") ? text.split(LINE_BREAK) : text.split("\n");
    if (parts.at(-1) === "") parts.pop();
    for (const line of parts) {
      lineNo++;
      if (line.trim() !== "") yield { line, lineNo };
    }
    from = to;
  }
}

/**
 * Each item with its file's bytes, in order, the next file read while the caller works on the one before.
 * The items may still be coming (training tasks rendered while the audit scans). The bytes are valid until
 * the caller asks for the next item: files are read into two buffers in turn (the one the caller works on,
 * the one being read), which this generator's reads alone use.
 */
async function* readAhead<T extends { file: string }>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T & { bytes: Buffer }> {
  const buffers = [newReadBuffer(), newReadBuffer()] as const;
  let reads = 0;
  const start = (item: T): { item: T; bytes: Promise<Buffer> } => {
    const bytes = readFileInto(item.file, reads++ % 2 === 0 ? buffers[0] : buffers[1]);
    bytes.catch(() => undefined); // awaited below; not an unhandled rejection if the caller stops first
    return { item, bytes };
  };
  let pending: { item: T; bytes: Promise<Buffer> } | undefined;
  for await (const item of items) {
    const next = start(item);
    if (pending) yield { ...pending.item, bytes: await pending.bytes };
    pending = next;
  }
  if (pending) yield { ...pending.item, bytes: await pending.bytes };
}

/**
 * The evaluation examples of these files, in the order given (pass them sorted), re-readable. Once a read
 * has gone through every file, a read to quote skips the files that hold no example it quotes.
 */
export function evalExamplesFromFiles(files: readonly string[]): EvalExamples {
  /** Examples per file, from the last read that went through it. */
  const counts: (number | undefined)[] = files.map(() => undefined);
  return async function* (quote?: ReadonlySet<number>): AsyncGenerator<EvalExample | SkippedExamples> {
    const plan = quote && counts.every((c) => c !== undefined) ? skipPlan(counts as number[], quote) : files.map(() => true);
    const read = readAhead(files.filter((_, i) => plan[i]).map((file) => ({ file })));
    for (let i = 0; i < files.length; i++) {
      if (!plan[i]) {
        yield { skipped: counts[i] as number };
        continue;
      }
      const next = await read.next();
      const { file, bytes } = next.value as { file: string; bytes: Buffer };
      let count = 0;
      for (const { line, lineNo } of linesOf(bytes)) {
        const record = recordOfLine(line, file, lineNo);
        count++;
        yield { task: record.task, text: auditText(record) };
      }
      counts[i] = count;
    }
  };
}

/** Which files to read: those holding an ordinal of `quote` (files hold `counts` examples each, in order). */
function skipPlan(counts: readonly number[], quote: ReadonlySet<number>): boolean[] {
  const wanted = [...quote].sort((a, b) => a - b);
  let w = 0;
  let first = 0;
  return counts.map((count) => {
    while (w < wanted.length && (wanted[w] as number) < first) w++;
    const needed = w < wanted.length && (wanted[w] as number) < first + count;
    first += count;
    return needed;
  });
}

/**
 * Training tasks from the files holding all of each one's records (run files or JSONL), in the order given.
 * The tasks may still be coming (rendered while the audit scans); the next file is read while one is scanned.
 */
export async function* trainTasksFromFiles(
  tasks: AsyncIterable<{ id: string; file: string }> | Iterable<{ id: string; file: string }>,
): AsyncGenerator<TrainTaskTexts> {
  for await (const { id, file, bytes } of readAhead(tasks)) yield { task: id, texts: trainTexts(id, file, bytes) };
}

function* trainTexts(task: string, file: string, bytes: Buffer): Generator<string> {
  for (const { line, lineNo } of linesOf(bytes)) {
    const record = recordOfLine(line, file, lineNo);
    if (record.task !== task)
      throw new UserError("E_INPUT", `${file}:${lineNo}: record of task "${record.task}" in the file of training task "${task}".`);
    yield auditText(record);
  }
}
