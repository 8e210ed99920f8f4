/**
 * One audit scan job (audit-scan.ts): a training task's staged records against the evaluation index,
 * with a scanner per thread kept while the index is the same.
 */
import {
  EvalIndex,
  type EvalIndexParts,
  type ScannedTrainTask,
  type ScanOptions,
  TrainScanner,
  trainTasksFromFiles,
} from "../audit/index.js";

/** One training task to scan against the index `indexId`. */
export interface AuditScanJob {
  indexId: number;
  parts: EvalIndexParts;
  settings: ScanOptions;
  task: string;
  file: string;
}

/** This thread's scanner, kept for the next task against the same index. */
let cached: { indexId: number; scanner: TrainScanner } | undefined;
/** A scanner's arrays are scratch space for one task at a time: this thread's scans run one after another. */
let scans: Promise<unknown> = Promise.resolve();

/** Scan one task (its file read while another task is scanned). */
export async function scanTrainTask(job: AuditScanJob): Promise<ScannedTrainTask> {
  if (cached?.indexId !== job.indexId) cached = { indexId: job.indexId, scanner: new TrainScanner(new EvalIndex(job.parts), job.settings) };
  const { scanner } = cached;
  for await (const { task, texts } of trainTasksFromFiles([{ id: job.task, file: job.file }])) {
    const scan = scans.then(() => scanner.scan(task, texts));
    scans = scan.catch(() => {});
    return { task, hits: await scan };
  }
  throw new Error(`the audit read no training task from ${job.file}`);
}
