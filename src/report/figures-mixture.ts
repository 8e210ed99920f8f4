/** Figures of the training mixture (manifest.mixture): requested against realised shares, and the largest tasks. */
import { byCodeUnit } from "../core/py-str.js";
import type { Figure, ReportMixture, Table } from "./figure.js";
import { barChart } from "./svg/bars.js";
import { formatCount, formatShare } from "./text.js";

/** Tasks drawn in the largest-tasks chart; the table lists them all. */
const TOP_TASKS = 20;

const NO_MIXTURE = "This build has no `sampling:` block: every training record is written once.";

export function mixtureShares(mixture: ReportMixture | undefined): Figure {
  const id = "mixture-shares";
  const title = "Mixture: requested and realised share per source";
  const description =
    "Each source's share of the training records as the config asked for it (renormalised over the sources present) and as written; a source whose tasks cannot fill its share stays short.";
  if (!mixture) return { id, title, description, note: NO_MIXTURE, tables: [] };
  const table: Table = {
    head: ["source", "requested share", "realised share", "quota", "records"],
    rows: mixture.per_source.map((g) => [
      g.source,
      formatShare(g.requested_share),
      formatShare(g.realised_share),
      formatCount(g.quota),
      formatCount(g.count),
    ]),
  };
  const notes: Table = {
    caption: "Notes",
    head: ["note"],
    rows: [
      ...mixture.missing_sources.map((s) => `${s}: named in proportions, no tasks in the build (renormalised away)`),
      ...mixture.notes,
    ].map((n) => [n]),
  };
  const svg = barChart({
    id,
    title,
    xLabel: "share of training records",
    yLabel: "source",
    series: ["requested", "realised"],
    layout: "grouped",
    format: formatShare,
    rows: mixture.per_source.map((g) => ({ label: g.source, values: [g.requested_share, g.realised_share] })),
  });
  return { id, title, description, svg, tables: notes.rows.length > 0 ? [table, notes] : [table] };
}

export function mixtureTasks(mixture: ReportMixture | undefined): Figure {
  const id = "mixture-tasks";
  const title = `Mixture: the ${TOP_TASKS} largest training tasks`;
  const description =
    "Records each task gives the mixture: distinct records, and repeats (with `upsample`). Tasks held at their limit (their available records or the cap) are marked.";
  if (!mixture) return { id, title, description, note: NO_MIXTURE, tables: [] };
  const tasks = mixture.per_task.toSorted((a, b) => b.count - a.count || byCodeUnit(a.task, b.task));
  const table: Table = {
    head: ["task", "group", "available", "records", "repeats", "held at limit", "requested share", "realised share"],
    rows: tasks.map((t) => [
      t.task,
      t.group,
      formatCount(t.available),
      formatCount(t.count),
      formatCount(t.repeats),
      t.limited ? "yes" : "no",
      formatShare(t.requested_share),
      formatShare(t.realised_share),
    ]),
  };
  const svg = barChart({
    id,
    title,
    xLabel: "records in the mixture",
    yLabel: "task",
    series: ["distinct records", "repeats"],
    layout: "stacked",
    format: formatCount,
    rows: tasks
      .slice(0, TOP_TASKS)
      .map((t) => ({ label: t.task, values: [t.count - t.repeats, t.repeats], ...(t.limited && { mark: "at limit" }) })),
  });
  return { id, title, description, svg, tables: [table] };
}
