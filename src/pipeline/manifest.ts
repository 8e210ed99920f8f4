/**
 * The build manifest: tool version, resolved config, seed, decisions, every input with its sha256,
 * per-task assignments, counts per split/source/category/task, drops by reason, every output file.
 * Nothing in it depends on the machine or the time, so identical builds give identical bytes.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AUDIT_DECISIONS } from "../audit/index.js";
import { packageVersion } from "../config/package-root.js";
import { addCounts, bump, type Counts, sortedCounts } from "../core/counts.js";
import { byCodeUnit } from "../core/py-str.js";
import type { Assignment } from "../plan/partition.js";
import type { RecordStats } from "../report/index.js";
import type { Issue, ManifestOutput, ManifestTask } from "../types.js";

export type { ManifestOutput, ManifestTask };

import { hashFile } from "../write/hash.js";
import type { BuildContext } from "./context.js";
import { DECISIONS } from "./decisions.js";
import type { InputFile, ScannedTask } from "./scan.js";
import { issueCounts } from "./source-paths.js";
import { configDocument } from "./split-config.js";

export interface Manifest {
  manifest_version: 1;
  tool: { name: "iml-bench"; version: string };
  config: object;
  seed: number;
  decisions: Record<string, string>;
  sources: { name: string; adapter: string; overridden: boolean; upstream?: string; revision?: string; license?: string }[];
  /** sha256 of the lockfile the sources were read from (`build --lock`). */
  lock_sha256?: string;
  inputs: InputFile[];
  tasks: ManifestTask[];
  counts: {
    records: number;
    by_split: Counts;
    by_source: Record<string, Counts>;
    by_category: Record<string, Counts>;
    by_task: Record<string, Counts>;
  };
  drops: { tasks: Counts; instances: Counts; prompts: Counts };
  /** The training mixture: requested and realised shares per source and task (when sampling is configured). */
  mixture?: object;
  /** Every quirk of the source data that did not stop the build, counted by kind (each issue's `count`, default 1). */
  issue_counts: { total: number; by_kind: Counts };
  /** The quirks themselves, files as `<source>/<path>`. */
  issues: Issue[];
  /** Per split, prompt and completion lengths, demonstrations per record, records per variant (added when published). */
  record_stats?: RecordStats;
  outputs: ManifestOutput[];
}

/** One rendered task's share of the manifest: its evaluation records and what was not written, by reason. */
export interface RenderedTask {
  task: { id: string; source: string; category: string };
  evalSplit: string;
  evalRecords: number;
  instanceDrops: Counts;
  promptDrops: Counts;
}

/** Records the audit's policy removed after rendering: a whole training task, or one evaluation file. */
export interface AuditRemoval {
  task: string;
  split: string;
  records: number;
}

/** A training task as the mixture wrote it: staged (rendered) records, written records, repeats among them. */
interface TrainWritten {
  task: { id: string; source: string; category: string };
  staged: number;
  written: number;
  repeats: number;
}

/** What every stage of a build returned, from which the manifest is assembled. */
export interface BuildRecord {
  context: Pick<BuildContext, "config" | "sources" | "lockSha256">;
  inputs: readonly InputFile[];
  issues: readonly Issue[];
  /** Every task read, with its assignment. */
  assignments: readonly { task: ScannedTask; assignment: Assignment }[];
  rendered: readonly RenderedTask[];
  auditRemovals: readonly AuditRemoval[];
  train: readonly TrainWritten[];
  mixture?: object;
  outputs: readonly ManifestOutput[];
}

/** The manifest of a build, from what its stages returned. Pure. */
export function assembleManifest(build: BuildRecord): Manifest {
  const counts = new SplitCounts();
  const drops = { tasks: {} as Counts, instances: {} as Counts, prompts: {} as Counts };
  const tasks = new Map<string, ManifestTask>();
  for (const { task, assignment } of build.assignments) {
    const entry: ManifestTask = {
      task: task.id,
      source: task.source,
      dataset: task.datasets[0] ?? "",
      category: task.category,
      assignment: assignment.level,
      instances: task.instanceCount,
    };
    if (task.license.length > 0) entry.license = task.license;
    if (task.languages.length > 0) entry.languages = task.languages;
    const reason = assignment.level === "dropped" ? [assignment.reason, assignment.detail].filter(Boolean).join(": ") : assignment.reason;
    if (reason) entry.reason = reason;
    tasks.set(task.id, entry);
    if (assignment.level === "dropped") {
      bump(drops.tasks, assignment.reason);
      bump(drops.instances, `task_${assignment.reason}`, task.instanceCount);
    }
  }
  for (const r of build.rendered) {
    counts.add(r.task, r.evalSplit, r.evalRecords);
    addCounts(drops.instances, r.instanceDrops);
    addCounts(drops.prompts, r.promptDrops);
  }
  for (const removal of build.auditRemovals) {
    const entry = tasks.get(removal.task);
    if (!entry) throw new Error(`the audit removed records of unknown task ${removal.task}`);
    // Evaluation records were counted when rendered, so they are taken back; training ones are counted when written.
    if (removal.split !== "train")
      counts.add({ id: removal.task, source: entry.source, category: entry.category }, removal.split, -removal.records);
    bump(drops.prompts, "ngram_overlap", removal.records);
    bump(drops.tasks, "ngram_overlap");
    entry.reason = [entry.reason, `ngram_overlap: ${removal.split} records removed by the audit policy`].filter(Boolean).join("; ");
  }
  for (const t of build.train) {
    counts.add(t.task, "train", t.written);
    bump(drops.prompts, "not_in_mixture", t.staged - (t.written - t.repeats));
  }
  const { config, sources, lockSha256 } = build.context;
  const sorted = <T>(items: readonly T[], key: (t: T) => string): T[] => items.toSorted((a, b) => byCodeUnit(key(a), key(b)));
  return {
    manifest_version: 1,
    tool: { name: "iml-bench", version: packageVersion() },
    config: configDocument(config),
    seed: config.seed,
    decisions: config.audit.enabled ? { ...DECISIONS, ...AUDIT_DECISIONS } : DECISIONS,
    sources: sources.map(({ descriptor: d }) => ({
      name: d.name,
      adapter: d.adapter,
      overridden: d.overridden,
      ...(d.upstream !== undefined && { upstream: d.upstream }),
      ...(d.revision !== undefined && { revision: d.revision }),
      ...(d.license !== undefined && { license: d.license }),
    })),
    ...(lockSha256 !== undefined && { lock_sha256: lockSha256 }),
    inputs: sorted(build.inputs, (i) => i.path),
    tasks: sorted([...tasks.values()], (t) => t.task),
    counts: counts.finish(),
    drops: { tasks: sortedCounts(drops.tasks), instances: sortedCounts(drops.instances), prompts: sortedCounts(drops.prompts) },
    ...(build.mixture !== undefined && { mixture: build.mixture }),
    issue_counts: issueCounts(build.issues),
    issues: [...build.issues],
    outputs: sorted(build.outputs, (o) => o.path),
  };
}

/** Records per split, and per source, category and task by split. */
class SplitCounts {
  private readonly bySplit: Counts = {};
  private readonly bySource: Record<string, Counts> = {};
  private readonly byCategory: Record<string, Counts> = {};
  private readonly byTask: Record<string, Counts> = {};

  add(task: { id: string; source: string; category: string }, split: string, n: number): void {
    if (n === 0) return;
    for (const counts of [
      this.bySplit,
      (this.bySource[task.source] ??= {}),
      (this.byCategory[task.category] ??= {}),
      (this.byTask[task.id] ??= {}),
    ]) {
      bump(counts, split, n);
      if (counts[split] === 0) delete counts[split];
    }
  }

  finish(): Manifest["counts"] {
    const sortedMap = (m: Record<string, Counts>): Record<string, Counts> =>
      Object.fromEntries(
        Object.keys(m)
          .sort(byCodeUnit)
          .map((k) => [k, sortedCounts(m[k] as Counts)]),
      );
    return {
      records: Object.values(this.bySplit).reduce((a, b) => a + b, 0),
      by_split: sortedCounts(this.bySplit),
      by_source: sortedMap(this.bySource),
      by_category: sortedMap(this.byCategory),
      by_task: sortedMap(this.byTask),
    };
  }
}

/** The manifest entry of a file written into the build folder. */
export async function outputEntry(dir: string, path: string, records: number, split: string, task?: string): Promise<ManifestOutput> {
  const output: ManifestOutput = { path, ...(await hashFile(join(dir, path))), records, split };
  if (task !== undefined) output.task = task;
  return output;
}

/** Write manifest.json. */
export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
