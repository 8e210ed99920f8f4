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
import { measureRecord } from "../report/index.js";
import type { OutputRecord, SourceName } from "../types.js";
import { type RunIndex, runLineParts, writeRun } from "./train-runs.js";

export interface StagedTask {
  id: string;
  source: SourceName;
  category: string;
  /** Records rendered for training. */
  count: number;
}

export class TrainStaging {
  private readonly tasks: (StagedTask & { file: string; index: RunIndex })[] = [];
  /**
   * @param dir where the mixture's runs are written
   * @param keepStaged the staged files are the shards' (merge), so they stay; else each is removed once used
   */
  constructor(
    private readonly dir: string,
    readonly keepStaged: boolean,
  ) {}

  /** A task's records, written by `writeStagedRecords` (tasks in build order), and the index of that run. */
  register(task: StagedTask, file: string, index: RunIndex): void {
    // Only these fields: keeping the caller's object could keep a whole task's instances alive.
    this.tasks.push({ id: task.id, source: task.source, category: task.category, count: task.count, file, index });
  }

  /** Each task's records file (JSON lines), for the audit. */
  files(): { id: string; file: string }[] {
    return this.tasks.map(({ id, file }) => ({ id, file }));
  }

  staged(): StagedTask[] {
    return this.tasks.map(({ id, source, category, count }) => ({ id, source, category, count }));
  }

  /** Forget a task's records (the audit dropped it). */
  async drop(taskId: string): Promise<void> {
    const i = this.tasks.findIndex((t) => t.id === taskId);
    if (i < 0) return;
    if (!this.keepStaged) await rm((this.tasks[i] as { file: string }).file, { force: true });
    this.tasks.splice(i, 1);
  }

  /**
   * The sorted runs train.jsonl is written from: with every record once (`counts` null), the staged files
   * themselves (with their index); with a mixture, one job per task writes the records the mixture gives it
   * (`counts`, missing: none) as a new run, whose index the job returns.
   */
  runs(seed: number, counts: ReadonlyMap<string, number> | null): { file: string; index?: RunIndex; job?: TrainRunJob }[] {
    return this.tasks.map((task, i) => {
      if (counts === null) return { file: task.file, index: task.index };
      const runFile = join(this.dir, `run-${String(i).padStart(6, "0")}.tsv`);
      const count = counts.get(task.id) ?? 0;
      return { file: runFile, job: { task: task.id, file: task.file, runFile, seed, count, keepStaged: this.keepStaged } };
    });
  }
}

/**
 * Write one task's training records where `TrainStaging.register` will find them (in a worker thread or
 * not): already a sorted run (train-runs.ts), each line its seeded order key, the record's measure for the
 * statistics and the record, tab-separated, so that with no mixture it is written to train.jsonl as it is
 * (the audit reads these lines too).
 */
export async function writeStagedRecords(
  file: string,
  records: readonly OutputRecord[],
  seed: number,
): Promise<{ sha256: string; bytes: number; index: RunIndex; inFileOrder: OutputRecord[] }> {
  const keyOf = orderKeys(seed, "shuffle");
  const { sorted, ...run } = await writeRun(
    file,
    records.map((r) => ({ key: keyOf(r.id), measure: measureRecord(r), line: JSON.stringify(r), record: r })),
  );
  return { ...run, inFileOrder: sorted.map((e) => e.record) };
}

/** What a task gives train.jsonl under a mixture: its records, the repeats among them, and its run's index (when it gives any). */
export interface TaskRun {
  written: number;
  repeats: number;
  index?: RunIndex;
}

/** One task's staged records to a sorted run, as the mixture selects them. */
export interface TrainRunJob {
  task: string;
  file: string;
  runFile: string;
  seed: number;
  /** How many records the mixture takes, with repeats. */
  count: number;
  /** Leave `file` in place (it is a shard's). */
  keepStaged: boolean;
}

/**
 * Select a task's records and write them as a run keyed by their seeded order: a repeated record gets
 * `#r<repeat>` appended to its id, so ids stay unique. The staged file is removed unless it is kept.
 */
export async function writeTaskRun(job: TrainRunJob): Promise<TaskRun> {
  const lines = (await readFile(job.file, "utf8")).split("\n").filter(Boolean);
  const staged = lines.map((line) => {
    const { key, measure, json } = runLineParts(line);
    return { key, measure, json, id: recordId(json) };
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
    if (repeat === 0) return { key: record.key, measure: record.measure, line: record.json };
    // Only a repeated record is parsed, to give it its own id (its measure is the same).
    const copy = { ...(JSON.parse(record.json) as OutputRecord), id: `${id}#r${repeat}` };
    return { key: keyOf(copy.id), measure: record.measure, line: JSON.stringify(copy) };
  });
  const run = entries.length > 0 ? await writeRun(job.runFile, entries) : undefined;
  if (!job.keepStaged) await rm(job.file, { force: true });
  return { written: chosen.length, repeats: chosen.filter((c) => c.repeat > 0).length, ...(run && { index: run.index }) };
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
