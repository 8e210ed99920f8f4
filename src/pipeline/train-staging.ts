/**
 * Training records between rendering and train.jsonl. Each task's records wait in their own file, so
 * the audit can drop a task and the mixture can choose how many records each task gives (with counted
 * repeats) once every task's size is known; then each task becomes a sorted run for the seeded merge.
 * Memory stays bounded by the largest task.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { orderKey } from "../core/rng.js";
import type { OutputRecord, SourceName } from "../types.js";
import { TrainRuns } from "./train-runs.js";

export interface StagedTask {
  id: string;
  source: SourceName;
  category: string;
  /** Records rendered for training. */
  count: number;
}

/** Which records of a task to write: ids with their repeat index (0 for the first copy). */
export type Selection = (task: StagedTask, recordIds: readonly string[]) => { id: string; repeat: number }[];

export class TrainStaging {
  private readonly tasks: (StagedTask & { file: string })[] = [];
  constructor(private readonly dir: string) {}

  async add(task: Omit<StagedTask, "count">, records: readonly OutputRecord[]): Promise<void> {
    if (records.length === 0) return;
    const file = join(this.dir, `task-${String(this.tasks.length).padStart(6, "0")}.jsonl`);
    await writeFile(file, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
    // Only these fields: keeping the caller's object could keep a whole task's instances alive.
    this.tasks.push({ id: task.id, source: task.source, category: task.category, count: records.length, file });
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
   * Apply the selection to every task, then merge all into `target` in the seeded order. A repeated
   * record gets `#r<repeat>` appended to its id, so ids stay unique. Returns written counts per task.
   */
  async writeTrain(target: string, seed: number, select: Selection): Promise<Map<string, { written: number; repeats: number }>> {
    const runs = new TrainRuns(this.dir);
    const written = new Map<string, { written: number; repeats: number }>();
    for (const task of this.tasks) {
      const records = (await readFile(task.file, "utf8"))
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as OutputRecord);
      const byId = new Map(records.map((r) => [r.id, r]));
      const chosen = select(
        task,
        records.map((r) => r.id),
      );
      const entries = chosen.map(({ id, repeat }) => {
        const record = byId.get(id) as OutputRecord;
        const copy = repeat === 0 ? record : { ...record, id: `${record.id}#r${repeat}` };
        return { key: orderKey(seed, "shuffle", copy.id), line: JSON.stringify(copy) };
      });
      await runs.add(entries);
      await rm(task.file, { force: true });
      written.set(task.id, { written: chosen.length, repeats: chosen.filter((c) => c.repeat > 0).length });
    }
    await runs.mergeInto(target);
    return written;
  }
}

/** Every record once. */
export const selectAll: Selection = (_task, ids) => ids.map((id) => ({ id, repeat: 0 }));
