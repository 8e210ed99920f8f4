/**
 * Few-shot exemplar candidates: the task's `train` rows, never the target row (by id, nor a row with
 * identical fields; FLAN itself could draw the target, google-research/FLAN issues #19 and #31).
 * The pool is built once per task; the target is excluded by a predicate, so a render costs O(k).
 */
import type { Instance, Task } from "../types.js";

type Row = Record<string, unknown>;

interface Pool {
  rows: Row[];
  ids: Map<Row, string>;
  keys: Map<Row, string>;
}

const POOLS = new WeakMap<Task, Pool>();

function poolOf(task: Task): Pool {
  let pool = POOLS.get(task);
  if (pool === undefined) {
    pool = { rows: [], ids: new Map(), keys: new Map() };
    for (const instance of task.instances) {
      if (instance.sourceSplit !== "train") continue;
      const row = instance.fields ?? {};
      pool.rows.push(row);
      pool.ids.set(row, instance.id);
      pool.keys.set(row, JSON.stringify(row));
    }
    POOLS.set(task, pool);
  }
  return pool;
}

/** The train rows and a predicate that is true for rows that are (or duplicate) the target. */
export function trainPool(task: Task, target: Instance): { rows: readonly Row[]; exclude: (row: Row) => boolean } {
  const pool = poolOf(task);
  const key = JSON.stringify(target.fields ?? {});
  return { rows: pool.rows, exclude: (row) => pool.ids.get(row) === target.id || pool.keys.get(row) === key };
}
