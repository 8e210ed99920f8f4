/**
 * Audit inputs from the build's own files: evaluation JSONL files (`eval/<level>/<task>.jsonl`) and a
 * training task's run lines (`<sort key>\t<JSON record>`, or plain JSONL).
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { UserError } from "../errors.js";
import { auditText, type EvalExamples, type TrainTaskTexts } from "./audit.js";
import type { EvalExample } from "./eval-index.js";

interface AuditedRecord {
  task: string;
  prompt: string;
  completion: string;
}

/** The record of one JSONL line, or of a run line whose sort key precedes a tab (JSON escapes raw tabs). */
function recordOfLine(line: string, where: string): AuditedRecord {
  const json = line.startsWith("{") ? line : line.slice(line.indexOf("\t") + 1);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new UserError("E_INPUT", `${where}: not a JSON record (${(error as Error).message}).`, { cause: error });
  }
  const r = value as Partial<AuditedRecord> | null;
  if (!r || typeof r.task !== "string" || typeof r.prompt !== "string" || typeof r.completion !== "string") {
    throw new UserError("E_INPUT", `${where}: expected an output record with string "task", "prompt" and "completion".`);
  }
  return { task: r.task, prompt: r.prompt, completion: r.completion };
}

async function* fileLines(file: string): AsyncGenerator<{ line: string; where: string }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() !== "") yield { line, where: `${file}:${lineNo}` };
  }
}

/** The evaluation examples of these files, in the order given (pass them sorted), re-readable. */
export function evalExamplesFromFiles(files: readonly string[]): EvalExamples {
  return async function* (): AsyncGenerator<EvalExample> {
    for (const file of files) {
      for await (const { line, where } of fileLines(file)) {
        const record = recordOfLine(line, where);
        yield { task: record.task, text: auditText(record) };
      }
    }
  };
}

/** One training task's texts from the file holding all of its records (a run file or JSONL). */
export function trainTaskFromFile(task: string, file: string): TrainTaskTexts {
  async function* texts(): AsyncGenerator<string> {
    for await (const { line, where } of fileLines(file)) {
      const record = recordOfLine(line, where);
      if (record.task !== task)
        throw new UserError("E_INPUT", `${where}: record of task "${record.task}" in the file of training task "${task}".`);
      yield auditText(record);
    }
  }
  return { task, texts: texts() };
}
