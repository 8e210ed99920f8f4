/**
 * Pass 2 of a build, one task's job (in a worker thread or in-process): load the task in full, render its
 * records, write its staged training records and its evaluation files (one per shot variant) into the
 * build folder, and return only counts, hashes and issues, so what a job holds is one task.
 */
import { join } from "node:path";
import { auditText, type ScannedTrainTask } from "../audit/index.js";
import { borrow, giveBack, type ReadBuffer } from "../core/scratch.js";
import { listNames } from "../plan/partition.js";
import { type RecordStats, RecordStatsAccumulator } from "../report/index.js";
import type { Issue, OutputRecord } from "../types.js";
import { writeJsonl } from "../write/jsonl.js";
import { type AuditHandle, scanTexts } from "./audit-scan-job.js";
import type { OpenSource } from "./context.js";
import { type ManifestOutput, outputEntry, type RenderedTask } from "./manifest.js";
import { renderTask } from "./render-task.js";
import { loadTask, type ScannedTask, type TaskContext } from "./scan.js";
import { sourceIssue } from "./source-paths.js";
import { capsFor } from "./split-config.js";
import type { RunIndex } from "./train-runs.js";
import type { StagedTask } from "./train-staging.js";
import { writeStagedRecords } from "./train-staging.js";

export interface RenderJob {
  task: ScannedTask;
  level: "train" | "heldout_category" | "heldout_task";
  /** The build folder. */
  dir: string;
  /** Evaluation files are eval/<split>/<fileName>[.<variant>].jsonl. */
  fileName: string;
  /** Where the staged training records go. */
  stagingFile: string;
  /** Scan the staged training records against this evaluation index (the audit alongside rendering). */
  audit?: AuditHandle;
}

/** An evaluation file the job wrote, with the statistics of its records (for the manifest's `record_stats`). */
type RenderedOutput = ManifestOutput & { record_stats: RecordStats };

export interface RenderResult {
  rendered: RenderedTask;
  outputs: RenderedOutput[];
  /** The task's staged training records, when it has any (in `stagingFile`): that file's sha256, size and run index. */
  staged?: StagedTask;
  staged_file?: { sha256: string; bytes: number; index: RunIndex };
  /** The audit's hits of its training records, when the job was given the evaluation index. */
  audit_hits?: ScannedTrainTask["hits"];
  /** The full load's issues, for a task scanned by a summary (they replace the summary's). */
  issues?: Issue[];
}

/** A render reads its task file into a buffer its thread lends it (`LoadOptions.into`), and reads the task only before it returns. */
export async function renderOne(ctx: TaskContext, job: RenderJob): Promise<RenderResult> {
  const into = borrow();
  try {
    return await renderWith(ctx, job, into);
  } finally {
    giveBack(into);
  }
}

async function renderWith(ctx: TaskContext, job: RenderJob, into: ReadBuffer): Promise<RenderResult> {
  const { config } = ctx;
  const source = ctx.sources[job.task.sourceIndex] as OpenSource;
  // A task scanned by a full load had its issues recorded then; this read finds the same ones.
  const found: Issue[] = [];
  const caps = capsFor(config, job.task.source);
  const cap = job.level === "train" ? caps.train : caps.eval;
  const { task } = await loadTask(ctx, source, job.task.ref, found, { readsMost: cap === null || 2 * cap >= job.task.instanceCount, into });
  const holdOut = job.level === "train" && holdsOutInstances(config, task);
  const records = renderTask(task, source, job.level, config, holdOut);
  const result: RenderResult = {
    rendered: {
      task: { id: task.id, source: task.source, category: task.category },
      evalSplit: records.evalSplit,
      evalRecords: records.eval.length,
      instanceDrops: records.instanceDrops,
      promptDrops: records.promptDrops,
    },
    outputs: [],
  };
  if (records.train.length > 0) {
    const { inFileOrder, ...stagedFile } = await writeStagedRecords(job.stagingFile, records.train, config.seed);
    result.staged_file = stagedFile;
    result.staged = { id: task.id, source: task.source, category: task.category, count: records.train.length };
    // The records as the audit would read them back from the staged file, in its order, without reading it.
    if (job.audit) result.audit_hits = (await scanTexts(job.audit, task.id, inFileOrder.map(auditText))).hits;
  }
  const variants = new Map<string, OutputRecord[]>();
  for (const r of records.eval) variants.set(r.variant ?? "", [...(variants.get(r.variant ?? "") ?? []), r]);
  for (const [variant, list] of variants) {
    const path = `eval/${records.evalSplit}/${job.fileName}${variant ? `.${variant}` : ""}.jsonl`;
    const n = await writeJsonl(join(job.dir, path), list);
    const stats = new RecordStatsAccumulator();
    for (const record of list) stats.add(record);
    result.outputs.push({ ...(await outputEntry(job.dir, path, n, records.evalSplit, task.id)), record_stats: stats.result() });
  }
  if (job.task.summarized) result.issues = found.map((issue) => sourceIssue(source.descriptor, issue));
  return result;
}

/** Level 3 applies to every training task, or to those named by task or by canonical dataset id. */
function holdsOutInstances(config: TaskContext["config"], task: { id: string; name: string; dataset: string }): boolean {
  const { tasks, datasets } = config.heldout.instances;
  if (tasks === null && datasets === null) return true;
  return (tasks !== null && listNames(tasks, task)) || datasets?.includes(task.dataset) === true;
}
