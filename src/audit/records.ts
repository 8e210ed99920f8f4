/**
 * Audit inputs from the build's own files: evaluation JSONL files (`eval/<level>/<task>.jsonl`) and a
 * training task's run lines (`<sort key>\t<JSON record>`, or plain JSONL).
 */
import { createReadStream } from "node:fs";
import { UserError } from "../errors.js";
import { auditText, type EvalExamples, type TrainTaskTexts } from "./audit.js";
import type { EvalExample } from "./eval-index.js";

interface AuditedRecord {
  task: string;
  prompt: string;
  completion: string;
}

/** The record of one JSONL line, or of a run line whose sort key precedes a tab (JSON escapes raw tabs). */
function recordOfLine(line: string, file: string, lineNo: number): AuditedRecord {
  const json = line.startsWith("{") ? line : line.slice(line.indexOf("\t") + 1);
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
const CHUNK_BYTES = 1 << 16;
const NEWLINE = 0x0a;

/**
 * The non-blank lines of a file with their 1-based numbers, streamed (memory bounded by a chunk and the
 * longest line). Line breaks are \n, \r\n and a lone \r, as node:readline counts them. Chunks are cut
 * after their last \n byte (never inside a UTF-8 sequence) and decoded and split whole: several times
 * faster than readline's event per line.
 */
export async function* fileLines(file: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<{ line: string; lineNo: number }> {
  let lineNo = 0;
  /** The lines of `text`, which ends with a line break or is the file's unfinished last line. */
  const lines = function* (text: string) {
    const parts = text.includes("\r") ? text.split(LINE_BREAK) : text.split("\n");
    if (parts.at(-1) === "") parts.pop();
    for (const line of parts) {
      lineNo++;
      if (line.trim() !== "") yield { line, lineNo };
    }
  };
  let rest: Buffer | undefined;
  for await (const read of createReadStream(file, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    const chunk = rest ? Buffer.concat([rest, read]) : read;
    const cut = chunk.lastIndexOf(NEWLINE) + 1;
    if (cut === 0) {
      rest = chunk;
      continue;
    }
    yield* lines(chunk.toString("utf8", 0, cut));
    rest = cut < chunk.length ? chunk.subarray(cut) : undefined;
  }
  if (rest) yield* lines(rest.toString("utf8"));
}

/** The evaluation examples of these files, in the order given (pass them sorted), re-readable. */
export function evalExamplesFromFiles(files: readonly string[]): EvalExamples {
  return async function* (): AsyncGenerator<EvalExample> {
    for (const file of files) {
      for await (const { line, lineNo } of fileLines(file)) {
        const record = recordOfLine(line, file, lineNo);
        yield { task: record.task, text: auditText(record) };
      }
    }
  };
}

/** One training task's texts from the file holding all of its records (a run file or JSONL). */
export function trainTaskFromFile(task: string, file: string): TrainTaskTexts {
  async function* texts(): AsyncGenerator<string> {
    for await (const { line, lineNo } of fileLines(file)) {
      const record = recordOfLine(line, file, lineNo);
      if (record.task !== task)
        throw new UserError("E_INPUT", `${file}:${lineNo}: record of task "${record.task}" in the file of training task "${task}".`);
      yield auditText(record);
    }
  }
  return { task, texts: texts() };
}
