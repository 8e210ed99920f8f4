/** Figures of the records themselves (manifest.record_stats): length distributions, demonstrations per record, shot variants. */
import { byCodeUnit } from "../core/py-str.js";
import type { Figure, Table } from "./figure.js";
import { bySplit } from "./splits.js";
import { type LengthHistogram, type LengthMeasure, nextBin, type RecordStats } from "./stats.js";
import { barChart } from "./svg/bars.js";
import { binChart } from "./svg/lines.js";
import { formatCount, formatNumber, formatShare } from "./text.js";

const MEASURE_TEXT: Record<LengthMeasure, { part: string; unit: string }> = {
  prompt_chars: { part: "Prompt", unit: "characters" },
  prompt_tokens: { part: "Prompt", unit: "whitespace tokens" },
  completion_chars: { part: "Completion", unit: "characters" },
  completion_tokens: { part: "Completion", unit: "whitespace tokens" },
};

/** A bin's lower bound, short: 1536 → "1.5k". */
function shortLength(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${formatNumber(n / 1000, 1)}k`;
  return `${formatNumber(n / 1_000_000, 1)}M`;
}

/** The distribution of one length measure, one line per split. */
export function lengthFigure(stats: RecordStats, measure: LengthMeasure): Figure {
  const { part, unit } = MEASURE_TEXT[measure];
  const id = `length-${measure.replace("_", "-")}`;
  const title = `${part} length in ${unit}, per split`;
  const splits = Object.keys(stats.by_split).sort(bySplit);
  const histograms = splits.map((s) => stats.by_split[s]?.[measure] as LengthHistogram);
  const bins = binsCovering(histograms);
  const countIn = (h: LengthHistogram, lower: number): number => h.bins.find(([b]) => b === lower)?.[1] ?? 0;
  const description = `The share of each split's records whose ${part.toLowerCase()} length falls in each bin (bins double every two steps; a bin's label is its lower bound). Characters are Unicode code points; tokens are runs of non-whitespace, as the demonstration budget counts them.`;
  const summary: Table = {
    caption: "Per split",
    head: ["split", "records", "min", "mean", "max"],
    rows: splits.map((s, i) => {
      const h = histograms[i] as LengthHistogram;
      return [s, formatCount(h.records), formatCount(h.min), formatNumber(h.records ? h.total / h.records : 0, 1), formatCount(h.max)];
    }),
  };
  const perBin: Table = {
    caption: "Records per bin",
    head: [unit, ...splits],
    rows: bins.map((lower) => [
      nextBin(lower) - 1 === lower ? String(lower) : `${lower}–${nextBin(lower) - 1}`,
      ...histograms.map((h) => formatCount(countIn(h, lower))),
    ]),
  };
  if (bins.length === 0) return { id, title, description, note: "No records.", tables: [summary, perBin] };
  const svg = binChart({
    id,
    title,
    xLabel: `${part.toLowerCase()} length (${unit}, bin lower bound)`,
    yLabel: "share of the split's records",
    bins: bins.map(shortLength),
    series: splits.map((s, i) => {
      const h = histograms[i] as LengthHistogram;
      return { name: s, shares: bins.map((lower) => (h.records ? countIn(h, lower) / h.records : 0)) };
    }),
    format: (share) => formatShare(share),
  });
  return { id, title, description, svg, tables: [summary, perBin] };
}

/** Every bin from the smallest to the largest any histogram has, empty ones included, so the axis is continuous. */
function binsCovering(histograms: readonly LengthHistogram[]): number[] {
  const lowers = histograms.flatMap((h) => h.bins.map(([b]) => b));
  if (lowers.length === 0) return [];
  const last = Math.max(...lowers);
  const bins: number[] = [];
  for (let b = Math.min(...lowers); b <= last; b = nextBin(b)) bins.push(b);
  return bins;
}

/** A count per key and split (demonstrations per record, records per variant), as stacked bars and a table. */
function perKeyFigure(
  stats: RecordStats,
  field: "demonstrations" | "variants",
  text: { id: string; title: string; key: string; description: string; none: string; order: (a: string, b: string) => number },
): Figure {
  const splits = Object.keys(stats.by_split)
    .filter((s) => stats.by_split[s]?.[field] !== undefined)
    .sort(bySplit);
  const keys = [...new Set(splits.flatMap((s) => Object.keys(stats.by_split[s]?.[field] ?? {})))].sort(text.order);
  const count = (s: string, k: string): number => stats.by_split[s]?.[field]?.[k] ?? 0;
  const table: Table = { head: [text.key, ...splits], rows: keys.map((k) => [k, ...splits.map((s) => formatCount(count(s, k)))]) };
  if (keys.length === 0) return { id: text.id, title: text.title, description: text.description, note: text.none, tables: [] };
  const svg = barChart({
    id: text.id,
    title: text.title,
    xLabel: "records",
    yLabel: text.key,
    series: splits,
    layout: "stacked",
    format: formatCount,
    rows: keys.map((k) => ({ label: k, values: splits.map((s) => count(s, k)) })),
  });
  return { id: text.id, title: text.title, description: text.description, svg, tables: [table] };
}

const byNumberThenText = (a: string, b: string): number => Number.parseInt(a, 10) - Number.parseInt(b, 10) || byCodeUnit(a, b);

export function demonstrationsFigure(stats: RecordStats): Figure {
  return perKeyFigure(stats, "demonstrations", {
    id: "demonstrations-per-record",
    title: "Demonstrations per record (k), per split",
    key: "demonstrations (k)",
    description: "How many demonstrations each record's prompt holds: drawn per training record, fixed per evaluation variant.",
    none: "This build has no demonstrations (no `demos:` block in its config).",
    order: byNumberThenText,
  });
}

export function variantsFigure(stats: RecordStats): Figure {
  return perKeyFigure(stats, "variants", {
    id: "shot-variants",
    title: "Evaluation records per shot variant",
    key: "variant",
    description: "Each evaluation file is written once per shot variant (`<task>.<k>shot`); a variant a task is too small for is skipped.",
    none: "This build has no shot variants (no `demos.eval_shots` in its config).",
    order: byNumberThenText,
  });
}
