/**
 * The last step of a build: the records as Parquet when asked (each JSON Lines file replaced by its
 * `.parquet`, converted one row group at a time), then the dataset card README.md, which makes the build
 * folder a Hugging Face Hub dataset repository. Returns the manifest with its outputs updated; the card is
 * one of them, so a rebuild's manifest says whether the card's bytes are the same too.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { AuditFile } from "../audit/index.js";
import { byCodeUnit } from "../core/py-str.js";
import type { ManifestOutput } from "../types.js";
import { hashFile } from "../write/hash.js";
import { type CardManifest, type CardSource, datasetCard } from "./card.js";
import { recordsFiles } from "./hub-configs.js";
import { jsonlToParquet } from "./parquet.js";

export { hubFeatures, RECORD_FIELDS } from "./fields.js";
export { hubConfigs, recordsFiles } from "./hub-configs.js";

/** How records are written: JSON Lines (the default) or Parquet. */
export const OUTPUT_FORMATS = ["jsonl", "parquet"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The card's file name in a build folder. */
const CARD_FILE = "README.md";

export interface PublishOptions {
  format: OutputFormat;
  /** The definitions of the sources the build read (their titles and citations). */
  sources: readonly CardSource[];
}

export async function publish<M extends CardManifest & { outputs: ManifestOutput[] }>(
  dir: string,
  manifest: M,
  options: PublishOptions,
): Promise<M> {
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
  const converted = { ...manifest, outputs };
  const audit = outputs.some((o) => o.path === "audit.json")
    ? (JSON.parse(await readFile(join(dir, "audit.json"), "utf8")) as AuditFile)
    : undefined;
  await writeFile(join(dir, CARD_FILE), datasetCard({ manifest: converted, sources: options.sources, ...(audit && { audit }) }));
  const card: ManifestOutput = { path: CARD_FILE, ...(await hashFile(join(dir, CARD_FILE))), records: 0, split: "card" };
  return { ...converted, outputs: [...outputs, card].sort((a, b) => byCodeUnit(a.path, b.path)) };
}
