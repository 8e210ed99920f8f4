/**
 * Assign every task to training, an evaluation level, or a counted drop. Pure: works on task metadata
 * only, so it runs before any instance is rendered. Seeded choices rank tasks by a per-task hash, so
 * adding a task never changes whether another task is picked, except through the rounded count.
 */

import { byCodeUnit } from "../core/py-str.js";
import { smallestRanked } from "../core/rng.js";

export interface PartitionTask {
  id: string;
  source: string;
  name: string;
  category: string;
  /** Canonical dataset ids this task is built from (the first is its main dataset). */
  datasets: string[];
}

export type Level = "train" | "heldout_category" | "heldout_task";

/** Level 2: tasks held out within the remaining categories, by name and/or a seeded fraction per category. */
export interface HeldoutTasksSpec {
  list: string[];
  fraction: number;
  /** Restrict the fraction to these categories (partially held-out categories); null: every category. */
  categories: string[] | null;
}

/** What partitioning reads of a split config. */
export interface PartitionSpec {
  seed: number;
  include?: readonly string[];
  exclude?: readonly string[];
  heldout: { categories: readonly string[]; tasks: HeldoutTasksSpec };
  shared_dataset_rule: boolean;
  task_lists?: { test_level: Exclude<Level, "train"> };
}

export type Assignment = { level: Level; reason?: string } | { level: "dropped"; reason: string; detail?: string };

/** Super-NI style fixed lists, by task name. */
export interface TaskLists {
  source: string;
  train: ReadonlySet<string>;
  test: ReadonlySet<string>;
  excluded: ReadonlySet<string>;
}

/** Does a config list entry (task id or bare name) name this task? */
export function listNames(list: readonly string[], task: Pick<PartitionTask, "id" | "name">): boolean {
  return list.includes(task.id) || list.includes(task.name);
}

export function partition(tasks: readonly PartitionTask[], config: PartitionSpec, lists?: TaskLists): Map<string, Assignment> {
  const sorted = tasks.toSorted((a, b) => byCodeUnit(a.id, b.id));
  const out = new Map<string, Assignment>();
  for (const task of sorted) out.set(task.id, initialAssignment(task, config, lists));
  holdOutTaskFraction(sorted, config, out);
  if (config.shared_dataset_rule) applySharedDatasetRule(sorted, out);
  return out;
}

function initialAssignment(task: PartitionTask, config: PartitionSpec, lists: TaskLists | undefined): Assignment {
  if (config.exclude && listNames(config.exclude, task)) return { level: "dropped", reason: "excluded_by_config" };
  if (config.include && !listNames(config.include, task)) return { level: "dropped", reason: "not_included" };
  if (lists && lists.source === task.source) {
    if (lists.excluded.has(task.name)) return { level: "dropped", reason: "excluded_by_split_list" };
    if (lists.test.has(task.name)) return { level: config.task_lists?.test_level ?? "heldout_task", reason: "test_list" };
    if (!lists.train.has(task.name)) return { level: "dropped", reason: "not_in_split_lists" };
  }
  if (config.heldout.categories.includes(task.category)) return { level: "heldout_category" };
  if (listNames(config.heldout.tasks.list, task)) return { level: "heldout_task", reason: "listed" };
  return { level: "train" };
}

/** Level 2 by fraction: per category, the tasks with the smallest seeded rank, never all of them. */
function holdOutTaskFraction(tasks: readonly PartitionTask[], config: PartitionSpec, out: Map<string, Assignment>): void {
  const { fraction, categories } = config.heldout.tasks;
  if (fraction <= 0) return;
  const byCategory = new Map<string, PartitionTask[]>();
  for (const task of tasks) {
    if (out.get(task.id)?.level !== "train") continue;
    if (categories && !categories.includes(task.category)) continue;
    byCategory.set(task.category, [...(byCategory.get(task.category) ?? []), task]);
  }
  for (const [category, members] of [...byCategory].sort(([a], [b]) => byCodeUnit(a, b))) {
    const k = heldOutCount(members.length, fraction);
    const chosen = smallestRanked(
      members.map((t) => t.id),
      k,
      config.seed,
      "heldout_task",
      category,
    );
    members.forEach((task, index) => {
      if (chosen.has(index)) out.set(task.id, { level: "heldout_task", reason: "fraction" });
    });
  }
}

/** round(n * fraction), at least 1 when the fraction is positive, and always leaving one in training. */
export function heldOutCount(n: number, fraction: number): number {
  if (n < 2 || fraction <= 0) return 0;
  return Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
}

/** No training task may share a dataset with any evaluation task (OPT-IML §2.3; Super-NI excluded_tasks). */
function applySharedDatasetRule(tasks: readonly PartitionTask[], out: Map<string, Assignment>): void {
  const evalDatasets = new Map<string, string>();
  for (const task of tasks) {
    const level = out.get(task.id)?.level;
    if (level !== "heldout_category" && level !== "heldout_task") continue;
    for (const dataset of task.datasets) if (!evalDatasets.has(dataset)) evalDatasets.set(dataset, task.id);
  }
  for (const task of tasks) {
    if (out.get(task.id)?.level !== "train") continue;
    const shared = task.datasets.find((d) => evalDatasets.has(d));
    if (shared !== undefined) {
      out.set(task.id, {
        level: "dropped",
        reason: "shared_dataset",
        detail: `dataset "${shared}" is evaluated in ${evalDatasets.get(shared)}`,
      });
    }
  }
}
