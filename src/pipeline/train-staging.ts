/**
 * Training records between rendering and train.jsonl. Each task's records wait in their own file, so
 * the audit can drop a task and the mixture can choose how many records each task gives (with counted
 * repeats) once every task's size is known; then each task becomes a sorted run for the seeded merge
 * (train-runs.ts), task by task in worker threads. Memory stays bounded by the largest task.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { orderKeys } from "../core/rng.js";
import { selectForTask } from "../plan/sampling.js";
import type { OutputRecord, SourceName } from "../types.js";
import { writeRun } from "./train-runs.js";

export interface StagedTask {
  id: string;
  source: SourceName;
  category: string;
  /** Records rendered for training. */
  count: number;
}

export class TrainStaging {
  private readonly tasks: (StagedTask & { file: string })[] = [];
  constructor(private readonly dir: string) {}

  /** A task's records, written by `writeStagedRecords` into this staging's folder (tasks in build order). */
  register(task: StagedTask, file: string): void {
    // Only these fields: keeping the caller's object could keep a whole task's instances alive.
    this.tasks.push({ id: task.id, source: task.source, category: task.category, count: task.count, file });
  }

  /** Each task's records file (JSON lines), for the audit. */
  files(): { id: string; file: string }[] {
    return this.tasks.map(({ id, file }) => ({ id, file }));
  }

  staged(): StagedTask[] {
    return this.tasks.map(({ file: _file, ...task }) => task);
  }

  /** Forget a task's records (the audit dropped it). */
  async drop(taskId: string): Promise<void> {
    const i = this.tasks.findIndex((t) => t.id === taskId);
    if (i < 0) return;
    await rm((this.tasks[i] as { file: string }).file, { force: true });
    this.tasks.splice(i, 1);
  }

  /**
   * One job per task turning its staged records into a sorted run: every record once (`counts` null), or
   * as many as the mixture gives the task (`counts`, missing: none).
   */
  runJobs(seed: number, counts: ReadonlyMap<string, number> | null): TrainRunJob[] {
    return this.tasks.map((task, i) => ({
      task: task.id,
      file: task.file,
      runFile: join(this.dir, `run-${String(i).padStart(6, "0")}.tsv`),
      seed,
      count: counts === null ? null : (counts.get(task.id) ?? 0),
    }));
  }
}

/** Write one task's training records where `TrainStaging.register` will find them (in a worker thread or not). */
export async function writeStagedRecords(file: string, records: readonly OutputRecord[]): Promise<void> {
  await writeFile(file, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
}

/** One task's staged records to a sorted run, as the mixture selects them. */
export interface TrainRunJob {
  task: string;
  file: string;
  runFile: string;
  seed: number;
  /** How many records the mixture takes (with repeats); null: every record once. */
  count: number | null;
}

/**
 * Select a task's records and write them as a run keyed by their seeded order: a repeated record gets
 * `#r<repeat>` appended to its id, so ids stay unique. The staged file is removed.
 */
export async function writeTaskRun(job: TrainRunJob): Promise<{ written: number; repeats: number }> {
  const lines = (await readFile(job.file, "utf8")).split("\n").filter(Boolean);
  // Staged lines are JSON.stringify of records, whose first key is the id: only a repeated record is parsed.
  const ids = lines.map(recordId);
  const chosen = job.count === null ? ids.map((id) => ({ id, repeat: 0 })) : selectForTask(job.task, ids, job.count, job.seed);
  const lineOf = new Map(ids.map((id, i) => [id, lines[i] as string]));
  const keyOf = orderKeys(job.seed, "shuffle");
  const entries = chosen.map(({ id, repeat }) => {
    const line = lineOf.get(id) as string;
    if (repeat === 0) return { key: keyOf(id), line };
    const record = JSON.parse(line) as OutputRecord;
    const copy = { ...record, id: `${record.id}#r${repeat}` };
    return { key: keyOf(copy.id), line: JSON.stringify(copy) };
  });
  if (entries.length > 0) await writeRun(job.runFile, entries);
  await rm(job.file, { force: true });
  return { written: chosen.length, repeats: chosen.filter((c) => c.repeat > 0).length };
}

const ID_START = '{"id":"';

/** The id of a staged record line (`{"id":"...",...}`), read without parsing the record. */
function recordId(line: string): string {
  if (!line.startsWith(ID_START)) throw new Error(`a staged training record does not start with its id: ${line.slice(0, 80)}`);
  let end = ID_START.length;
  for (;;) {
    end = line.indexOf('"', end);
    let backslashes = 0;
    while (line.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) break;
    end++;
  }
  return JSON.parse(line.slice(ID_START.length - 1, end + 1)) as string;
}
