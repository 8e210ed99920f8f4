/**
 * The audit's scan of training tasks as pool jobs, one per task, when every training task is staged
 * before the audit starts (a merge, or a build whose training tasks write evaluation records): the
 * evaluation index is built once in SharedArrayBuffers, each worker thread scans tasks against it with a
 * scanner of its own, and the hits are put together as one thread would (the audit's report depends only
 * on the index, the options and each task's texts: src/audit/audit.ts).
 */
import {
  type AuditReport,
  auditOptionsOf,
  evalExamplesFromFiles,
  finishAudit,
  type PreparedAudit,
  prepareAudit,
  type ScannedTrainTask,
} from "../audit/index.js";
import type { AuditHandle } from "./audit-scan-job.js";
import type { Pool } from "./pool.js";
import type { SplitConfig } from "./split-config.js";

/** Scans in flight per worker thread: a second task's file is read while the first is scanned. */
const SCANS_PER_WORKER = 2;

let nextIndexId = 0;

/** A prepared audit's shared index as posted to workers, under an id of its own (their scanners are kept per id). */
export function auditHandle(prepared: PreparedAudit): AuditHandle {
  return { indexId: nextIndexId++, parts: prepared.index.parts, settings: prepared.settings };
}

/** The audit's report, the evaluation files indexed in path order, then every training task scanned in the pool. */
export async function auditInPool(
  pool: Pool,
  config: SplitConfig,
  evalFiles: readonly string[],
  trainTasks: readonly { id: string; file: string }[],
): Promise<AuditReport> {
  const evalExamples = evalExamplesFromFiles(evalFiles);
  const prepared = await prepareAudit(evalExamples, auditOptionsOf(config.audit), true);
  const handle = auditHandle(prepared);
  const jobs = trainTasks.map((t) => ({ kind: "auditScan" as const, ...handle, task: t.id, file: t.file }));
  const scanned: ScannedTrainTask[] = [];
  for await (const result of pool.ordered(jobs, SCANS_PER_WORKER)) scanned.push(result);
  return finishAudit(prepared, evalExamples, scanned);
}
