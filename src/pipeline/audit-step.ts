/**
 * The content audit inside a build (OPT-IML §2.3): after every task is rendered and before train.jsonl
 * is merged, index the evaluation files, stream each training task's staged records, write audit.json,
 * and apply the config's policy (report only, drop the training task, or drop the evaluation task),
 * counting what was removed under `ngram_overlap`.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { auditFileOf, auditOptionsOf, auditOverlap, evalExamplesFromFiles, trainTaskFromFile } from "../audit/index.js";
import type { SplitConfig } from "../config/split-config.js";
import type { ManifestBuilder } from "./manifest.js";
import type { TrainStaging } from "./train-staging.js";

export async function runAudit(config: SplitConfig, dir: string, staging: TrainStaging, manifest: ManifestBuilder): Promise<void> {
  if (!config.audit.enabled) return;
  const evalOutputs = manifest.outputsOf((o) => o.path.startsWith("eval/"));
  const report = await auditOverlap(
    evalExamplesFromFiles(evalOutputs.map((o) => join(dir, o.path))),
    staging.files().map(({ id, file }) => trainTaskFromFile(id, file)),
    auditOptionsOf(config.audit),
  );
  const file = auditFileOf(report, config.audit.policy);
  for (const task of file.dropped.train) {
    const staged = staging.staged().find((t) => t.id === task);
    await staging.drop(task);
    manifest.dropTaskRecords(task, "train", staged?.count ?? 0, "ngram_overlap");
  }
  for (const task of file.dropped.eval) {
    for (const output of evalOutputs.filter((o) => o.task === task)) {
      await rm(join(dir, output.path));
      manifest.removeOutput(output.path);
      manifest.dropTaskRecords(task, output.split ?? "", output.records, "ngram_overlap");
    }
  }
  await writeFile(join(dir, "audit.json"), `${JSON.stringify(file, null, 2)}\n`);
  await manifest.addOutput(dir, "audit.json", file.pairs.length, "audit");
}
