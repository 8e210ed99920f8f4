/**
 * What `validate` says about each source besides its problems: how many of its tasks have a category,
 * how many have a dataset id that `categories/datasets.yaml` names (the rest keep their own name), and
 * how many have no instances, with where the first of those was looked for (the adapter's issue).
 * A source's tasks are counted whether or not they have rows, so a checkout without data is still checked.
 */
import type { Taxonomy } from "../config/categories.js";
import type { Issue, Task } from "../types.js";

interface SourceCoverage {
  root: string;
  tasks: number;
  unmapped: number;
  unnamedDatasets: string[];
  empty: number;
  firstEmpty?: string;
}

/** Counts per source, in the order sources are added. */
export class Coverage {
  private readonly sources = new Map<string, SourceCoverage>();

  constructor(private readonly taxonomy: Taxonomy) {}

  /** One loaded task (its category and dataset already resolved) and the issues its loading pushed. */
  add(source: string, root: string, task: Task, unmapped: boolean, issues: readonly Issue[]): void {
    let entry = this.sources.get(source);
    if (!entry) this.sources.set(source, (entry = { root, tasks: 0, unmapped: 0, unnamedDatasets: [], empty: 0 }));
    entry.tasks++;
    if (unmapped) entry.unmapped++;
    if (!this.taxonomy.datasetAliases.has(task.dataset) && !entry.unnamedDatasets.includes(task.dataset))
      entry.unnamedDatasets.push(task.dataset);
    if (task.instances.length === 0) {
      entry.empty++;
      // The issue saying where rows were looked for; other notes of the same load (module notes) are not it.
      const where = (issues.filter((i) => i.kind === "no_instances").length > 0 ? issues.filter((i) => i.kind === "no_instances") : issues)
        .map((i) => i.message)
        .join("; ");
      entry.firstEmpty ??= `${task.id}: ${where || "the source gave no instances and no reason"}`;
    }
  }

  /** One line per source, e.g. `promptsource (/data/ps): 279 task(s): 0 without a category; ...`. */
  lines(): string[] {
    return [...this.sources].map(([name, c]) => {
      const unnamed = c.unnamedDatasets.length;
      const examples = unnamed > 0 ? ` (${c.unnamedDatasets.slice(0, 5).join(", ")}${unnamed > 5 ? ", ..." : ""})` : "";
      const empty = c.empty > 0 ? ` (first: ${c.firstEmpty}${c.empty > 1 ? "; --notes lists every one" : ""})` : "";
      return (
        `${name} (${c.root}): ${c.tasks} task(s): ${c.unmapped} without a category; ` +
        `${unnamed} dataset id(s) not in categories/datasets.yaml${examples}; ${c.empty} without instances${empty}`
      );
    });
  }
}
