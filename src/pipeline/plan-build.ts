/**
 * Stages 2–5 of a build, everything known before rendering: the task lists, the scan (one job per task
 * in the pool), the partition, the evaluation file names and which shard renders each task. `build`
 * plans in memory; `iml-bench plan` writes the same plan to plan.json for `shard` and `merge`.
 */
import { join } from "node:path";
import fg from "fast-glob";
import { byCodeUnit } from "../core/py-str.js";
import { type Assignment, partition } from "../plan/partition.js";
import { assignShards } from "../plan/shards.js";
import type { WorkMeter } from "../progress.js";
import type { Issue } from "../types.js";
import { hashFile } from "../write/hash.js";
import type { BuildContext } from "./context.js";
import { evalFileNames } from "./file-names.js";
import type { Pool } from "./pool.js";
import { type InputFile, ScanCollector, type ScannedTask, scanJobs } from "./scan.js";
import { absentListedTasks, readTaskLists } from "./task-lists.js";
import { checkTaskNames } from "./task-names.js";

/** One task of the plan. */
export interface PlannedTask {
  task: ScannedTask;
  assignment: Assignment;
  /** What its scan found, relative to the source root (a rendered task reports its full load's instead). */
  issues: Issue[];
  /** Evaluation files are eval/<split>/<fileName>[.<variant>].jsonl. */
  fileName: string;
  /** Its place in task id order: the name of its folder among the shards' outputs. */
  position: number;
  /** The shard that renders it; none for a dropped task. */
  shard?: number;
}

export interface BuildPlan {
  /** How many shards render the tasks. */
  shards: number;
  /** Every task read, in scan order (sources in config order, each source's tasks by name). */
  tasks: PlannedTask[];
  /** Input files: the tasks', the task lists', the taxonomy's. */
  inputs: InputFile[];
  /** The task lists' quirks, and the listed tasks the sources lack. */
  listIssues: Issue[];
}

/** Jobs in flight per worker thread: a second task's file is read while the first is parsed. */
const SCAN_PER_WORKER = 2;

export interface PlanSettings {
  /** How many shards render the tasks. */
  shards: number;
  log: (message: string) => void;
  /** Told the scan's tasks as they are done (the CLI's status line). */
  meter?: WorkMeter;
  /** Called once every task is scanned (the build's stage clock). */
  onScanned?: () => void;
}

export async function planBuild(ctx: BuildContext, pool: Pool, settings: PlanSettings): Promise<BuildPlan> {
  const { shards, log } = settings;
  const lists = await readTaskLists(ctx);
  const collector = new ScanCollector(ctx);
  const scanning = (await scanJobs(ctx)).map((j) => ({ kind: "scan" as const, ...j }));
  settings.meter?.stage("scan", "tasks", scanning.length);
  for await (const result of pool.ordered(scanning, SCAN_PER_WORKER)) {
    collector.add(result);
    settings.meter?.add(1, 0);
  }
  const { scan } = collector;
  log(`read ${scan.tasks.length} tasks from ${ctx.sources.length} source(s)`);
  settings.onScanned?.();
  checkTaskNames(ctx, scan.tasks);
  const assignments = partition(
    scan.tasks.filter((t) => dropBeforePartition(t) === undefined),
    ctx.config,
    lists?.lists,
  );
  for (const t of scan.tasks) {
    const reason = dropBeforePartition(t);
    if (reason !== undefined) assignments.set(t.id, { level: "dropped", reason });
  }
  const fileNames = evalFileNames(scan.tasks, assignments);
  const positions = new Map(
    scan.tasks
      .map((t) => t.id)
      .sort(byCodeUnit)
      .map((id, i) => [id, i]),
  );
  const rendered = scan.tasks.filter((t) => assignments.get(t.id)?.level !== "dropped");
  const shardOf = assignShards(
    rendered.map((t) => ({ id: t.id, size: t.instanceCount })),
    shards,
  );
  return {
    shards,
    tasks: scan.tasks.map((task, i) => {
      const shard = shardOf.get(task.id);
      return {
        task,
        assignment: assignments.get(task.id) as Assignment,
        issues: scan.issues[i] as Issue[],
        fileName: fileNames.get(task.id) as string,
        position: positions.get(task.id) as number,
        ...(shard !== undefined && { shard }),
      };
    }),
    inputs: [...scan.inputs, ...(lists?.inputs ?? []), ...(await taxonomyInputs(ctx.taxonomy.dir))],
    listIssues: lists ? [...lists.issues, ...absentListedTasks(lists, scan.tasks)] : [],
  };
}

/** The plan's tasks in task id order (the order tasks are rendered, staged and written in). */
export function inTaskOrder(plan: BuildPlan): PlannedTask[] {
  return plan.tasks.toSorted((a, b) => a.position - b.position);
}

/**
 * Tasks dropped before partitioning, so they take no place in it (no held-out share, no dataset claimed):
 * a task without instances (`no_instances`; its adapter's issue says where they were looked for), then a
 * task no category map covers (`unmapped_category`).
 */
function dropBeforePartition(task: ScannedTask): string | undefined {
  if (task.instanceCount === 0) return "no_instances";
  if (task.unmapped) return "unmapped_category";
  return undefined;
}

/** The taxonomy decides categories and dataset ids, so its files are inputs too: categories/<path>. */
async function taxonomyInputs(dir: string): Promise<InputFile[]> {
  const files = await fg(["taxonomy.yaml", "datasets.yaml", "maps/*.yaml"], { cwd: dir, onlyFiles: true });
  return Promise.all(files.sort(byCodeUnit).map(async (f) => ({ path: `categories/${f}`, ...(await hashFile(join(dir, f))) })));
}
