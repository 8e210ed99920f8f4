/**
 * The categorize step: every task gets its one canonical category (categories/maps/<source>.yaml over
 * its source labels) and its canonical dataset id (categories/datasets.yaml), so one dataset seen through
 * two sources is one id. A task no map covers keeps category "" with the closest category names.
 */
import { canonicalDataset, categorize, type Taxonomy } from "../config/categories.js";
import type { Task } from "../types.js";

export interface TaskIdentity {
  category: string;
  dataset: string;
  /** Set when no category map covers the task: it is dropped, and validate lists it. */
  unmapped?: { labels: string[]; suggestions: string[] };
}

export function identify(task: Pick<Task, "source" | "name" | "sourceCategories" | "dataset">, taxonomy: Taxonomy): TaskIdentity {
  const categorized = categorize(task, taxonomy);
  const dataset = canonicalDataset(task.dataset, taxonomy);
  if (categorized.ok) return { category: categorized.category, dataset };
  return { category: "", dataset, unmapped: { labels: [...task.sourceCategories], suggestions: categorized.suggestions } };
}
