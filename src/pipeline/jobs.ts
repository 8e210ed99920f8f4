/**
 * The jobs of a build (scan one task, render one task into its folder, write one task's training run,
 * write one key range of train.jsonl) and
 * the context they run in: the same
 * code on the build's own thread or in a worker thread. A worker thread opens every source again from
 * the registry module (imported as soon as the thread starts), with the options and rule the build
 * resolved, so it needs nothing from the build but plain data.
 */

import type { ScannedTrainTask } from "../audit/index.js";
import type { Taxonomy } from "../config/categories.js";
import type { ResolvedSource } from "../config/sources.js";
import { UserError } from "../errors.js";
import type { RecordStats } from "../report/index.js";
import type { SourceDefinition } from "../sources/contract.js";
import { reopen } from "../sources/open.js";
import type { Sources } from "../sources/registry.js";
import type { TaskRef } from "../types.js";
import { type AuditScanJob, scanTrainTask } from "./audit-scan-job.js";
import type { BuildContext, OpenSource } from "./context.js";
import { type HashCache, scanTask, type TaskContext, type TaskScan } from "./scan.js";
import type { SplitConfig } from "./split-config.js";
import { type FolderJob, renderToFolder, type TaskMarker } from "./task-folder.js";
import { type RangeJob, writeRange } from "./train-runs.js";
import { type TaskRun, type TrainRunJob, writeTaskRun } from "./train-staging.js";

export type Job =
  | { kind: "scan"; sourceIndex: number; ref: TaskRef }
  | ({ kind: "render" } & FolderJob)
  | ({ kind: "train" } & TrainRunJob)
  | ({ kind: "range" } & RangeJob)
  | ({ kind: "auditScan" } & AuditScanJob);

export type JobResult<J extends Job> = J extends { kind: "scan" }
  ? TaskScan
  : J extends { kind: "render" }
    ? TaskMarker
    : J extends { kind: "train" }
      ? TaskRun
      : J extends { kind: "range" }
        ? RecordStats
        : ScannedTrainTask;

/** Where jobs run: the task context, and the hashes this thread computed. */
export interface JobContext extends TaskContext {
  hashes: HashCache;
}

export function runJob(ctx: JobContext, job: Job): Promise<JobResult<Job>> {
  switch (job.kind) {
    case "scan":
      return scanTask(ctx, job.sourceIndex, job.ref, ctx.hashes);
    case "render":
      return renderToFolder(ctx, job);
    case "train":
      return writeTaskRun(job);
    case "range":
      // A rejection, not a throw, when it fails, like every other job.
      return Promise.resolve(job).then(writeRange);
    case "auditScan":
      return scanTrainTask(job);
  }
}

/** What a worker thread is sent (structured-cloned) once the build's context is loaded. */
export interface WorkerSetup {
  config: SplitConfig;
  taxonomy: Taxonomy;
  sources: { descriptor: ResolvedSource; options: object; rule: object }[];
}

export function workerSetup(ctx: BuildContext): WorkerSetup {
  return {
    config: ctx.config,
    taxonomy: ctx.taxonomy,
    sources: ctx.sources.map(({ descriptor, options, rule }) => ({ descriptor, options, rule })),
  };
}

/** A registry module's sources: its `SOURCES` export (or default export). */
export async function importRegistry(specifier: string): Promise<Sources> {
  const module = (await import(specifier)) as { SOURCES?: Sources; default?: Sources };
  const registry = module.SOURCES ?? module.default;
  if (!Array.isArray(registry)) {
    throw new UserError("E_CONFIG", `registry module ${specifier}: expected a SOURCES (or default) export listing source definitions.`);
  }
  return registry;
}

/** A worker thread's job context: every source opened again from the registry, as the build opened it. */
export function workerContext(registry: Sources, setup: WorkerSetup): JobContext {
  const sources = setup.sources.map(({ descriptor, options, rule }): OpenSource => {
    const definition = registry.find((s: SourceDefinition) => s.name === descriptor.adapter);
    if (!definition) throw new UserError("E_CONFIG", `the registry module of the worker threads has no source "${descriptor.adapter}".`);
    return { descriptor, definition, adapter: reopen(definition, descriptor, options, rule), options, rule };
  });
  return { config: setup.config, taxonomy: setup.taxonomy, sources, hashes: new Map() };
}
