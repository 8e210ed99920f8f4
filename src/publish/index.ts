/**
 * The last step of a build: the record statistics (lengths, demonstrations, variants: `record_stats`), the
 * records as Parquet when asked (each JSON Lines file replaced by its `.parquet`, converted one row group at
 * a time), then the dataset card README.md, which makes the build folder a Hugging Face Hub dataset
 * repository, with its figures in figures/*.svg, and report.html. Returns the manifest with `record_stats`
 * and its outputs updated; the card, figures and report are outputs, so a rebuild's manifest says whether
 * their bytes are the same too.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AuditFile } from "../audit/index.js";
import { byCodeUnit } from "../core/py-str.js";
import { cardFigures, REPORT_FILE, type RecordStats, type ReportManifest, writeReport } from "../report/index.js";
import type { ManifestOutput } from "../types.js";
import { hashFile } from "../write/hash.js";
import { type CardManifest, type CardSource, datasetCard } from "./card.js";
import { recordsFiles } from "./hub-configs.js";
import { jsonlToParquet } from "./parquet.js";
import { recordStatsOf } from "./record-stats.js";

export { hubFeatures, RECORD_FIELDS } from "./fields.js";
export { hubConfigs, recordsFiles } from "./hub-configs.js";
export { recordStatsOf } from "./record-stats.js";

/** How records are written: JSON Lines (the default) or Parquet. */
export const OUTPUT_FORMATS = ["jsonl", "parquet"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The card's file name in a build folder, and the folder of its figures beside it. */
const CARD_FILE = "README.md";
const FIGURES_DIR = "figures";

export interface PublishOptions {
  format: OutputFormat;
  /** The definitions of the sources the build read (their titles and citations). */
  sources: readonly CardSource[];
  /** The statistics of the records files, when the build gathered them as it wrote them (else they are read here). */
  recordStats?: RecordStats;
}

export async function publish<M extends CardManifest & ReportManifest & { outputs: ManifestOutput[] }>(
  dir: string,
  manifest: M,
  options: PublishOptions,
): Promise<M & { record_stats: RecordStats }> {
  // Read from the JSON Lines files, before any becomes Parquet.
  const stats = options.recordStats ?? (await recordStatsOf(dir, manifest.outputs));
  const outputs: ManifestOutput[] = [];
  for (const output of manifest.outputs) {
    const isRecords = recordsFiles([output]).length === 1 && output.path.endsWith(".jsonl");
    if (options.format !== "parquet" || !isRecords) {
      outputs.push(output);
      continue;
    }
    const path = output.path.replace(/\.jsonl$/, ".parquet");
    await jsonlToParquet(join(dir, output.path), join(dir, path), { createdBy: `iml-bench ${manifest.tool.version}` });
    await rm(join(dir, output.path));
    outputs.push({ ...output, path, ...(await hashFile(join(dir, path))) });
  }
  const { outputs: _, ...rest } = manifest;
  const converted = { ...rest, record_stats: stats, outputs } as unknown as M & { record_stats: RecordStats };
  const audit = outputs.some((o) => o.path === "audit.json")
    ? (JSON.parse(await readFile(join(dir, "audit.json"), "utf8")) as AuditFile)
    : undefined;
  const input = { manifest: converted, ...(audit && { audit }) };
  const figures = cardFigures(input);
  if (figures.length > 0) await mkdir(join(dir, FIGURES_DIR), { recursive: true });
  for (const figure of figures) await writeFile(join(dir, FIGURES_DIR, `${figure.id}.svg`), `${figure.svg}\n`);
  await writeFile(join(dir, CARD_FILE), datasetCard({ manifest: converted, sources: options.sources, ...(audit && { audit }), figures }));
  await writeReport(dir, input);
  const written = [CARD_FILE, REPORT_FILE, ...figures.map((f) => `${FIGURES_DIR}/${f.id}.svg`)];
  const entries = await Promise.all(
    written.map(
      async (path): Promise<ManifestOutput> => ({
        path,
        ...(await hashFile(join(dir, path))),
        records: 0,
        split: path === REPORT_FILE ? "report" : "card",
      }),
    ),
  );
  return { ...converted, outputs: [...outputs, ...entries].sort((a, b) => byCodeUnit(a.path, b.path)) };
}
