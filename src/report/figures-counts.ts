/** Figures of what a build holds: records per split and source, per category, and the held-out structure. */
import { byCodeUnit } from "../core/py-str.js";
import type { Figure, ReportManifest, Table } from "./figure.js";
import { heldOutCategories } from "./figure.js";
import { bySplit } from "./splits.js";
import { barChart } from "./svg/bars.js";
import { formatCount } from "./text.js";

type Counts = Record<string, number>;

const sum = (c: Counts): number => Object.values(c).reduce((a, b) => a + b, 0);

/** Records per key (source, category) and split: a stacked bar per key, and the same numbers as a table. */
function splitCountsFigure(
  manifest: ReportManifest,
  what: { id: string; title: string; key: string; counts: Record<string, Counts>; mark?: (key: string) => string | undefined },
  description: string,
): Figure {
  const splits = Object.keys(manifest.counts.by_split).sort(bySplit);
  const keys = Object.keys(what.counts).sort(byCodeUnit);
  const counts = (key: string): Counts => what.counts[key] ?? {};
  const marked = (key: string): string | undefined => what.mark?.(key);
  const table: Table = {
    head: [what.key, ...(what.mark ? ["held out"] : []), ...splits, "total"],
    rows: keys.map((k) => [
      k,
      ...(what.mark ? [marked(k) ? "yes" : "no"] : []),
      ...splits.map((s) => formatCount(counts(k)[s] ?? 0)),
      formatCount(sum(counts(k))),
    ]),
  };
  table.rows.push([
    "total",
    ...(what.mark ? [""] : []),
    ...splits.map((s) => formatCount(manifest.counts.by_split[s] ?? 0)),
    formatCount(manifest.counts.records),
  ]);
  const svg = barChart({
    id: what.id,
    title: what.title,
    xLabel: "records",
    yLabel: what.key,
    series: splits,
    layout: "stacked",
    format: formatCount,
    rows: keys.map((k) => {
      const mark = marked(k);
      return { label: k, values: splits.map((s) => counts(k)[s] ?? 0), ...(mark && { mark }) };
    }),
  });
  return { id: what.id, title: what.title, description, svg, tables: [table] };
}

export function recordsBySource(manifest: ReportManifest): Figure {
  return splitCountsFigure(
    manifest,
    { id: "records-by-source", title: "Records per source and split", key: "source", counts: manifest.counts.by_source },
    "Each bar is one source's records, split by the level they belong to: training, then the three held-out levels.",
  );
}

export function recordsByCategory(manifest: ReportManifest): Figure {
  const heldOut = heldOutCategories(manifest);
  return splitCountsFigure(
    manifest,
    {
      id: "records-by-category",
      title: "Records per category and split",
      key: "category",
      counts: manifest.counts.by_category,
      mark: (c) => (heldOut.has(c) ? "held out" : undefined),
    },
    "Each bar is one canonical category's records by split. Held-out categories (marked) have evaluation records only.",
  );
}

const LEVELS = ["train", "heldout_category", "heldout_task", "dropped"] as const;

/** Categories → tasks per level: which categories are trained on, held out whole, or have held-out tasks. */
export function heldOutStructure(manifest: ReportManifest): Figure {
  const heldOut = heldOutCategories(manifest);
  const categories = [...new Set(manifest.tasks.map((t) => t.category))].sort(byCodeUnit);
  const tasksOf = (category: string, level: string) => manifest.tasks.filter((t) => t.category === category && t.assignment === level);
  const id = "heldout-structure";
  const title = "Held-out structure: tasks per category and level";
  const svg = barChart({
    id,
    title,
    xLabel: "tasks",
    yLabel: "category",
    series: [...LEVELS],
    layout: "stacked",
    format: formatCount,
    rows: categories.map((c) => ({
      label: c,
      values: LEVELS.map((l) => tasksOf(c, l).length),
      ...(heldOut.has(c) && { mark: "held out" }),
    })),
  });
  const perCategory: Table = {
    caption: "Tasks per level, by category",
    head: ["category", ...LEVELS, "records"],
    rows: categories.map((c) => [
      heldOut.has(c) ? `${c} (held out)` : c,
      ...LEVELS.map((l) => formatCount(tasksOf(c, l).length)),
      formatCount(sum(manifest.counts.by_category[c] ?? {})),
    ]),
  };
  const perTask: Table = {
    caption: "Every task: its level, category and records",
    head: ["level", "category", "task", "records", "reason"],
    rows: LEVELS.flatMap((level) =>
      manifest.tasks
        .filter((t) => t.assignment === level)
        .toSorted((a, b) => byCodeUnit(a.category, b.category) || byCodeUnit(a.task, b.task))
        .map((t) => [level, t.category, t.task, formatCount(recordsOf(manifest, t.task)), t.reason ?? ""]),
    ),
  };
  return {
    id,
    title,
    description:
      "Each bar is one category's tasks by level: trained on (their held-out instances included), held out with their whole category, held out as tasks, or dropped (reason in the table).",
    svg,
    tables: [perCategory, perTask],
    wide: true,
  };
}

function recordsOf(manifest: ReportManifest, task: string): number {
  return sum(manifest.counts.by_task[task] ?? {});
}

/** Drops and source notes by reason: one single-series bar chart per unit (tasks, instances, prompts, notes). */
export function countsByReason(
  what: { id: string; title: string; unit: string; none: string },
  counts: Counts,
  description: string,
): Figure {
  const { id, title, unit } = what;
  const keys = Object.keys(counts).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || byCodeUnit(a, b));
  if (keys.length === 0) return { id, title, description, note: what.none, tables: [] };
  const table: Table = { head: ["reason", unit], rows: keys.map((k) => [k, formatCount(counts[k] ?? 0)]) };
  const svg = barChart({
    id,
    title,
    xLabel: unit,
    yLabel: "reason",
    series: [unit],
    layout: "stacked",
    format: formatCount,
    rows: keys.map((k) => ({ label: k, values: [counts[k] ?? 0] })),
  });
  return { id, title, description, svg, tables: [table] };
}
