/**
 * Which shard renders which task: tasks balanced by size (instances), largest first, each to the shard
 * with the least work so far; equal sizes in task id order and equal loads to the lowest index, so the
 * assignment depends only on the tasks and the count. Pure.
 */
import { byCodeUnit } from "../core/py-str.js";

export interface ShardTask {
  id: string;
  /** Work it costs: its instance count. */
  size: number;
}

/** Each task's shard index (0 to count - 1). */
export function assignShards(tasks: readonly ShardTask[], count: number): Map<string, number> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be a whole number of 1 or more, got ${count}`);
  const loads = new Array<number>(count).fill(0);
  const assigned = new Map<string, number>();
  const largestFirst = tasks.toSorted((a, b) => b.size - a.size || byCodeUnit(a.id, b.id));
  for (const task of largestFirst) {
    let least = 0;
    for (let i = 1; i < count; i++) if ((loads[i] as number) < (loads[least] as number)) least = i;
    loads[least] = (loads[least] as number) + task.size;
    assigned.set(task.id, least);
  }
  return assigned;
}
