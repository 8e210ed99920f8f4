/**
 * The build report and the card's figures: report.html (every figure beside its numbers, self-contained)
 * and the SVG files of the main figures, all pure functions of the manifest and audit.json; the record
 * statistics they draw on are accumulated by `RecordStatsAccumulator`.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../write/atomic-file.js";
import type { Figure, ReportInput } from "./figure.js";
import { reportHtml } from "./html.js";
import { reportSections } from "./sections.js";

export type { Figure, ReportInput, ReportManifest, Table } from "./figure.js";
export { REPORT_CSP } from "./html.js";
export { bySplit } from "./splits.js";
export { LENGTH_MEASURES, measureRecord, type RecordMeasure, type RecordStats, RecordStatsAccumulator, type StatsRecord } from "./stats.js";

/** The report's file name in a build folder. */
export const REPORT_FILE = "report.html";

/** The figures a dataset card shows, by id, in the order it shows them. */
const CARD_FIGURES = [
  "records-by-source",
  "records-by-category",
  "heldout-structure",
  "mixture-shares",
  "length-prompt-chars",
  "length-prompt-tokens",
];

/** The card's figures that have a chart (a build without a mixture has no mixture chart). */
export function cardFigures(input: ReportInput): Figure[] {
  const figures = reportSections(input).flatMap((s) => s.figures);
  return CARD_FIGURES.flatMap((id) => figures.filter((f) => f.id === id && f.svg !== undefined));
}

/** Write `<dir>/report.html` (replaced in one step). */
export async function writeReport(dir: string, input: ReportInput): Promise<string> {
  const file = join(dir, REPORT_FILE);
  await writeFileAtomic(file, reportHtml(input));
  return file;
}
