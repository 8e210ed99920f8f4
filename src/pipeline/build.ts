/**
 * `iml-bench build`: load and validate configs, scan tasks, partition, render task by task, write the
 * evaluation files and the seeded train.jsonl, then the manifest; all inside a staging folder that is
 * renamed into place only when everything succeeded.
 */
import { mkdir, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import fg from "fast-glob";
import { byCodeUnit } from "../core/py-str.js";
import { UserError } from "../errors.js";
import { type Assignment, partition } from "../plan/partition.js";
import { planMixture } from "../plan/sampling.js";
import type { WorkMeter } from "../progress.js";
import { type OutputFormat, publish } from "../publish/index.js";
import type { Issue } from "../types.js";
import { hashFile } from "../write/hash.js";
import { stageOutput } from "../write/output-dir.js";
import { applyAudit, runAudit } from "./audit-step.js";
import { type BuildContext, type ContextOptions, loadContext } from "./context.js";
import { evalFileNames } from "./file-names.js";
import { assembleManifest, type Manifest, writeManifest } from "./manifest.js";
import { mixtureReport } from "./mixture-report.js";
import { InProcessPool, type Pool, ThreadPool, workerScript } from "./pool.js";
import { renderTasks } from "./render-stage.js";
import { type InputFile, ScanCollector, type ScannedTask, scanJobs } from "./scan.js";
import { absentListedTasks, readTaskLists } from "./task-lists.js";
import { checkTaskNames } from "./task-names.js";
import { type Merged, mergePlan } from "./train-runs.js";
import { type StagedTask, type TrainRunJob, TrainStaging } from "./train-staging.js";

export interface BuildOptions extends ContextOptions {
  out: string;
  force?: boolean;
  /** How records are written: JSON Lines (default) or Parquet. */
  format?: OutputFormat;
  /** Progress messages (stderr in the CLI). */
  log?: (message: string) => void;
  /**
   * Worker threads that scan and render tasks; 0 does both on the calling thread. Outputs are the same for
   * any number. Worker threads run the compiled JavaScript (dist/); from the TypeScript sources, or with a
   * `registry` of your own and no `registryModule`, tasks run on the calling thread.
   * @default os.availableParallelism()
   */
  workers?: number;
  /**
   * For worker threads with a `registry` of your own: a module (file URL or absolute path) whose `SOURCES`
   * export (or default export) is that same registry, which each worker thread imports.
   */
  registryModule?: string;
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
    const staging = await stageOutput(options.out, options.force ?? false);
    try {
      const manifest = await buildInto(ctx, staging.dir, pool, {
        log: options.log ?? (() => {}),
        stage: stages,
        meter: options.meter ?? SILENT,
        format: options.format ?? "jsonl",
      });
      await staging.commit();
      return manifest;
    } catch (error) {
      await staging.abort();
      throw error;
    }
  } finally {
    await pool.close();
  }
}

/** Worker threads when they can run (compiled JavaScript, a registry module), else the calling thread. */
function openPool(options: BuildOptions): Pool {
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 0)
    throw new UserError("E_ARG", `workers: expected a whole number of threads (0 or more), got ${workers}.`);
  const registryModule = options.registryModule ?? (options.registry === undefined ? DEFAULT_REGISTRY : undefined);
  const script = workerScript();
  if (workers === 0 || registryModule === undefined || script === undefined) return new InProcessPool();
  return new ThreadPool(script, workers, isAbsolute(registryModule) ? pathToFileURL(registryModule).href : registryModule);
}

const DEFAULT_REGISTRY = new URL("../sources/registry.js", import.meta.url).href;

/** Jobs in flight per worker thread: a second task's file is read while the first is parsed. */
const SCAN_PER_WORKER = 2;
const RENDER_PER_WORKER = 2;

type StageClock = (stage: BuildStage) => void;

function stageClock(onStage: BuildOptions["onStage"]): StageClock {
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    onStage?.(stage, (now - last) / 1000);
    last = now;
  };
}

/** A meter that shows nothing, for builds without a status line. */
const SILENT: WorkMeter = { stage: () => {}, add: () => {}, end: () => {} };

interface BuildReporting {
  log: (message: string) => void;
  stage: StageClock;
  meter: WorkMeter;
  format: OutputFormat;
}

async function buildInto(ctx: BuildContext, dir: string, pool: Pool, reporting: BuildReporting): Promise<Manifest> {
  const { log, stage, meter, format } = reporting;
  const { config } = ctx;
  meter.stage("context");
  const lists = await readTaskLists(ctx);
  stage("context");
  const collector = new ScanCollector(ctx);
  const scanning = (await scanJobs(ctx)).map((j) => ({ kind: "scan" as const, ...j }));
  meter.stage("scan", "tasks", scanning.length);
  for await (const result of pool.ordered(scanning, SCAN_PER_WORKER)) {
    collector.add(result);
    meter.add(1, 0);
  }
  const { scan: scanned } = collector;
  log(`read ${scanned.tasks.length} tasks from ${ctx.sources.length} source(s)`);
  stage("scan");
  checkTaskNames(ctx, scanned.tasks);
  const assignments = partition(
    scanned.tasks.filter((t) => dropBeforePartition(t) === undefined),
    config,
    lists?.lists,
  );
  for (const t of scanned.tasks) {
    const reason = dropBeforePartition(t);
    if (reason !== undefined) assignments.set(t.id, { level: "dropped", reason });
  }
  const ordered = scanned.tasks
    .toSorted((a, b) => byCodeUnit(a.id, b.id))
    .map((task) => ({ task, assignment: assignments.get(task.id) as Assignment }));
  stage("plan");

  const runsDir = join(dir, ".train-runs");
  await mkdir(runsDir, { recursive: true });
  const staging = new TrainStaging(runsDir);
  const fileNames = evalFileNames(scanned.tasks, assignments);
  meter.stage("render", "tasks", ordered.filter((t) => t.assignment.level !== "dropped").length);
  const { rendered, outputs, loadIssues, ...alongside } = await renderTasks(
    pool,
    { config, ordered, fileNames, dir, staging, stagingDir: runsDir, onRendered: (records) => meter.add(1, records) },
    RENDER_PER_WORKER,
  );
  stage("render");
  meter.stage("audit");
  // The audit's scan ran alongside rendering when it could (render-stage.ts); its policy applies now.
  const audit = alongside.audit
    ? await applyAudit(alongside.audit, config, dir, staging, outputs)
    : await runAudit(config, dir, staging, outputs);
  stage("audit");
  const deleted = new Set(audit?.deleted ?? []);
  const mixture = mixtureOf(config, staging.staged());
  meter.stage("train.jsonl");
  const { written, trainFile } = await writeTrain(pool, staging, runsDir, join(dir, "train.jsonl"), config.seed, mixture?.counts ?? null);
  const train = staging.staged().map((task) => ({ task, staged: task.count, ...(written.get(task.id) ?? { written: 0, repeats: 0 }) }));
  await rm(runsDir, { recursive: true, force: true });
  // A task scanned by a summary and then rendered reports what its full load found.
  const sourceIssues = scanned.tasks.flatMap((t, i) => loadIssues.get(t.id) ?? (scanned.issues[i] as Issue[]));
  const assembled = assembleManifest({
    context: ctx,
    inputs: [...scanned.inputs, ...(lists?.inputs ?? []), ...(await taxonomyInputs(ctx.taxonomy.dir))],
    issues: [...(lists ? [...lists.issues, ...absentListedTasks(lists, scanned.tasks)] : []), ...sourceIssues],
    assignments: ordered,
    rendered,
    auditRemovals: audit?.removals ?? [],
    train,
    ...(mixture && { mixture: mixture.report }),
    outputs: [
      ...outputs.filter((o) => !deleted.has(o.path)),
      ...(audit ? [audit.output] : []),
      { path: "train.jsonl", sha256: trainFile.sha256, bytes: trainFile.bytes, records: trainFile.records, split: "train" },
    ],
  });
  meter.stage("publish");
  const manifest = await publish(dir, assembled, { format, sources: ctx.sources.map((s) => s.definition) });
  await writeManifest(join(dir, "manifest.json"), manifest);
  stage("write");
  log(`wrote ${manifest.counts.records} records`);
  return manifest;
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

/** With a sampling block, the planned counts per task and the manifest's view of them; without, every record once. */
function mixtureOf(
  config: BuildContext["config"],
  staged: readonly StagedTask[],
): { counts: Map<string, number>; report: object } | undefined {
  if (!config.sampling) return undefined;
  const plan = planMixture(
    staged.map((t) => ({ id: t.id, source: t.source, category: t.category, available: t.count })),
    config.sampling,
  );
  return { counts: new Map(plan.perTask.map((t) => [t.id, t.count])), report: mixtureReport(config.sampling, plan) };
}

/**
 * train.jsonl: the staged runs (or, with a mixture, runs of the records it selects: one job per task)
 * merged generation by generation (the merges of a generation in parallel). Returns the written counts
 * per task and the file's records, size and hash.
 */
async function writeTrain(
  pool: Pool,
  staging: TrainStaging,
  runsDir: string,
  target: string,
  seed: number,
  counts: ReadonlyMap<string, number> | null,
): Promise<{ written: Map<string, { written: number; repeats: number }>; trainFile: Merged }> {
  const staged = staging.staged();
  const runs = staging.runs(seed, counts);
  const jobs = runs.flatMap((r) => (r.job ? [r.job] : []));
  const written = new Map<string, { written: number; repeats: number }>(
    counts === null ? staged.map((t) => [t.id, { written: t.count, repeats: 0 }]) : [],
  );
  let next = 0;
  for await (const result of pool.ordered(
    jobs.map((j) => ({ kind: "train" as const, ...j })),
    1,
  ))
    written.set((jobs[next++] as TrainRunJob).task, result);
  const files = runs.filter((_run, i) => (written.get((staged[i] as StagedTask).id)?.written ?? 0) > 0).map((r) => r.file);
  let trainFile: Merged | undefined;
  for (const generation of mergePlan(files, runsDir, target)) {
    for await (const merged of pool.ordered(
      generation.map((step) => ({ kind: "merge" as const, ...step })),
      1,
    ))
      trainFile = merged;
  }
  return { written, trainFile: trainFile as Merged };
}
