/**
 * A build across machines, in three commands that call what `build` calls (build.ts): `plan` writes
 * plan.json; each `shard` renders the plan's tasks of one index into a shared folder, a completed task
 * at a time (task-folder.ts), skipping those a previous attempt finished; `merge` requires every task's
 * marker and writes the build. The result is `build`'s bytes for any shard count and any order.
 */
import { join } from "node:path";
import { UserError } from "../errors.js";
import { SILENT_METER, type WorkMeter } from "../progress.js";
import type { OutputFormat } from "../publish/index.js";
import { writeAtomically } from "../write/output-dir.js";
import { type ContextOptions, loadContext } from "./context.js";
import type { Manifest } from "./manifest.js";
import { mergeInto } from "./merge-build.js";
import { type BuildPlan, inTaskOrder, type PlannedTask, planBuild } from "./plan-build.js";
import { checkInputs, contextOfPlan, invocationOf, planDocument, planOf, readPlan, writePlan } from "./plan-file.js";
import { openPool, type PoolOptions } from "./pool.js";
import { RENDER_PER_WORKER, renderTasks } from "./render-stage.js";
import { shardIndex } from "./shard-index.js";
import { inputPath } from "./source-paths.js";
import { readMarker, type TaskMarker } from "./task-folder.js";

interface Logged {
  /** Progress messages (stderr in the CLI). */
  log?: (message: string) => void;
  /** Told each stage as it starts and the tasks and records done in it (the CLI's status line). */
  meter?: WorkMeter;
}

export interface PlanOptions extends ContextOptions, PoolOptions, Logged {
  /** The plan folder: plan.json is written there. */
  out: string;
  /** How many shards will render the tasks. */
  shards: number;
  force?: boolean;
}

/** `iml-bench plan`: scan and partition, assign tasks to shards, write plan.json; returns its sha256. */
export async function makePlan(options: PlanOptions): Promise<{ sha256: string; plan: BuildPlan }> {
  if (!Number.isInteger(options.shards) || options.shards < 1)
    throw new UserError("E_ARG", `--shards ${options.shards}: expected a whole number of shards, 1 or more.`);
  const pool = openPool(options);
  try {
    const ctx = await loadContext(options);
    pool.start(ctx);
    const plan = await planBuild(ctx, pool, {
      shards: options.shards,
      log: options.log ?? (() => {}),
      ...(options.meter && { meter: options.meter }),
    });
    const sha256 = await writeAtomically(options.out, options.force ?? false, (dir) =>
      writePlan(dir, planDocument(ctx, plan, invocationOf(options))),
    );
    return { sha256, plan };
  } finally {
    await pool.close();
  }
}

export interface ShardOptions extends PoolOptions, Logged {
  /** The plan folder. */
  plan: string;
  /** The folder every shard writes into (shared by the machines). */
  out: string;
  index?: number;
  count?: number;
  /** Where the engine's index variables are read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ShardResult {
  index: number;
  /** Tasks rendered now, and tasks a previous attempt had finished. */
  rendered: number;
  skipped: number;
  records: number;
}

/** `iml-bench shard`: render one shard's tasks of the plan, each folder complete with its marker. */
export async function renderShard(options: ShardOptions): Promise<ShardResult> {
  const { doc, sha256 } = await readPlan(options.plan);
  const index = shardIndex(options, options.env ?? process.env, doc.shards);
  const ctx = await contextOfPlan(doc, options.plan, options.registry);
  const mine = inTaskOrder(planOf(doc)).filter((t) => t.shard === index);
  const pending: PlannedTask[] = [];
  for (const t of mine) if (!(await readMarker(options.out, t.position, sha256))) pending.push(t);
  const planned = new Map(doc.inputs.map((i) => [i.path, i]));
  await checkInputs(
    pending.flatMap(({ task }) => {
      const { descriptor } = ctx.sources[task.sourceIndex] as (typeof ctx.sources)[number];
      return task.ref.files.flatMap((file) => {
        const input = planned.get(inputPath(descriptor, file));
        return input ? [{ planned: input, file }] : [];
      });
    }),
    options.plan,
  );
  options.log?.(`shard ${index} of ${doc.shards}: ${pending.length} task(s) to render, ${mine.length - pending.length} already done`);
  const pool = openPool(options);
  try {
    pool.start(ctx);
    options.meter?.stage("render", "tasks", pending.length);
    const { markers } = await renderTasks(
      pool,
      {
        config: ctx.config,
        tasks: pending,
        shardsDir: options.out,
        planSha256: sha256,
        auditAlongside: false,
        onRendered: (records) => options.meter?.add(1, records),
      },
      RENDER_PER_WORKER,
    );
    const records = markers.reduce((n, m) => n + m.rendered.evalRecords + (m.staged?.count ?? 0), 0);
    return { index, rendered: pending.length, skipped: mine.length - pending.length, records };
  } finally {
    await pool.close();
  }
}

export interface MergeOptions extends PoolOptions, Logged {
  /** The plan folder. */
  plan: string;
  /** The folder the shards wrote into. */
  shards: string;
  out: string;
  force?: boolean;
  format?: OutputFormat;
}

/** `iml-bench merge`: every task's marker required, then the build written from the shards' folders. */
export async function mergeShards(options: MergeOptions): Promise<Manifest> {
  const { doc, sha256 } = await readPlan(options.plan);
  const ctx = await contextOfPlan(doc, options.plan, options.registry);
  const plan = planOf(doc);
  const markers = await requireMarkers(plan, options.plan, options.shards, sha256);
  const pool = openPool(options);
  try {
    pool.start(ctx);
    const manifest = await writeAtomically(options.out, options.force ?? false, (dir) =>
      mergeInto(dir, pool, {
        ctx,
        plan,
        markers,
        shardsDir: options.shards,
        own: false,
        format: options.format ?? "jsonl",
        stage: () => {},
        meter: options.meter ?? SILENT_METER,
      }),
    );
    options.log?.(`wrote ${manifest.counts.records} records`);
    return manifest;
  } finally {
    await pool.close();
  }
}

const NAMED = 20;

/** Every rendered task's marker, in task order; the missing ones named, by shard. */
async function requireMarkers(plan: BuildPlan, planDir: string, shardsDir: string, sha256: string): Promise<TaskMarker[]> {
  const markers: TaskMarker[] = [];
  const missing: PlannedTask[] = [];
  for (const t of inTaskOrder(plan).filter((p) => p.shard !== undefined)) {
    const marker = await readMarker(shardsDir, t.position, sha256);
    if (marker) markers.push(marker);
    else missing.push(t);
  }
  if (missing.length === 0) return markers;
  const shards = [...new Set(missing.map((t) => t.shard as number))].sort((a, b) => a - b);
  const named = missing.slice(0, NAMED).map((t) => `${t.task.id} (shard ${t.shard})`);
  const more = missing.length > NAMED ? `, … and ${missing.length - NAMED} more` : "";
  throw new UserError(
    "E_SHARD",
    `${missing.length} of ${markers.length + missing.length} task(s) have no completion marker in ${join(shardsDir, "tasks")}: ${named.join(", ")}${more}. Run shard ${shards.join(", ")} again until it finishes (iml-bench shard --plan ${planDir} --out ${shardsDir} --index <i>; finished tasks are skipped), then merge.`,
  );
}
