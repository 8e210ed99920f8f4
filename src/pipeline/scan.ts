/**
 * Pass 1 of a build: read every task once (one in memory at a time), give it its canonical category
 * and dataset, and keep only what partitioning needs. Input files are hashed for the manifest.
 */
import { relative } from "node:path";
import { canonicalDataset, categorize } from "../config/categories.js";
import type { ResolvedSource } from "../config/sources.js";
import { AdapterError } from "../errors.js";
import type { PartitionTask } from "../plan/partition.js";
import type { Issue, SourceAdapter, Task, TaskRef } from "../types.js";
import { hashFile } from "../write/hash.js";
import type { BuildContext } from "./context.js";

export interface ScannedTask extends PartitionTask {
  ref: TaskRef;
  sourceIndex: number;
  instanceCount: number;
  /** Set when no category map covers the task; the task is dropped and validate reports it. */
  unmapped?: { labels: string[]; suggestions: string[] };
}

export interface InputFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface Scan {
  tasks: ScannedTask[];
  inputs: InputFile[];
  issues: Issue[];
}

export async function scan(ctx: BuildContext, onTask?: (task: Task) => void): Promise<Scan> {
  const tasks: ScannedTask[] = [];
  const inputs: InputFile[] = [];
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  for (const [sourceIndex, { descriptor, adapter }] of ctx.sources.entries()) {
    for (const ref of await adapter.list(descriptor)) {
      const task = await loadTask(ctx, sourceIndex, ref, issues);
      const previous = seen.get(task.id);
      if (previous)
        throw new AdapterError(adapter.name, ref.files[0] ?? ref.name, `duplicate task id ${task.id} (also read from ${previous}).`);
      seen.set(task.id, ref.files[0] ?? ref.name);
      tasks.push(summarize(ctx, task, ref, sourceIndex));
      onTask?.(task);
      for (const file of ref.files) inputs.push({ path: inputPath(descriptor, file), ...(await hashFile(file)) });
    }
  }
  return { tasks, inputs, issues };
}

/** Load one task and give it its canonical category and dataset id. */
export async function loadTask(ctx: BuildContext, sourceIndex: number, ref: TaskRef, issues: Issue[]): Promise<Task> {
  const { descriptor, adapter } = ctx.sources[sourceIndex] as { descriptor: ResolvedSource; adapter: SourceAdapter };
  const task = await adapter.load(ref, descriptor, issues);
  const categorized = categorize(task, ctx.taxonomy);
  task.category = categorized.ok ? categorized.category : "";
  task.dataset = canonicalDataset(task.dataset, ctx.taxonomy);
  checkInstanceIds(adapter, ref, task);
  return task;
}

function summarize(ctx: BuildContext, task: Task, ref: TaskRef, sourceIndex: number): ScannedTask {
  const scanned: ScannedTask = {
    id: task.id,
    source: task.source,
    name: task.name,
    category: task.category,
    datasets: [task.dataset],
    ref,
    sourceIndex,
    instanceCount: task.instances.length,
  };
  // loadTask already categorized it; only an unmapped task ("") needs categorize again, for suggestions.
  if (task.category === "") {
    const categorized = categorize(task, ctx.taxonomy);
    scanned.unmapped = { labels: task.sourceCategories, suggestions: categorized.ok ? [] : categorized.suggestions };
  }
  return scanned;
}

function checkInstanceIds(adapter: SourceAdapter, ref: TaskRef, task: Task): void {
  const ids = new Set<string>();
  task.instances.forEach((instance, i) => {
    if (ids.has(instance.id)) {
      throw new AdapterError(
        adapter.name,
        ref.files[0] ?? ref.name,
        `duplicate instance id "${instance.id}". Instance ids must be unique within a task.`,
        { pointer: `/instances/${i}/id` },
      );
    }
    ids.add(instance.id);
  });
}

/** Input paths are recorded relative to their source root, so manifests agree across machines. */
export function inputPath(descriptor: ResolvedSource, file: string): string {
  return `${descriptor.name}/${relative(descriptor.path, file).split("\\").join("/")}`;
}
