/**
 * Stage 6, rendering every task not dropped (one job per task), with the audit's scan alongside when it
 * can be: when no training task writes evaluation records (no held-out instances), the evaluation tasks
 * are rendered first; once their files are all written the audit indexes them on this thread and scans
 * each training task's staged records as soon as the task is rendered, while the workers render the rest.
 * The audit sees the same files in the same order as after rendering, so its report is the same.
 */
import { join } from "node:path";
import type { AuditReport } from "../audit/index.js";
import type { Assignment } from "../plan/partition.js";
import type { Issue } from "../types.js";
import { auditReport } from "./audit-step.js";
import type { ManifestOutput, RenderedTask } from "./manifest.js";
import type { Pool } from "./pool.js";
import type { RenderJob, RenderResult } from "./render-one.js";
import type { ScannedTask } from "./scan.js";
import type { SplitConfig } from "./split-config.js";
import type { TrainStaging } from "./train-staging.js";

export interface Rendered {
  /** In task order. */
  rendered: RenderedTask[];
  outputs: ManifestOutput[];
  /** The full load's issues of tasks scanned by a summary. */
  loadIssues: Map<string, Issue[]>;
  /** The audit's report, when it ran alongside. */
  audit?: AuditReport;
}

export interface RenderPlan {
  config: SplitConfig;
  /** Every task, in task order, with its assignment. */
  ordered: readonly { task: ScannedTask; assignment: Assignment }[];
  fileNames: ReadonlyMap<string, string>;
  dir: string;
  staging: TrainStaging;
  stagingDir: string;
  /** Told as each task is rendered, with the records it wrote (staged training and evaluation records). */
  onRendered?: (records: number) => void;
}

export async function renderTasks(pool: Pool, plan: RenderPlan, perWorker: number): Promise<Rendered> {
  const { config, dir } = plan;
  const jobs = plan.ordered.flatMap(({ task, assignment }, i) =>
    assignment.level === "dropped"
      ? []
      : [
          {
            kind: "render" as const,
            task,
            level: assignment.level,
            dir,
            fileName: plan.fileNames.get(task.id) as string,
            stagingFile: join(plan.stagingDir, `task-${String(i).padStart(6, "0")}.jsonl`),
          } satisfies { kind: "render" } & RenderJob,
        ],
  );
  const alongside = config.audit.enabled && !trainingTasksEvaluate(config);
  const order = alongside ? [...jobs.filter((j) => j.level !== "train"), ...jobs.filter((j) => j.level === "train")] : jobs;
  const position = new Map(jobs.map((job, i) => [job, i]));
  const results: RenderResult[] = new Array(jobs.length);
  const trainTasks = new TaskQueue<{ id: string; file: string }>();
  let evalLeft = order.filter((j) => j.level !== "train").length;
  let audit: Promise<AuditReport> | undefined;
  const startAudit = (): void => {
    const outputs = results.flatMap((r, i) => (r && (jobs[i] as RenderJob).level !== "train" ? r.outputs : []));
    audit = auditReport(config, dir, outputs, trainTasks);
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
        if (result.staged) trainTasks.push({ id: job.task.id, file: job.stagingFile });
      }
    }
  } catch (error) {
    trainTasks.fail(error);
    await audit?.catch(() => {});
    throw error;
  }
  trainTasks.end();
  const out: Rendered = { rendered: [], outputs: [], loadIssues: new Map() };
  results.forEach((result, i) => {
    const job = jobs[i] as (typeof jobs)[number];
    out.rendered.push(result.rendered);
    out.outputs.push(...result.outputs);
    if (result.staged) plan.staging.register(result.staged, job.stagingFile);
    if (result.issues) out.loadIssues.set(job.task.id, result.issues);
  });
  if (audit) out.audit = await audit;
  return out;
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
