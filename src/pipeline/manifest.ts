/**
 * The build manifest: tool version, resolved config, seed, decisions, every input with its sha256,
 * per-task assignments, counts per split/source/category/task, drops by reason, every output file.
 * Nothing in it depends on the machine or the time, so identical builds give identical bytes.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AUDIT_DECISIONS } from "../audit/decisions.js";
import { packageVersion } from "../config/package-root.js";
import { configDocument } from "../config/split-config.js";
import { addCounts, bump, type Counts, sortedCounts } from "../core/counts.js";
import { byCodeUnit } from "../core/py-str.js";
import type { Assignment } from "../plan/partition.js";
import type { Issue, Task } from "../types.js";
import { hashFile } from "../write/hash.js";
import type { BuildContext } from "./context.js";
import { DECISIONS } from "./decisions.js";
import type { TaskRecords } from "./render-task.js";
import type { InputFile, ScannedTask } from "./scan.js";

export interface ManifestTask {
  task: string;
  source: string;
  dataset: string;
  category: string;
  assignment: string;
  reason?: string;
  instances: number;
}

export interface ManifestOutput {
  path: string;
  sha256: string;
  bytes: number;
  records: number;
  split?: string;
  task?: string;
}

export interface Manifest {
  manifest_version: 1;
  tool: { name: "iml-bench"; version: string };
  config: object;
  seed: number;
  decisions: Record<string, string>;
  sources: { name: string; adapter: string; overridden: boolean; upstream?: string; revision?: string; license?: string }[];
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
  issues: Issue[];
  outputs: ManifestOutput[];
}

export class ManifestBuilder {
  private readonly tasks: ManifestTask[] = [];
  private readonly outputs: ManifestOutput[] = [];
  private readonly bySplit: Counts = {};
  private readonly bySource: Record<string, Counts> = {};
  private readonly byCategory: Record<string, Counts> = {};
  private readonly byTask: Record<string, Counts> = {};
  private readonly drops = { tasks: {} as Counts, instances: {} as Counts, prompts: {} as Counts };
  private mixture: object | undefined;

  constructor(
    private readonly ctx: BuildContext,
    private readonly inputs: InputFile[],
    private readonly issues: Issue[],
  ) {}

  addTask(task: ScannedTask, assignment: Assignment): void {
    const entry: ManifestTask = {
      task: task.id,
      source: task.source,
      dataset: task.datasets[0] ?? "",
      category: task.category,
      assignment: assignment.level,
      instances: task.instanceCount,
    };
    const reason = assignment.level === "dropped" ? [assignment.reason, assignment.detail].filter(Boolean).join(": ") : assignment.reason;
    if (reason) entry.reason = reason;
    this.tasks.push(entry);
    if (assignment.level === "dropped") {
      bump(this.drops.tasks, assignment.reason);
      bump(this.drops.instances, `task_${assignment.reason}`, task.instanceCount);
    }
  }

  /** A task's evaluation records and its drops; training records are counted once the mixture chose them. */
  addRecords(task: Task, records: TaskRecords): void {
    this.count(task, records.evalSplit, records.eval.length);
    addCounts(this.drops.instances, records.instanceDrops);
    addCounts(this.drops.prompts, records.promptDrops);
  }

  /** Training records written for a task, and those rendered but left out of the mixture. */
  addTrain(task: { id: string; source: string; category: string }, written: number, notSampled: number): void {
    this.count(task, "train", written);
    bump(this.drops.prompts, "not_in_mixture", notSampled);
  }

  /**
   * A task's records removed after rendering (the audit's policy): counted as dropped prompts under
   * `reason`, the task marked. Evaluation records were already counted, so they are taken back;
   * training records are counted only when written.
   */
  dropTaskRecords(taskId: string, split: string, n: number, reason: string): void {
    const entry = this.tasks.find((t) => t.task === taskId);
    if (!entry) throw new Error(`unknown task ${taskId}`);
    if (split !== "train") this.count({ id: taskId, source: entry.source, category: entry.category }, split, -n);
    bump(this.drops.prompts, reason, n);
    bump(this.drops.tasks, reason);
    entry.reason = [entry.reason, `${reason}: ${split} records removed by the audit policy`].filter(Boolean).join("; ");
  }

  outputsOf(predicate: (output: ManifestOutput) => boolean): ManifestOutput[] {
    return this.outputs.filter(predicate).toSorted((a, b) => byCodeUnit(a.path, b.path));
  }

  removeOutput(path: string): void {
    const i = this.outputs.findIndex((o) => o.path === path);
    if (i >= 0) this.outputs.splice(i, 1);
  }

  setMixture(mixture: object): void {
    this.mixture = mixture;
  }

  private count(task: { id: string; source: string; category: string }, split: string, n: number): void {
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

  async addOutput(dir: string, path: string, records: number, split: string, task?: string): Promise<void> {
    const output: ManifestOutput = { path, ...(await hashFile(join(dir, path))), records, split };
    if (task !== undefined) output.task = task;
    this.outputs.push(output);
  }

  finish(): Manifest {
    const { config, sources } = this.ctx;
    const sorted = <T>(items: T[], key: (t: T) => string): T[] => items.toSorted((a, b) => byCodeUnit(key(a), key(b)));
    const sortedMap = (m: Record<string, Counts>): Record<string, Counts> =>
      Object.fromEntries(
        Object.keys(m)
          .sort(byCodeUnit)
          .map((k) => [k, sortedCounts(m[k] as Counts)]),
      );
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
      inputs: sorted(this.inputs, (i) => i.path),
      tasks: sorted(this.tasks, (t) => t.task),
      counts: {
        records: Object.values(this.bySplit).reduce((a, b) => a + b, 0),
        by_split: sortedCounts(this.bySplit),
        by_source: sortedMap(this.bySource),
        by_category: sortedMap(this.byCategory),
        by_task: sortedMap(this.byTask),
      },
      drops: {
        tasks: sortedCounts(this.drops.tasks),
        instances: sortedCounts(this.drops.instances),
        prompts: sortedCounts(this.drops.prompts),
      },
      ...(this.mixture !== undefined && { mixture: this.mixture }),
      issues: this.issues,
      outputs: sorted(this.outputs, (o) => o.path),
    };
  }

  /** Write manifest.json and return what was written. */
  async write(file: string): Promise<Manifest> {
    const manifest = this.finish();
    await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }
}
