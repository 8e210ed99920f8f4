/**
 * Stage 6, rendering tasks (one job per task, each into its folder with its completion marker:
 * task-folder.ts), with the audit's scan alongside when a build renders every task itself and it can be:
 * when no training task writes evaluation records (no held-out instances), the evaluation tasks are
 * rendered first; once their files are all written the audit indexes them (shared with the workers), and
 * each training job started after that scans the records it renders; the ones started before are scanned
 * on this thread from their staged files. Each task's texts are the same either way, so the report is
 * the one the audit after rendering makes.
 */
import { join } from "node:path";
import type { AuditReport, ScannedTrainTask } from "../audit/index.js";
import { byCodeUnit } from "../core/py-str.js";
import { auditAlongside } from "./audit-scan.js";
import type { PlannedTask } from "./plan-build.js";
import type { Pool } from "./pool.js";
import type { SplitConfig } from "./split-config.js";
import { type FolderJob, stagedFile, type TaskMarker, taskFolder } from "./task-folder.js";

export interface Rendered {
  /** The tasks' completion markers, in task order. */
  markers: TaskMarker[];
  /** The audit's report, when it ran alongside. */
  audit?: AuditReport;
}

export interface RenderPlan {
  config: SplitConfig;
  /** The tasks to render (none dropped), in task order. */
  tasks: readonly PlannedTask[];
  /** Where each task's folder goes (task-folder.ts). */
  shardsDir: string;
  planSha256: string;
  /** Scan the audit alongside when it can (every task of the build renders here). */
  auditAlongside: boolean;
  /** Told as each task is rendered, with the records it wrote (staged training and evaluation records). */
  onRendered?: (records: number) => void;
}

/** Jobs in flight per worker thread: a second task's file is read while the first is parsed. */
export const RENDER_PER_WORKER = 2;

export async function renderTasks(pool: Pool, plan: RenderPlan, perWorker: number): Promise<Rendered> {
  const { config, shardsDir } = plan;
  const jobs: ({ kind: "render" } & FolderJob)[] = plan.tasks.map(
    ({ task, assignment, fileName, position, shard }) =>
      ({
        kind: "render" as const,
        task,
        level: assignment.level as FolderJob["level"],
        fileName,
        shardsDir,
        position,
        shard: shard as number,
        planSha256: plan.planSha256,
      }) satisfies { kind: "render" } & FolderJob,
  );
  const alongside = plan.auditAlongside && config.audit.enabled && !trainingTasksEvaluate(config);
  const order = alongside ? [...jobs.filter((j) => j.level !== "train"), ...jobs.filter((j) => j.level === "train")] : jobs;
  const position = new Map(jobs.map((job, i) => [job, i]));
  const results: TaskMarker[] = new Array(jobs.length);
  // Training tasks rendered before the evaluation index reached the workers: scanned here, from their files.
  const trainTasks = new TaskQueue<{ id: string; file: string }>();
  const scannedInWorkers: ScannedTrainTask[] = [];
  let evalLeft = order.filter((j) => j.level !== "train").length;
  let audit: Promise<AuditReport> | undefined;
  const startAudit = (): void => {
    const evalFiles = results.flatMap((r, i) =>
      r && (jobs[i] as FolderJob).level !== "train"
        ? r.outputs.map((o) => ({ path: o.path, file: join(taskFolder(shardsDir, r.position), o.path) }))
        : [],
    );
    const inPathOrder = evalFiles.toSorted((a, b) => byCodeUnit(a.path, b.path)).map((e) => e.file);
    audit = auditAlongside(config, inPathOrder, trainTasks, scannedInWorkers, (handle) => {
      // Jobs not yet posted to a worker carry the index: their workers scan the records they render.
      for (const job of order) if (job.level === "train") job.audit = handle;
    });
    audit.catch(() => {});
  };
  if (alongside && evalLeft === 0) startAudit();
  try {
    let next = 0;
    for await (const result of pool.ordered(order, perWorker)) {
      const job = order[next++] as (typeof order)[number];
      results[position.get(job) as number] = result;
      plan.onRendered?.(result.rendered.evalRecords + (result.staged?.count ?? 0));
      if (!alongside) continue;
      if (job.level !== "train") {
        if (--evalLeft === 0) startAudit();
      } else {
        if (result.outputs.length > 0) throw new Error(`training task ${job.task.id} wrote evaluation files while the audit ran alongside`);
        if (result.audit_hits) scannedInWorkers.push({ task: job.task.id, hits: result.audit_hits });
        else if (result.staged) trainTasks.push({ id: job.task.id, file: stagedFile(shardsDir, job.position) });
      }
    }
  } catch (error) {
    trainTasks.fail(error);
    await audit?.catch(() => {});
    throw error;
  }
  trainTasks.end();
  return { markers: results, ...(audit && { audit: await audit }) };
}

/** Whether a training task may write evaluation records: held-out instances (level 3) are configured. */
function trainingTasksEvaluate(config: SplitConfig): boolean {
  const { count, fraction } = config.heldout.instances;
  return count === null ? fraction > 0 : count > 0;
}

/** Items handed from one loop to another's `for await`, in order; the producer ends or fails it. */
class TaskQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private done = false;
  private error: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  push(item: T): void {
    this.items.push(item);
    this.notify();
  }

  end(): void {
    this.done = true;
    this.notify();
  }

  fail(error: unknown): void {
    this.error = { error };
    this.notify();
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.error) throw this.error.error;
      const item = this.items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.done) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}
