/**
 * Evaluation file names: `<task name>.jsonl`, with "/" in names (PromptSource dataset/subset) as "__".
 * Two tasks of one level whose names would collide both get their source as a prefix.
 */
import type { Assignment } from "../plan/partition.js";
import type { ScannedTask } from "./scan.js";

export function evalFileNames(tasks: readonly ScannedTask[], assignments: ReadonlyMap<string, Assignment>): Map<string, string> {
  const plain = (t: ScannedTask): string => t.name.replaceAll("/", "__");
  const byLevel = new Map<string, number>();
  for (const t of tasks) {
    const key = `${levelOf(t, assignments)}/${plain(t)}`;
    byLevel.set(key, (byLevel.get(key) ?? 0) + 1);
  }
  const names = new Map<string, string>();
  for (const t of tasks) {
    const collides = (byLevel.get(`${levelOf(t, assignments)}/${plain(t)}`) ?? 0) > 1;
    names.set(t.id, collides ? `${t.source}__${plain(t)}` : plain(t));
  }
  return names;
}

/** Training tasks write held-out instances, so they share one namespace with each other. */
function levelOf(t: ScannedTask, assignments: ReadonlyMap<string, Assignment>): string {
  return assignments.get(t.id)?.level ?? "dropped";
}
