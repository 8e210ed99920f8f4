/**
 * Stages 7–10 of a build, from the rendered tasks' folders (task-folder.ts) and the plan: the evaluation
 * files put in place, the audit, the mixture over the records each task actually staged, train.jsonl
 * merged from the runs in its seeded order, the manifest, the card. `build` merges its own folders (files
 * moved, staged runs removed once used); `iml-bench merge` reads the shards' (files copied after their
 * sha256 is checked against their marker, so the shards' folder can be merged again).
 */
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { AuditReport } from "../audit/index.js";
import { mapLimit } from "../core/map-limit.js";
import { UserError } from "../errors.js";
import { planMixture } from "../plan/sampling.js";
import type { WorkMeter } from "../progress.js";
import { type OutputFormat, publish } from "../publish/index.js";
import { type RecordStats, RecordStatsAccumulator } from "../report/index.js";
import type { Issue } from "../types.js";
import { hashFile, PartsHasher } from "../write/hash.js";
import { applyAudit, runAudit } from "./audit-step.js";
import type { BuildContext } from "./context.js";
import { assembleManifest, type Manifest, type ManifestOutput, writeManifest } from "./manifest.js";
import { mixtureReport } from "./mixture-report.js";
import { type BuildPlan, inTaskOrder } from "./plan-build.js";
import type { Pool } from "./pool.js";
import { stagedFile, type TaskMarker, taskFolder } from "./task-folder.js";
import { type RangePart, type RunIndex, rangeJobs } from "./train-runs.js";
import { type StagedTask, type TrainRunJob, TrainStaging } from "./train-staging.js";

export interface MergeInput {
  ctx: BuildContext;
  plan: BuildPlan;
  /** Every rendered task's marker, in task order. */
  markers: readonly TaskMarker[];
  shardsDir: string;
  /** The shards' folder is this build's own: its files are moved, and removed once used. */
  own: boolean;
  /** The audit's report, when it ran alongside rendering. */
  audit?: AuditReport;
  format: OutputFormat;
  /** Called when the audit is done, and when everything is written. */
  stage: (stage: "audit" | "write") => void;
  /** Told each step as it starts (the CLI's status line). */
  meter: WorkMeter;
}

/** Files checked or moved at once. */
const FILES_AT_ONCE = 8;

/** The merge's steps, its jobs in `pool`, which it closes once train.jsonl is written. */
export async function mergeInto(dir: string, pool: Pool, input: MergeInput): Promise<Manifest> {
  const { ctx, plan, markers, shardsDir, own, meter } = input;
  const { config } = ctx;
  const runsDir = join(dir, ".train-runs");
  await mkdir(runsDir, { recursive: true });
  const staging = new TrainStaging(runsDir, !own);
  const outputs = markers.flatMap((m) => m.outputs);
  await eachSettled(
    markers.flatMap((m) => m.outputs.map((o) => ({ m, o }))),
    ({ m, o }) => placeFile(join(taskFolder(shardsDir, m.position), o.path), join(dir, o.path), { expected: o, marker: m, shardsDir }, own),
  );
  const checked = markers.filter((m) => m.staged && !own);
  await eachSettled(checked, (m) =>
    checkFile(stagedFile(shardsDir, m.position), m.staged_file as { sha256: string; bytes: number }, m, shardsDir),
  );
  for (const m of markers) if (m.staged) staging.register(m.staged, stagedFile(shardsDir, m.position), stagedIndex(m, shardsDir));
  meter.stage("audit");
  const audit = input.audit
    ? await applyAudit(input.audit, config, dir, staging, outputs)
    : await runAudit(pool, config, dir, staging, outputs);
  input.stage("audit");
  const deleted = new Set(audit?.deleted ?? []);
  const mixture = mixtureOf(config, staging.staged());
  meter.stage("train.jsonl");
  const { written, trainFile, trainStats } = await writeTrain(
    pool,
    staging,
    join(dir, "train.jsonl"),
    config.seed,
    mixture?.counts ?? null,
  );
  // The pool's last job is done: its threads end before the publish step (this thread's), their memory with them.
  await pool.close();
  const train = staging.staged().map((task) => ({ task, staged: task.count, ...(written.get(task.id) ?? { written: 0, repeats: 0 }) }));
  await rm(runsDir, { recursive: true, force: true });
  if (own) await rm(shardsDir, { recursive: true, force: true });
  // A task scanned by a summary and then rendered reports what its full load found.
  const kept = outputs.filter((o) => !deleted.has(o.path));
  const stats = new RecordStatsAccumulator();
  for (const o of kept) stats.addStats(o.record_stats);
  stats.addStats(trainStats);
  const loadIssues = new Map(markers.flatMap((m) => (m.issues ? [[m.task, m.issues] as const] : [])));
  const sourceIssues = plan.tasks.flatMap((t) => loadIssues.get(t.task.id) ?? (t.issues as Issue[]));
  const assembled = assembleManifest({
    context: ctx,
    inputs: plan.inputs,
    issues: [...plan.listIssues, ...sourceIssues],
    assignments: inTaskOrder(plan),
    rendered: markers.map((m) => m.rendered),
    auditRemovals: audit?.removals ?? [],
    train,
    ...(mixture && { mixture: mixture.report }),
    outputs: [
      ...kept.map(({ record_stats: _stats, ...o }) => o),
      ...(audit ? [audit.output] : []),
      { path: "train.jsonl", sha256: trainFile.sha256, bytes: trainFile.bytes, records: trainFile.records, split: "train" },
    ],
  });
  meter.stage("publish");
  const manifest = await publish(dir, assembled, {
    format: input.format,
    sources: ctx.sources.map((s) => s.definition),
    recordStats: stats.result(),
  });
  await writeManifest(join(dir, "manifest.json"), manifest);
  input.stage("write");
  return manifest;
}

/**
 * `work` on every item, FILES_AT_ONCE at a time, all settled before the first failure (in item order) is
 * thrown: nothing still writes into the build folder when it is removed.
 */
async function eachSettled<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const failures: { at: number; error: unknown }[] = [];
  await mapLimit(items, FILES_AT_ONCE, (item, at) =>
    work(item).catch((error: unknown) => {
      failures.push({ at, error });
    }),
  );
  const first = failures.sort((a, b) => a.at - b.at)[0];
  if (first) throw first.error;
}

/** An evaluation file into the build folder: moved from the build's own folders, else checked and copied. */
async function placeFile(
  from: string,
  to: string,
  of: { expected: ManifestOutput; marker: TaskMarker; shardsDir: string },
  own: boolean,
): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  if (own) return rename(from, to);
  await checkFile(from, of.expected, of.marker, of.shardsDir);
  await copyFile(from, to);
}

/** A shard's file must be what its marker says, or the shards' folder was changed after the shard wrote it. */
async function checkFile(file: string, expected: { sha256: string; bytes: number }, marker: TaskMarker, shardsDir: string): Promise<void> {
  const found = await hashFile(file).catch(() => undefined);
  if (found?.sha256 === expected.sha256 && found.bytes === expected.bytes) return;
  const what = found ? `has sha256 ${found.sha256} (${found.bytes} bytes)` : "cannot be read";
  throw new UserError(
    "E_SHARD",
    `${file} ${what}, but its task's marker says sha256 ${expected.sha256} (${expected.bytes} bytes): the shards' folder changed after shard ${marker.shard} wrote it. Remove ${taskFolder(shardsDir, marker.position)} and run shard ${marker.shard} again.`,
  );
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

/** A staged task's run index, from its marker (a marker without one was written by an older iml-bench). */
function stagedIndex(marker: TaskMarker, shardsDir: string): RunIndex {
  const index = marker.staged_file?.index;
  if (!index)
    throw new UserError(
      "E_SHARD",
      `the marker of task ${marker.task} has no run index: its shard was rendered by an older iml-bench. Remove ${taskFolder(shardsDir, marker.position)} and run shard ${marker.shard} again.`,
    );
  return index;
}

/**
 * train.jsonl: the staged runs (or, with a mixture, runs of the records it selects: one job per task)
 * written key range by key range, the ranges in parallel (train-runs.ts). Returns the written counts per
 * task, the file's records, size and hash, and the statistics of its records.
 */
async function writeTrain(
  pool: Pool,
  staging: TrainStaging,
  target: string,
  seed: number,
  counts: ReadonlyMap<string, number> | null,
): Promise<{
  written: Map<string, { written: number; repeats: number }>;
  trainFile: { records: number; sha256: string; bytes: number };
  trainStats: RecordStats;
}> {
  const staged = staging.staged();
  const runs = staging.runs(seed, counts);
  const written = new Map<string, { written: number; repeats: number }>(
    counts === null ? staged.map((t) => [t.id, { written: t.count, repeats: 0 }]) : [],
  );
  const indexes = new Map<string, RunIndex>();
  const jobs = runs.flatMap((r) => (r.job ? [r.job] : []));
  let next = 0;
  for await (const { written: n, repeats, index } of pool.ordered(
    jobs.map((j) => ({ kind: "train" as const, ...j })),
    1,
  )) {
    const job = jobs[next++] as TrainRunJob;
    written.set(job.task, { written: n, repeats });
    if (index) indexes.set(job.runFile, index);
  }
  const indexed = runs.flatMap((r) => {
    const index = r.index ?? indexes.get(r.file);
    return index ? [{ file: r.file, index }] : [];
  });
  await writeFile(target, "");
  const stats = new RecordStatsAccumulator();
  const hasher = new PartsHasher(target);
  let records = 0;
  const ranges = rangeJobs(indexed, target);
  let done = 0;
  // Two per worker: a range job runs synchronously, so the second waits in its worker's queue, holding
  // nothing, and starts as soon as the first ends instead of after a round trip to this thread.
  const rangeJobList = {
    length: ranges.length,
    at: (i: number) => {
      const job = ranges.at(i);
      return job && { kind: "range" as const, ...job };
    },
  };
  for await (const part of pool.ordered(rangeJobList, 2)) {
    const range = ranges.parts[done++] as RangePart;
    stats.addStats(part);
    records += range.records;
    await hasher.add(range.offset, range.bytes);
  }
  // Without a mixture the runs are the staged files themselves, which a merge of shards keeps.
  if (counts !== null || !staging.keepStaged) await Promise.all(indexed.map((r) => rm(r.file, { force: true })));
  return { written, trainFile: { records, ...(await hasher.digest()) }, trainStats: stats.result() };
}
