/**
 * Pass 1 of a build: read every task once (one in memory at a time), give it its canonical category
 * and dataset, and keep only what partitioning needs. Input files are hashed for the manifest; the
 * issues adapters report are kept with their files relative to the source root.
 */
import { byCodeUnit } from "../core/py-str.js";
import { AdapterError } from "../errors.js";
import type { PartitionTask } from "../plan/partition.js";
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
  issues: Issue[];
}

export async function scan(ctx: BuildContext): Promise<Scan> {
  const tasks: ScannedTask[] = [];
  const inputs: InputFile[] = [];
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  // A file several tasks read (a template module) is one input, hashed once.
  const hashed = new Set<string>();
  for (const [sourceIndex, source] of ctx.sources.entries()) {
    for (const ref of await source.adapter.list()) {
      const found: Issue[] = [];
      const { task, identity } = await loadTask(ctx, source, ref, found);
      for (const issue of found) issues.push(sourceIssue(source.descriptor, issue));
      const previous = seen.get(task.id);
      if (previous)
        throw new AdapterError(source.adapter.name, ref.files[0] ?? ref.name, `duplicate task id ${task.id} (also read from ${previous}).`);
      seen.set(task.id, ref.files[0] ?? ref.name);
      tasks.push(summarize(task, identity, ref, sourceIndex));
      for (const file of ref.files) {
        const at = inputPath(source.descriptor, file);
        if (hashed.has(at)) continue;
        hashed.add(at);
        inputs.push({ path: at, ...(await hashFile(file)) });
      }
    }
  }
  return { tasks, inputs, issues };
}

/** Load one task and give it its canonical category and dataset id. */
export async function loadTask(
  ctx: BuildContext,
  source: OpenSource,
  ref: TaskRef,
  issues: Issue[],
): Promise<{ task: Task; identity: TaskIdentity }> {
  const task = await source.adapter.load(ref, issues);
  checkTask(source, ref, task);
  const identity = identify(task, ctx.taxonomy);
  task.category = identity.category;
  task.dataset = identity.dataset;
  return { task, identity };
}

function summarize(task: Task, identity: TaskIdentity, ref: TaskRef, sourceIndex: number): ScannedTask {
  const scanned: ScannedTask = {
    id: task.id,
    source: task.source,
    name: task.name,
    category: task.category,
    datasets: [task.dataset],
    ref,
    sourceIndex,
    instanceCount: task.instances.length,
    license: [...task.license],
    languages: [...new Set([...task.languages.input, ...task.languages.output, ...task.languages.instruction])].sort(byCodeUnit),
  };
  if (identity.unmapped) scanned.unmapped = identity.unmapped;
  return scanned;
}

/** What the pipeline relies on, whatever the adapter: its own source name, unique instance ids. */
function checkTask(source: OpenSource, ref: TaskRef, task: Task): void {
  const file = ref.files[0] ?? ref.name;
  if (task.source !== source.definition.name || task.id !== `${task.source}/${task.name}`) {
    throw new AdapterError(
      source.definition.name,
      file,
      `task id "${task.id}" (source "${task.source}"): expected "${source.definition.name}/${task.name}".`,
    );
  }
  const ids = new Set<string>();
  task.instances.forEach((instance, i) => {
    if (ids.has(instance.id)) {
      throw new AdapterError(
        source.definition.name,
        file,
        `duplicate instance id "${instance.id}". Instance ids must be unique within a task.`,
        {
          pointer: `/instances/${i}/id`,
        },
      );
    }
    ids.add(instance.id);
  });
}
