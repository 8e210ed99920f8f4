/**
 * `iml-bench build`: load and validate configs, scan tasks, partition, render task by task, write the
 * evaluation files and the seeded train.jsonl, then the manifest; all inside a staging folder that is
 * renamed into place only when everything succeeded.
 */
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import fg from "fast-glob";
import { byCodeUnit } from "../core/py-str.js";
import { type Assignment, listNames, partition } from "../plan/partition.js";
import { planMixture, selectForTask } from "../plan/sampling.js";
import { type OutputFormat, publish } from "../publish/index.js";
import type { OutputRecord } from "../types.js";
import { hashFile } from "../write/hash.js";
import { writeJsonl } from "../write/jsonl.js";
import { stageOutput } from "../write/output-dir.js";
import { runAudit } from "./audit-step.js";
import { type BuildContext, type ContextOptions, loadContext, type OpenSource } from "./context.js";
import { evalFileNames } from "./file-names.js";
import { assembleManifest, type Manifest, type ManifestOutput, outputEntry, type RenderedTask, writeManifest } from "./manifest.js";
import { mixtureReport } from "./mixture-report.js";
import { renderTask } from "./render-task.js";
import { type InputFile, loadTask, type ScannedTask, scan } from "./scan.js";
import { absentListedTasks, readTaskLists } from "./task-lists.js";
import { checkTaskNames } from "./task-names.js";
import { type Selection, type StagedTask, selectAll, TrainStaging } from "./train-staging.js";

export interface BuildOptions extends ContextOptions {
  out: string;
  force?: boolean;
  /** How records are written: JSON Lines (default) or Parquet. */
  format?: OutputFormat;
  /** Progress messages (stderr in the CLI). */
  log?: (message: string) => void;
}

export async function build(options: BuildOptions): Promise<Manifest> {
  const ctx = await loadContext(options);
  const staging = await stageOutput(options.out, options.force ?? false);
  try {
    const manifest = await buildInto(ctx, staging.dir, options.log ?? (() => {}), options.format ?? "jsonl");
    await staging.commit();
    return manifest;
  } catch (error) {
    await staging.abort();
    throw error;
  }
}

async function buildInto(ctx: BuildContext, dir: string, log: (message: string) => void, format: OutputFormat): Promise<Manifest> {
  const { config } = ctx;
  const lists = await readTaskLists(ctx);
  const scanned = await scan(ctx);
  log(`read ${scanned.tasks.length} tasks from ${ctx.sources.length} source(s)`);
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

  const runsDir = join(dir, ".train-runs");
  await mkdir(runsDir, { recursive: true });
  const staging = new TrainStaging(runsDir);
  const fileNames = evalFileNames(scanned.tasks, assignments);
  const rendered: RenderedTask[] = [];
  const outputs: ManifestOutput[] = [];
  for (const { task, assignment } of ordered) {
    if (assignment.level === "dropped") continue;
    const result = await renderOne(ctx, task, assignment.level, { dir, staging, fileName: fileNames.get(task.id) as string });
    rendered.push(result.rendered);
    outputs.push(...result.outputs);
  }
  const audit = await runAudit(config, dir, staging, outputs);
  const deleted = new Set(audit?.deleted ?? []);
  const mixture = mixtureOf(config, staging.staged());
  const written = await staging.writeTrain(join(dir, "train.jsonl"), config.seed, mixture?.select ?? selectAll);
  const train = staging.staged().map((task) => ({ task, staged: task.count, ...(written.get(task.id) ?? { written: 0, repeats: 0 }) }));
  await rm(runsDir, { recursive: true, force: true });
  const trainRecords = train.reduce((n, t) => n + t.written, 0);
  const assembled = assembleManifest({
    context: ctx,
    inputs: [...scanned.inputs, ...(lists?.inputs ?? []), ...(await taxonomyInputs(ctx.taxonomy.dir))],
    issues: [...(lists ? [...lists.issues, ...absentListedTasks(lists, scanned.tasks)] : []), ...scanned.issues],
    assignments: ordered,
    rendered,
    auditRemovals: audit?.removals ?? [],
    train,
    ...(mixture && { mixture: mixture.report }),
    outputs: [
      ...outputs.filter((o) => !deleted.has(o.path)),
      ...(audit ? [audit.output] : []),
      await outputEntry(dir, "train.jsonl", trainRecords, "train"),
    ],
  });
  const manifest = await publish(dir, assembled, { format, sources: ctx.sources.map((s) => s.definition) });
  await writeManifest(join(dir, "manifest.json"), manifest);
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

/** Level 3 applies to every training task, or to those named by task or by canonical dataset id. */
function holdsOutInstances(config: BuildContext["config"], task: { id: string; name: string; dataset: string }): boolean {
  const { tasks, datasets } = config.heldout.instances;
  if (tasks === null && datasets === null) return true;
  return (tasks !== null && listNames(tasks, task)) || datasets?.includes(task.dataset) === true;
}

/** The taxonomy decides categories and dataset ids, so its files are inputs too: categories/<path>. */
async function taxonomyInputs(dir: string): Promise<InputFile[]> {
  const files = await fg(["taxonomy.yaml", "datasets.yaml", "maps/*.yaml"], { cwd: dir, onlyFiles: true });
  return Promise.all(files.sort(byCodeUnit).map(async (f) => ({ path: `categories/${f}`, ...(await hashFile(join(dir, f))) })));
}

/** With a sampling block, the planned counts per task and the manifest's view of them; without, every record once. */
function mixtureOf(config: BuildContext["config"], staged: readonly StagedTask[]): { select: Selection; report: object } | undefined {
  if (!config.sampling) return undefined;
  const plan = planMixture(
    staged.map((t) => ({ id: t.id, source: t.source, category: t.category, available: t.count })),
    config.sampling,
  );
  const counts = new Map(plan.perTask.map((t) => [t.id, t.count]));
  const select: Selection = (task, ids) => selectForTask(task.id, ids, counts.get(task.id) ?? 0, config.seed);
  return { select, report: mixtureReport(config.sampling, plan) };
}

interface RenderTarget {
  dir: string;
  staging: TrainStaging;
  fileName: string;
}

/** Render one task: stage its training records, write its evaluation files (one per shot variant). */
async function renderOne(
  ctx: BuildContext,
  scanned: ScannedTask,
  level: Exclude<Assignment["level"], "dropped">,
  target: RenderTarget,
): Promise<{ rendered: RenderedTask; outputs: ManifestOutput[] }> {
  const { config } = ctx;
  const source = ctx.sources[scanned.sourceIndex] as OpenSource;
  // Issues were recorded when the task was scanned; this second read finds the same ones.
  const { task } = await loadTask(ctx, source, scanned.ref, []);
  const holdOut = level === "train" && holdsOutInstances(config, task);
  const records = renderTask(task, source, level, config, holdOut);
  await target.staging.add({ id: task.id, source: task.source, category: task.category }, records.train);
  const variants = new Map<string, OutputRecord[]>();
  for (const r of records.eval) variants.set(r.variant ?? "", [...(variants.get(r.variant ?? "") ?? []), r]);
  const outputs: ManifestOutput[] = [];
  for (const [variant, list] of variants) {
    const path = `eval/${records.evalSplit}/${target.fileName}${variant ? `.${variant}` : ""}.jsonl`;
    const n = await writeJsonl(join(target.dir, path), list);
    outputs.push(await outputEntry(target.dir, path, n, records.evalSplit, task.id));
  }
  const rendered: RenderedTask = {
    task: { id: task.id, source: task.source, category: task.category },
    evalSplit: records.evalSplit,
    evalRecords: records.eval.length,
    instanceDrops: records.instanceDrops,
    promptDrops: records.promptDrops,
  };
  return { rendered, outputs };
}
