/**
 * `iml-bench build`: the one-machine path through the three steps of a sharded build, in one process:
 * plan (plan-build.ts), render every task into its folder in the worker pool (render-stage.ts), merge
 * (merge-build.ts); all inside a staging folder renamed into place only when everything succeeded.
 * `plan`, `shard` and `merge` (sharded.ts) call the same functions, so their result is the same bytes.
 */
import { join } from "node:path";
import { SILENT_METER, type WorkMeter } from "../progress.js";
import type { OutputFormat } from "../publish/index.js";
import { writeAtomically } from "../write/output-dir.js";
import { type BuildContext, type ContextOptions, loadContext } from "./context.js";
import type { Manifest } from "./manifest.js";
import { mergeInto } from "./merge-build.js";
import { inTaskOrder, planBuild } from "./plan-build.js";
import { invocationOf, planDocument, planText } from "./plan-file.js";
import { openPool, type Pool, type PoolOptions } from "./pool.js";
import { RENDER_PER_WORKER, renderTasks } from "./render-stage.js";

export interface BuildOptions extends ContextOptions, PoolOptions {
  out: string;
  force?: boolean;
  /** How records are written: JSON Lines (default) or Parquet. */
  format?: OutputFormat;
  /** Progress messages (stderr in the CLI). */
  log?: (message: string) => void;
  /** Told each stage as it starts and the tasks and records done in it (the CLI's status line). */
  meter?: WorkMeter;
  /** Called after each stage with its wall time in seconds: context, scan, plan, render, audit, write. */
  onStage?: (stage: BuildStage, seconds: number) => void;
}

export type BuildStage = "context" | "scan" | "plan" | "render" | "audit" | "write";

export async function build(options: BuildOptions): Promise<Manifest> {
  const stages = stageClock(options.onStage);
  const pool = openPool(options);
  try {
    const ctx = await loadContext(options);
    pool.start(ctx);
    return await writeAtomically(options.out, options.force ?? false, (dir) => buildInto(ctx, dir, pool, options, stages));
  } finally {
    await pool.close();
  }
}

type StageClock = (stage: BuildStage) => void;

function stageClock(onStage: BuildOptions["onStage"]): StageClock {
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    onStage?.(stage, (now - last) / 1000);
    last = now;
  };
}

async function buildInto(ctx: BuildContext, dir: string, pool: Pool, options: BuildOptions, stage: StageClock): Promise<Manifest> {
  const log = options.log ?? (() => {});
  const meter = options.meter ?? SILENT_METER;
  meter.stage("context");
  stage("context");
  const plan = await planBuild(ctx, pool, { shards: 1, log, meter, onScanned: () => stage("scan") });
  const planSha256 = planText(planDocument(ctx, plan, invocationOf(options))).sha256;
  stage("plan");
  const shardsDir = join(dir, ".shards");
  const tasks = inTaskOrder(plan).filter((t) => t.shard !== undefined);
  meter.stage("render", "tasks", tasks.length);
  const { markers, audit } = await renderTasks(
    pool,
    { config: ctx.config, tasks, shardsDir, planSha256, auditAlongside: true, onRendered: (records) => meter.add(1, records) },
    RENDER_PER_WORKER,
  );
  stage("render");
  const manifest = await mergeInto(dir, pool, {
    ctx,
    plan,
    markers,
    shardsDir,
    own: true,
    ...(audit && { audit }),
    format: options.format ?? "jsonl",
    stage,
    meter,
  });
  log(`wrote ${manifest.counts.records} records`);
  return manifest;
}
