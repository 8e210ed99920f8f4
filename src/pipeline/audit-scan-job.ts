/**
 * The audit's scan of one training task in a worker thread (audit-scan.ts, render-stage.ts): its texts
 * against the evaluation index, with a scanner per thread kept while the index is the same.
 */
import {
  EvalIndex,
  type EvalIndexParts,
  type ScannedTrainTask,
  type ScanOptions,
  TrainScanner,
  trainTasksFromFiles,
} from "../audit/index.js";

/** An evaluation index built in SharedArrayBuffers (`prepareAudit(..., true)`), as posted to workers. */
export interface AuditHandle {
  indexId: number;
  parts: EvalIndexParts;
  settings: ScanOptions;
}

/** One training task to scan, from its staged file. */
export interface AuditScanJob extends AuditHandle {
  task: string;
  file: string;
}

/** This thread's scanner, kept for the next task against the same index. */
let cached: { indexId: number; scanner: TrainScanner } | undefined;
/** A scanner's arrays are scratch space for one task at a time: this thread's scans run one after another. */
let scans: Promise<unknown> = Promise.resolve();

/** Scan one task's texts (its records' `auditText`, in the order of its staged file). */
export async function scanTexts(
  handle: AuditHandle,
  task: string,
  texts: AsyncIterable<string> | Iterable<string>,
): Promise<ScannedTrainTask> {
  if (cached?.indexId !== handle.indexId)
    cached = { indexId: handle.indexId, scanner: new TrainScanner(new EvalIndex(handle.parts), handle.settings) };
  const { scanner } = cached;
  const scan = scans.then(() => scanner.scan(task, texts));
  scans = scan.catch(() => {});
  return { task, hits: await scan };
}

/** Scan one task from its staged file (its file read while another task is scanned). */
export async function scanTrainTask(job: AuditScanJob): Promise<ScannedTrainTask> {
  for await (const { task, texts } of trainTasksFromFiles([{ id: job.task, file: job.file }])) return scanTexts(job, task, texts);
  throw new Error(`the audit read no training task from ${job.file}`);
}
