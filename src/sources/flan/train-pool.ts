/**
 * Few-shot exemplar candidates: the task's `train` rows, never the target row (by id, nor a row with
 * identical fields; FLAN itself could draw the target, google-research/FLAN issues #19 and #31).
 * The pool is built once per task; the target is excluded by a predicate, so a render costs O(k).
 */
import type { Instance, Task } from "../../types.js";

type Row = Record<string, unknown>;

interface Pool {
  rows: Row[];
  ids: Map<Row, string>;
  keys: Map<Row, string>;
}

const POOLS = new WeakMap<Task, Pool>();

const GIVEN = new WeakMap<readonly Instance[], Pool>();

function poolOf(task: Task): Pool {
  let pool = POOLS.get(task);
  if (pool === undefined) {
    pool = poolFrom(task.instances.filter((i) => i.sourceSplit === "train"));
    POOLS.set(task, pool);
  }
  return pool;
}

function poolFrom(instances: readonly Instance[]): Pool {
  let pool = GIVEN.get(instances);
  if (pool === undefined) {
    pool = { rows: [], ids: new Map(), keys: new Map() };
    for (const instance of instances) {
      const row = instance.fields ?? {};
      pool.rows.push(row);
      pool.ids.set(row, instance.id);
      pool.keys.set(row, JSON.stringify(row));
    }
    GIVEN.set(instances, pool);
  }
  return pool;
}

/**
 * The exemplar rows and a predicate that is true for rows that are (or duplicate) the target. A build
 * passes `demoPool` (the training side without evaluated instances), so an evaluated instance never
 * appears as an exemplar; without it (previews), the task's train rows are used.
 */
export function trainPool(
  task: Task,
  target: Instance,
  demoPool?: readonly Instance[],
): { rows: readonly Row[]; exclude: (row: Row) => boolean } {
  const pool = demoPool === undefined ? poolOf(task) : poolFrom(demoPool);
  const key = JSON.stringify(target.fields ?? {});
  return { rows: pool.rows, exclude: (row) => pool.ids.get(row) === target.id || pool.keys.get(row) === key };
}
