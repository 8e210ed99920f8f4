/**
 * A rendered task's outputs as a shard leaves them for the merge: a folder `tasks/<position>/` holding
 * its evaluation files (at the paths they take in the build), its staged training records (`train.tsv`)
 * and its completion marker (`done.json`: the plan's hash, the counts, every file's sha256). The folder
 * is written under `partial/` and renamed into place with its marker inside, so a task either is complete
 * or is not there; a killed shard leaves only a partial folder, which the next attempt removes.
 */

import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { type RenderJob, type RenderResult, renderOne } from "./render-one.js";
import type { TaskContext } from "./scan.js";
import { runIndexFromJson, runIndexJson } from "./train-runs.js";

const MARKER = "done.json";
const STAGED = "train.tsv";

/** A task's completion marker: its render result, and what ties it to its plan and its files. */
export interface TaskMarker extends RenderResult {
  plan_sha256: string;
  task: string;
  position: number;
  shard: number;
}

/** One task to render into its folder. */
export interface FolderJob extends Omit<RenderJob, "dir" | "stagingFile"> {
  shardsDir: string;
  position: number;
  shard: number;
  planSha256: string;
}

export function taskFolder(shardsDir: string, position: number): string {
  return join(shardsDir, "tasks", String(position).padStart(6, "0"));
}

/** Where a task's staged training records are, once its folder is complete. */
export function stagedFile(shardsDir: string, position: number): string {
  return join(taskFolder(shardsDir, position), STAGED);
}

/** Render one task into a partial folder, write its marker there, and rename the folder into place. */
export async function renderToFolder(ctx: TaskContext, job: FolderJob): Promise<TaskMarker> {
  const partialRoot = join(job.shardsDir, "partial");
  await mkdir(partialRoot, { recursive: true });
  // A folder an earlier, killed attempt at this task left behind.
  const prefix = `${job.position}-`;
  for (const name of await readdir(partialRoot))
    if (name.startsWith(prefix)) await rm(join(partialRoot, name), { recursive: true, force: true });
  const partial = join(partialRoot, `${prefix}${hostname()}-${process.pid}`);
  await mkdir(partial, { recursive: true });
  const { shardsDir: _dir, position, shard, planSha256, ...render } = job;
  const result = await renderOne(ctx, { ...render, dir: partial, stagingFile: join(partial, STAGED) });
  const marker: TaskMarker = { plan_sha256: planSha256, task: job.task.id, position, shard, ...result };
  await writeFile(join(partial, MARKER), `${JSON.stringify(markerJson(marker))}\n`);
  const target = taskFolder(job.shardsDir, position);
  await mkdir(join(job.shardsDir, "tasks"), { recursive: true });
  try {
    await rename(partial, target);
  } catch (error) {
    // Another attempt at the same shard (an engine's retry) finished this task first: keep its folder.
    const done = await readMarker(job.shardsDir, position, planSha256);
    if (!done) throw error;
    await rm(partial, { recursive: true, force: true });
    return done;
  }
  return marker;
}

/** A marker as its JSON holds it: the run index as lists of numbers. */
function markerJson(marker: TaskMarker): unknown {
  const staged = marker.staged_file;
  return staged ? { ...marker, staged_file: { ...staged, index: runIndexJson(staged.index) } } : marker;
}

/**
 * A task's marker, when its folder is complete; undefined when it is not there. A marker of another plan
 * is refused: the shared folder holds another build's shards.
 */
export async function readMarker(shardsDir: string, position: number, planSha256: string): Promise<TaskMarker | undefined> {
  const file = join(taskFolder(shardsDir, position), MARKER);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const marker = JSON.parse(text) as TaskMarker;
  if (marker.plan_sha256 !== planSha256) {
    throw new UserError(
      "E_PLAN",
      `${file}: this task was rendered for another plan (sha256 ${marker.plan_sha256}, not ${planSha256}). Give each plan a shards folder of its own (an empty --out), or remove the old one.`,
    );
  }
  if (marker.staged_file?.index) {
    const index = runIndexFromJson(marker.staged_file.index);
    if (!index)
      throw new UserError(
        "E_SHARD",
        `${file}: the run index of this task's staged records is not one this iml-bench writes (257 offsets in order, 256 record counts, 256 byte counts). Remove ${taskFolder(shardsDir, position)} and run its shard again.`,
      );
    marker.staged_file.index = index;
  }
  return marker;
}
