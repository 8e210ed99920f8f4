/** The audit section of `iml-bench stats`: settings, counts, the policy's drops and the top flagged pairs. */

import type { AuditFile, AuditPair, AuditReport } from "../audit/index.js";
import { byCodeUnit } from "../core/py-str.js";

/** How many flagged pairs the summary lists (highest overlap first). */
const TOP_PAIRS = 10;

export function formatAuditSummary(report: AuditReport | AuditFile, top = TOP_PAIRS): string {
  const lines = [`audit        ${settingsLine(report)}`];
  lines.push(
    `             ${report.evalTasks} eval task(s), ${report.evalExamples} example(s) × ${report.trainTasks} train task(s): ${report.pairs.length} flagged pair(s)`,
  );
  if ("policy" in report)
    lines.push(
      `             policy ${report.policy}: dropped ${report.dropped.train.length} train, ${report.dropped.eval.length} eval task(s)`,
    );
  const shown = topPairs(report.pairs, top);
  if (shown.length > 0) {
    const width = (side: (p: AuditPair) => string, title: string) => Math.max(title.length, ...shown.map((p) => side(p).length));
    const trainWidth = width((p) => p.train, "train");
    const evalWidth = width((p) => p.eval, "eval");
    lines.push(`  ${"train".padEnd(trainWidth)}  ${"eval".padEnd(evalWidth)}  overlap`);
    for (const p of shown) {
      lines.push(
        `  ${p.train.padEnd(trainWidth)}  ${p.eval.padEnd(evalWidth)}  ${p.overlapping}/${p.evalExamples} (${percent(p.fraction)})  "${p.example.ngram}"`,
      );
    }
    if (report.pairs.length > shown.length) lines.push(`  … and ${report.pairs.length - shown.length} more in audit.json`);
  }
  return `${lines.join("\n")}\n`;
}

function settingsLine(report: AuditReport): string {
  const bp = report.boilerplate;
  const boilerplate = bp
    ? `n-grams in more than ${percent(bp.fraction)} and at least ${bp.minRecords} of a train task's records ignored as template text`
    : "every n-gram counted";
  return `${report.n}-grams, flagged above ${percent(report.threshold)} of an eval task's examples; ${boilerplate}`;
}

/** Highest fraction first, then most overlapping examples, then task ids (code-unit order). */
function topPairs(pairs: readonly AuditPair[], top: number): AuditPair[] {
  return pairs
    .toSorted(
      (a, b) => b.fraction - a.fraction || b.overlapping - a.overlapping || byCodeUnit(a.train, b.train) || byCodeUnit(a.eval, b.eval),
    )
    .slice(0, top);
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}
