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
import type { Issue, OutputRecord } from "../types.js";
import { hashFile } from "../write/hash.js";
import { writeJsonl } from "../write/jsonl.js";
import { stageOutput } from "../write/output-dir.js";
import { runAudit } from "./audit-step.js";
import { type BuildContext, type ContextOptions, loadContext } from "./context.js";
import { evalFileNames } from "./file-names.js";
import { type Manifest, ManifestBuilder } from "./manifest.js";
import { mixtureReport } from "./mixture-report.js";
import { renderTask } from "./render-task.js";
import { type InputFile, loadTask, type ScannedTask, scan } from "./scan.js";
import { readTaskLists } from "./task-lists.js";
import { checkTaskNames } from "./task-names.js";
import { type Selection, type StagedTask, selectAll, TrainStaging } from "./train-staging.js";

export interface BuildOptions extends ContextOptions {
  out: string;
  force?: boolean;
  /** Progress messages (stderr in the CLI). */
  log?: (message: string) => void;
}

export async function build(options: BuildOptions): Promise<Manifest> {
  const ctx = await loadContext(options);
  const staging = await stageOutput(options.out, options.force ?? false);
  try {
    const manifest = await buildInto(ctx, staging.dir, options.log ?? (() => {}));
    await staging.commit();
    return manifest;
  } catch (error) {
    await staging.abort();
    throw error;
  }
}

async function buildInto(ctx: BuildContext, dir: string, log: (message: string) => void): Promise<Manifest> {
  const { config } = ctx;
  const lists = await readTaskLists(ctx);
  const scanned = await scan(ctx);
  log(`read ${scanned.tasks.length} tasks from ${ctx.sources.length} source(s)`);
  checkTaskNames(ctx, scanned.tasks);
  const mappable = scanned.tasks.filter((t) => !t.unmapped);
  const assignments = partition(mappable, config, lists?.lists);
  for (const t of scanned.tasks) if (t.unmapped) assignments.set(t.id, { level: "dropped", reason: "unmapped_category" });

  const inputs = [...scanned.inputs, ...(lists?.inputs ?? []), ...(await taxonomyInputs(ctx.taxonomy.dir))];
  const manifest = new ManifestBuilder(ctx, inputs, scanned.issues);
  const runsDir = join(dir, ".train-runs");
  await mkdir(runsDir, { recursive: true });
  const staging = new TrainStaging(runsDir);
  const fileNames = evalFileNames(scanned.tasks, assignments);
  const issues: Issue[] = [];
  for (const task of scanned.tasks.toSorted((a, b) => byCodeUnit(a.id, b.id))) {
    const assignment = assignments.get(task.id) as Assignment;
    manifest.addTask(task, assignment);
    if (assignment.level === "dropped") continue;
    await renderOne(ctx, task, assignment.level, { dir, staging, manifest, fileName: fileNames.get(task.id) as string, issues });
  }
  await runAudit(config, dir, staging, manifest);
  const select = mixtureSelection(config, staging.staged(), manifest);
  const written = await staging.writeTrain(join(dir, "train.jsonl"), config.seed, select);
  for (const task of staging.staged()) {
    const w = written.get(task.id) ?? { written: 0, repeats: 0 };
    manifest.addTrain(task, w.written, task.count - (w.written - w.repeats));
  }
  const trainRecords = [...written.values()].reduce((n, w) => n + w.written, 0);
  await rm(runsDir, { recursive: true, force: true });
  await manifest.addOutput(dir, "train.jsonl", trainRecords, "train");
  const result = await manifest.write(join(dir, "manifest.json"));
  log(`wrote ${result.counts.records} records`);
  return result;
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

/** Without a sampling block every record is written once; with one, the planned counts per task. */
function mixtureSelection(config: BuildContext["config"], staged: readonly StagedTask[], manifest: ManifestBuilder): Selection {
  if (!config.sampling) return selectAll;
  const plan = planMixture(
    staged.map((t) => ({ id: t.id, source: t.source, category: t.category, available: t.count })),
    config.sampling,
  );
  manifest.setMixture(mixtureReport(config.sampling, plan));
  const counts = new Map(plan.perTask.map((t) => [t.id, t.count]));
  return (task, ids) => selectForTask(task.id, ids, counts.get(task.id) ?? 0, config.seed);
}

interface RenderTarget {
  dir: string;
  staging: TrainStaging;
  manifest: ManifestBuilder;
  fileName: string;
  issues: Issue[];
}

async function renderOne(
  ctx: BuildContext,
  scanned: ScannedTask,
  level: Exclude<Assignment["level"], "dropped">,
  target: RenderTarget,
): Promise<void> {
  const { config } = ctx;
  const task = await loadTask(ctx, scanned.sourceIndex, scanned.ref, target.issues);
  const adapter = ctx.sources[scanned.sourceIndex]?.adapter;
  if (!adapter) throw new Error(`no adapter for ${task.id}`);
  const holdOut = level === "train" && holdsOutInstances(config, task);
  const records = renderTask(task, adapter, level, config, holdOut);
  target.manifest.addRecords(task, records);
  await target.staging.add({ id: task.id, source: task.source, category: task.category }, records.train);
  // One file per evaluation variant: <task>.jsonl, or <task>.<k>shot.jsonl with demonstrations.
  const variants = new Map<string, OutputRecord[]>();
  for (const r of records.eval) variants.set(r.variant ?? "", [...(variants.get(r.variant ?? "") ?? []), r]);
  for (const [variant, list] of variants) {
    const path = `eval/${records.evalSplit}/${target.fileName}${variant ? `.${variant}` : ""}.jsonl`;
    const n = await writeJsonl(join(target.dir, path), list);
    await target.manifest.addOutput(target.dir, path, n, records.evalSplit, task.id);
  }
}
