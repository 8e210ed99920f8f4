/**
 * Training records between rendering and train.jsonl. Each task's records wait in their own file, so
 * the audit can drop a task and the mixture can choose how many records each task gives (with counted
 * repeats) once every task's size is known. A task's staged file is already a sorted run for the seeded
 * merge (train-runs.ts); a mixture rewrites each with the records it selects, task by task in worker
 * threads. Memory stays bounded by the largest task.
 */
import { readFile, rm } from "node:fs/promises";
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
   * The sorted runs train.jsonl is merged from: with every record once (`counts` null), the staged files
   * themselves; with a mixture, one job per task writes the records the mixture gives it (`counts`,
   * missing: none) as a new run.
   */
  runs(seed: number, counts: ReadonlyMap<string, number> | null): { file: string; job?: TrainRunJob }[] {
    return this.tasks.map((task, i) => {
      if (counts === null) return { file: task.file };
      const runFile = join(this.dir, `run-${String(i).padStart(6, "0")}.tsv`);
      return { file: runFile, job: { task: task.id, file: task.file, runFile, seed, count: counts.get(task.id) ?? 0 } };
    });
  }
}

/**
 * Write one task's training records where `TrainStaging.register` will find them (in a worker thread or
 * not): already a sorted run (train-runs.ts), each line its seeded order key, a tab, and the record, so
 * that with no mixture it is merged as it is (the audit reads these lines too).
 */
export async function writeStagedRecords(file: string, records: readonly OutputRecord[], seed: number): Promise<void> {
  const keyOf = orderKeys(seed, "shuffle");
  await writeRun(
    file,
    records.map((r) => ({ key: keyOf(r.id), line: JSON.stringify(r) })),
  );
}

/** One task's staged records to a sorted run, as the mixture selects them. */
export interface TrainRunJob {
  task: string;
  file: string;
  runFile: string;
  seed: number;
  /** How many records the mixture takes, with repeats. */
  count: number;
}

/**
 * Select a task's records and write them as a run keyed by their seeded order: a repeated record gets
 * `#r<repeat>` appended to its id, so ids stay unique. The staged file is removed.
 */
export async function writeTaskRun(job: TrainRunJob): Promise<{ written: number; repeats: number }> {
  const lines = (await readFile(job.file, "utf8")).split("\n").filter(Boolean);
  const staged = lines.map((line) => {
    const tab = line.indexOf("\t");
    const json = line.slice(tab + 1);
    return { key: line.slice(0, tab), json, id: recordId(json) };
  });
  // Which records (the order of the ids does not matter: their ranks are distinct, as the ids are).
  const chosen = selectForTask(
    job.task,
    staged.map((r) => r.id),
    job.count,
    job.seed,
  );
  const byId = new Map(staged.map((r) => [r.id, r]));
  const keyOf = orderKeys(job.seed, "shuffle");
  const entries = chosen.map(({ id, repeat }) => {
    const record = byId.get(id) as (typeof staged)[number];
    if (repeat === 0) return { key: record.key, line: record.json };
    // Only a repeated record is parsed, to give it its own id.
    const copy = { ...(JSON.parse(record.json) as OutputRecord), id: `${id}#r${repeat}` };
    return { key: keyOf(copy.id), line: JSON.stringify(copy) };
  });
  if (entries.length > 0) await writeRun(job.runFile, entries);
  await rm(job.file, { force: true });
  return { written: chosen.length, repeats: chosen.filter((c) => c.repeat > 0).length };
}

const ID_START = '{"id":"';

/** The id of a record's JSON (`{"id":"...",...}`, as JSON.stringify writes records), read without parsing it. */
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
