/**
 * Pass 1 of a build: every task summarised (its adapter's `summarize`, else a full `load`, one task in
 * memory at a time per worker), given its canonical category and dataset; only what partitioning needs is
 * kept. Input files are hashed for the manifest (from the bytes the summary read, when it says so); the
 * issues adapters report are kept with their files relative to the source root.
 *
 * `scanTask` is one task's job, run in a worker thread or in-process; `collectScan` puts the jobs'
 * results together in task order, so the scan is the same whichever worker did which task.
 */
import { byCodeUnit } from "../core/py-str.js";
import { AdapterError } from "../errors.js";
import type { PartitionTask } from "../plan/partition.js";
import type { LoadOptions, TaskSummary } from "../sources/contract.js";
import type { Issue, Task, TaskRef } from "../types.js";
import { hashFile } from "../write/hash.js";
import { identify, type TaskIdentity } from "./categorize.js";
import type { BuildContext, OpenSource } from "./context.js";
import { inputPath, sourceIssue } from "./source-paths.js";

export interface ScannedTask extends PartitionTask {
  ref: TaskRef;
  sourceIndex: number;
  instanceCount: number;
  /** The task's licenses as its adapter gives them (Super-NI's "Instance License"; a descriptor's license). */
  license: string[];
  /** Every language of its inputs, outputs and instructions, as the source names them, sorted. */
  languages: string[];
  /** Scanned by the adapter's `summarize`: the full load's issues replace the scan's when the task is rendered. */
  summarized: boolean;
  /** Set when no category map covers the task; the task is dropped and validate reports it. */
  unmapped?: TaskIdentity["unmapped"];
}

export interface InputFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface Scan {
  tasks: ScannedTask[];
  inputs: InputFile[];
  /** Issues per task (the same order as `tasks`), relative to their source root. */
  issues: Issue[][];
}

/** What a task's jobs need: the resolved config, the taxonomy, the sources opened. */
export type TaskContext = Pick<BuildContext, "config" | "taxonomy" | "sources">;

/** One task scanned: its summary, its issues and its input files. */
export interface TaskScan {
  task: ScannedTask;
  issues: Issue[];
  inputs: InputFile[];
}

/** Every source's task refs in name order (whatever order its listing gave), as scan jobs. */
export async function scanJobs(ctx: Pick<BuildContext, "sources">): Promise<{ sourceIndex: number; ref: TaskRef }[]> {
  const jobs: { sourceIndex: number; ref: TaskRef }[] = [];
  for (const [sourceIndex, source] of ctx.sources.entries()) {
    const refs = (await source.adapter.list()).toSorted((a, b) => byCodeUnit(a.name, b.name));
    for (const ref of refs) jobs.push({ sourceIndex, ref });
  }
  return jobs;
}

/**
 * Hashes of files read by several tasks (a template module), per thread: each file is hashed once. The
 * scan keeps a file's first entry, so which thread hashed it does not matter.
 */
export type HashCache = Map<string, Promise<{ sha256: string; bytes: number }>>;

/** Scan one task. */
export async function scanTask(ctx: TaskContext, sourceIndex: number, ref: TaskRef, hashes: HashCache): Promise<TaskScan> {
  const source = ctx.sources[sourceIndex] as OpenSource;
  const found: Issue[] = [];
  let summary: TaskSummary;
  let identity: TaskIdentity;
  if (source.adapter.summarize) {
    summary = await source.adapter.summarize(ref, found);
    checkIdentity(source, ref, summary);
    identity = identify(summary, ctx.taxonomy);
  } else {
    const loaded = await loadTask(ctx, source, ref, found);
    identity = loaded.identity;
    summary = { ...loaded.task, instanceCount: loaded.task.instances.length };
  }
  for (const h of summary.hashes ?? []) if (!hashes.has(h.file)) hashes.set(h.file, Promise.resolve({ sha256: h.sha256, bytes: h.bytes }));
  const inputs: InputFile[] = [];
  for (const file of ref.files) {
    let hash = hashes.get(file);
    if (!hash) hashes.set(file, (hash = hashFile(file)));
    inputs.push({ path: inputPath(source.descriptor, file), ...(await hash) });
  }
  const task: ScannedTask = {
    id: summary.id,
    source: summary.source,
    name: summary.name,
    category: identity.category,
    datasets: [identity.dataset],
    ref,
    sourceIndex,
    instanceCount: summary.instanceCount,
    license: [...summary.license],
    languages: [...new Set([...summary.languages.input, ...summary.languages.output, ...summary.languages.instruction])].sort(byCodeUnit),
    summarized: source.adapter.summarize !== undefined,
  };
  if (identity.unmapped) task.unmapped = identity.unmapped;
  return { task, issues: found.map((issue) => sourceIssue(source.descriptor, issue)), inputs };
}

/**
 * The scan, from every task's result in task order: duplicate task ids refused (naming the first file),
 * a file read by several tasks one input.
 */
export class ScanCollector {
  private readonly seen = new Map<string, string>();
  private readonly hashed = new Set<string>();
  readonly scan: Scan = { tasks: [], inputs: [], issues: [] };
  constructor(private readonly ctx: Pick<BuildContext, "sources">) {}

  add(result: TaskScan): void {
    const { task } = result;
    const { ref } = task;
    const previous = this.seen.get(task.id);
    if (previous) {
      const source = this.ctx.sources[task.sourceIndex] as OpenSource;
      throw new AdapterError(source.adapter.name, ref.files[0] ?? ref.name, `duplicate task id ${task.id} (also read from ${previous}).`);
    }
    this.seen.set(task.id, ref.files[0] ?? ref.name);
    this.scan.tasks.push(task);
    this.scan.issues.push(result.issues);
    for (const input of result.inputs) {
      if (this.hashed.has(input.path)) continue;
      this.hashed.add(input.path);
      this.scan.inputs.push(input);
    }
  }
}

/** Load one task and give it its canonical category and dataset id. */
export async function loadTask(
  ctx: Pick<TaskContext, "taxonomy">,
  source: OpenSource,
  ref: TaskRef,
  issues: Issue[],
  options?: LoadOptions,
): Promise<{ task: Task; identity: TaskIdentity }> {
  const task = await source.adapter.load(ref, issues, options);
  checkTask(source, ref, task);
  const identity = identify(task, ctx.taxonomy);
  task.category = identity.category;
  task.dataset = identity.dataset;
  return { task, identity };
}

/** What the pipeline relies on, whatever the adapter: its own source name. */
function checkIdentity(source: OpenSource, ref: TaskRef, task: Pick<Task, "id" | "source" | "name">): void {
  if (task.source !== source.definition.name || task.id !== `${task.source}/${task.name}`) {
    throw new AdapterError(
      source.definition.name,
      ref.files[0] ?? ref.name,
      `task id "${task.id}" (source "${task.source}"): expected "${source.definition.name}/${task.name}".`,
    );
  }
}

/** What the pipeline relies on, whatever the adapter: its own source name, unique instance ids. */
function checkTask(source: OpenSource, ref: TaskRef, task: Task): void {
  checkIdentity(source, ref, task);
  const ids = new Set<string>();
  task.instances.forEach((instance, i) => {
    if (ids.has(instance.id)) {
      throw new AdapterError(
        source.definition.name,
        ref.files[0] ?? ref.name,
        `duplicate instance id "${instance.id}". Instance ids must be unique within a task.`,
        {
          pointer: `/instances/${i}/id`,
        },
      );
    }
    ids.add(instance.id);
  });
}
