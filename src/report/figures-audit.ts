/** Figures of the n-gram audit (audit.json): flagged pairs by overlap, with their example n-gram, and what the policy removed. */
import type { AuditFile } from "../audit/index.js";
import { byCodeUnit } from "../core/py-str.js";
import type { Figure, Table } from "./figure.js";
import { barChart } from "./svg/bars.js";
import { formatCount, formatShare } from "./text.js";

/** Pairs drawn; the table lists up to `TABLE_PAIRS`, audit.json every one. */
const CHART_PAIRS = 20;
const TABLE_PAIRS = 200;

export function auditFigure(audit: AuditFile | undefined, removedRecords: number): Figure {
  const id = "audit-pairs";
  const title = "Audit: flagged training–evaluation pairs by overlap";
  if (!audit)
    return {
      id,
      title,
      description: "The n-gram overlap audit between training and evaluation tasks.",
      note: "This build ran no audit (`audit.enabled: false`).",
      tables: [],
    };
  const description = `A pair is flagged when more than ${formatShare(audit.threshold)} of the evaluation task's examples share a ${audit.n}-gram with the training task (the dashed line). Policy \`${audit.policy}\`.`;
  const summary: Table = {
    caption: "Summary",
    head: ["", "value"],
    rows: [
      ["n-gram length", String(audit.n)],
      ["threshold", formatShare(audit.threshold)],
      ["evaluation tasks", formatCount(audit.evalTasks)],
      ["evaluation examples", formatCount(audit.evalExamples)],
      ["training tasks", formatCount(audit.trainTasks)],
      ["flagged pairs", formatCount(audit.pairs.length)],
      ["policy", audit.policy],
      ["training tasks removed", formatCount(audit.dropped.train.length)],
      ["evaluation tasks removed", formatCount(audit.dropped.eval.length)],
      ["records removed", formatCount(removedRecords)],
    ],
  };
  const pairs = audit.pairs.toSorted((a, b) => b.fraction - a.fraction || byCodeUnit(a.train, b.train) || byCodeUnit(a.eval, b.eval));
  const listed: Table = {
    caption:
      pairs.length > TABLE_PAIRS
        ? `The ${TABLE_PAIRS} most overlapping of ${formatCount(pairs.length)} pairs (all in audit.json)`
        : "Flagged pairs",
    head: ["training task", "evaluation task", "overlapping examples", "fraction", "example n-gram"],
    rows: pairs
      .slice(0, TABLE_PAIRS)
      .map((p) => [
        p.train,
        p.eval,
        `${formatCount(p.overlapping)} of ${formatCount(p.evalExamples)}`,
        formatShare(p.fraction),
        p.example.ngram,
      ]),
  };
  if (pairs.length === 0) return { id, title, description, note: "No pair is over the threshold.", tables: [summary] };
  const svg = barChart({
    id,
    title,
    xLabel: "share of the evaluation task's examples sharing an n-gram",
    yLabel: "training task → evaluation task",
    series: ["overlap"],
    layout: "stacked",
    format: formatShare,
    rule: { value: audit.threshold, label: `threshold ${formatShare(audit.threshold)}` },
    rows: pairs.slice(0, CHART_PAIRS).map((p) => ({ label: `${p.train} → ${p.eval}`, values: [p.fraction] })),
  });
  return { id, title, description, svg, tables: [listed, summary], wide: true };
}
