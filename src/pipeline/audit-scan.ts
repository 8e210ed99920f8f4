/**
 * The audit's scan of training tasks in worker threads. When every training task is staged before the
 * audit starts (a merge, or a build whose training tasks write evaluation records), as pool jobs, one per
 * task (`auditInPool`); alongside rendering, by the render jobs themselves (`auditAlongside`). Either way
 * the evaluation index is built once in SharedArrayBuffers, each worker thread scans tasks against it with
 * a scanner of its own, and the hits are put together as one thread would (the audit's report depends only
 * on the index, the options and each task's texts: src/audit/audit.ts).
 */
import {
  type AuditReport,
  auditOptionsOf,
  type EvalExamples,
  evalExamplesFromFiles,
  finishAudit,
  type PreparedAudit,
  prepareAudit,
  type ScannedTrainTask,
  TrainScanner,
  trainTasksFromFiles,
} from "../audit/index.js";
import type { AuditHandle } from "./audit-scan-job.js";
import type { Pool } from "./pool.js";
import type { SplitConfig } from "./split-config.js";

/** Scans in flight per worker thread: a second task's file is read while the first is scanned. */
const SCANS_PER_WORKER = 2;

let nextIndexId = 0;

/**
 * The evaluation files (in path order) indexed in SharedArrayBuffers, and the index's handle for workers,
 * under an id of its own (their scanners are kept per id).
 */
async function prepareShared(
  config: SplitConfig,
  evalFiles: readonly string[],
): Promise<{ evalExamples: EvalExamples; prepared: PreparedAudit; handle: AuditHandle }> {
  const evalExamples = evalExamplesFromFiles(evalFiles);
  const prepared = await prepareAudit(evalExamples, auditOptionsOf(config.audit), true);
  return { evalExamples, prepared, handle: { indexId: nextIndexId++, parts: prepared.index.parts, settings: prepared.settings } };
}

/** The audit's report, the evaluation files indexed in path order, then every training task scanned in the pool. */
export async function auditInPool(
  pool: Pool,
  config: SplitConfig,
  evalFiles: readonly string[],
  trainTasks: readonly { id: string; file: string }[],
): Promise<AuditReport> {
  const { evalExamples, prepared, handle } = await prepareShared(config, evalFiles);
  const jobs = trainTasks.map((t) => ({ kind: "auditScan" as const, ...handle, task: t.id, file: t.file }));
  const scanned: ScannedTrainTask[] = [];
  for await (const result of pool.ordered(jobs, SCANS_PER_WORKER)) scanned.push(result);
  return finishAudit(prepared, evalExamples, scanned);
}

/**
 * The audit alongside rendering (render-stage.ts): the evaluation files (in path order) indexed, the
 * index handed to `post` for the training jobs not yet running, the tasks rendered before that scanned here
 * as they come, and the report made from every task's hits once `trainTasks` ends (scannedInWorkers full by
 * then). The report depends only on the index, the options and each task's texts, not on who scanned it.
 */
export async function auditAlongside(
  config: SplitConfig,
  evalFiles: readonly string[],
  trainTasks: AsyncIterable<{ id: string; file: string }>,
  scannedInWorkers: readonly ScannedTrainTask[],
  post: (handle: AuditHandle) => void,
): Promise<AuditReport> {
  const { evalExamples, prepared, handle } = await prepareShared(config, evalFiles);
  post(handle);
  const scanner = new TrainScanner(prepared.index, prepared.settings);
  const scanned: ScannedTrainTask[] = [];
  for await (const { task, texts } of trainTasksFromFiles(trainTasks)) scanned.push({ task, hits: await scanner.scan(task, texts) });
  return finishAudit(prepared, evalExamples, [...scanned, ...scannedInWorkers]);
}
