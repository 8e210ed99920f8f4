/**
 * Which instances of a task are written, and where. Pure. Evaluation tasks take the first N of their
 * evaluation pool (as Super-NI takes Instances[:100]); training tasks give a seeded share to the
 * held-out-instance level and keep a seeded N. Everything not kept is counted under a reason.
 */

import { smallestRanked } from "../core/rng.js";
import type { Level } from "./partition.js";

/** Level 3: a seeded share of each remaining training task's instances (a fraction, or a count). */
export interface HeldoutInstancesSpec {
  fraction: number;
  count: number | null;
  /** Only these training tasks (null: all). */
  tasks: string[] | null;
  /** Only training tasks built on these canonical dataset ids (null: all). */
  datasets: string[] | null;
}

/** Per-task instance caps: training a seeded N, evaluation the first N (null: all). */
export interface Caps {
  train: number | null;
  eval: number | null;
}

/** What instance plans read of a split config. */
export interface InstanceSpec {
  seed: number;
  instance_splits: { train: string[]; eval: string[] };
  heldout: { instances: HeldoutInstancesSpec };
  caps: Caps;
}

export interface InstanceRef {
  id: string;
  sourceSplit?: string;
}

export interface InstancePlan<T extends InstanceRef> {
  /** Instances written to train.jsonl (training tasks only). */
  train: T[];
  /** Instances written to the task's evaluation file (its level, or heldout_instance for training tasks). */
  eval: T[];
  /** Counts of instances not written, by reason. */
  drops: Record<string, number>;
  /**
   * Where demonstrations may come from: the task's training side without any evaluated instance
   * (for an evaluation task, its instances that are not evaluated).
   */
  demoPool: T[];
}

/**
 * @param demonstrations how many demonstrations an evaluated instance must be able to draw (the largest
 *   k-shot variant, or a source's own few-shot need): when the task's demonstration pool is smaller, the
 *   last evaluated instances are reserved for it (counted), keeping at least one evaluated.
 */
export function planInstances<T extends InstanceRef>(
  taskId: string,
  level: Level,
  instances: readonly T[],
  config: InstanceSpec,
  holdOutInstances: boolean,
  caps: Caps = config.caps,
  demonstrations = 0,
): InstancePlan<T> {
  const drops: Record<string, number> = {};
  const count = (reason: string, n: number): void => {
    if (n > 0) drops[reason] = (drops[reason] ?? 0) + n;
  };
  const wanted = level === "train" ? config.instance_splits.train : config.instance_splits.eval;
  const inPool = (i: T): boolean => i.sourceSplit === undefined || wanted.includes(i.sourceSplit);
  let pool = instances.filter(inPool);
  // A held-out task whose rows carry no evaluation split is evaluated on what it has.
  if (level !== "train" && pool.length === 0) pool = instances.slice();
  count("unused_source_split", instances.length - pool.length);

  if (level !== "train") {
    const kept = firstN(pool, caps.eval);
    count("over_eval_cap", pool.length - kept.length);
    const evaluated = new Set(kept.map((i) => i.id));
    const demoPool = instances.filter((i) => !evaluated.has(i.id));
    const { evaluate, reserved } = reserveDemonstrations(kept, demoPool.length, demonstrations);
    count("reserved_for_demonstrations", reserved.length);
    return { train: [], eval: evaluate, drops, demoPool: [...demoPool, ...reserved] };
  }
  const heldOut = holdOutInstances ? heldOutShare(taskId, pool, config) : [];
  const heldIds = new Set(heldOut.map((i) => i.id));
  const rest = pool.filter((i) => !heldIds.has(i.id));
  const evalKept = firstN(heldOut, caps.eval);
  count("over_eval_cap", heldOut.length - evalKept.length);
  const { evaluate, reserved } = reserveDemonstrations(evalKept, rest.length, demonstrations);
  count("reserved_for_demonstrations", reserved.length);
  const trainKept = seededN(taskId, rest, caps.train, config.seed, "train_cap");
  count("over_train_cap", rest.length - trainKept.length);
  return { train: trainKept, eval: evaluate, drops, demoPool: [...rest, ...reserved] };
}

/**
 * When the demonstration pool holds fewer than `needed`, the last evaluated instances are moved to it,
 * never all of them: every k-shot variant then evaluates the same instances with k demonstrations.
 */
function reserveDemonstrations<T>(evaluated: readonly T[], pool: number, needed: number): { evaluate: T[]; reserved: T[] } {
  const short = Math.min(Math.max(0, needed - pool), Math.max(0, evaluated.length - 1));
  return { evaluate: evaluated.slice(0, evaluated.length - short), reserved: evaluated.slice(evaluated.length - short) };
}

function firstN<T>(items: readonly T[], cap: number | null): T[] {
  return cap === null ? items.slice() : items.slice(0, cap);
}

/** The instances with the N smallest seeded ranks, in source order. */
function seededN<T extends InstanceRef>(taskId: string, items: readonly T[], n: number | null, seed: number, stage: string): T[] {
  if (n === null || items.length <= n) return items.slice();
  const chosen = smallestRanked(
    items.map((i) => i.id),
    n,
    seed,
    stage,
    taskId,
  );
  return items.filter((_, index) => chosen.has(index));
}

function heldOutShare<T extends InstanceRef>(taskId: string, pool: readonly T[], config: InstanceSpec): T[] {
  const { count, fraction } = config.heldout.instances;
  const n = count ?? Math.round(pool.length * fraction);
  // Never hold out every instance: the task must stay a training task.
  const k = Math.min(n, Math.max(0, pool.length - 1));
  return seededN(taskId, pool, k, config.seed, "heldout_instance");
}
