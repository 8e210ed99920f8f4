/**
 * The content audit inside a build (OPT-IML §2.3): after every task is rendered and before train.jsonl
 * is merged, index the evaluation files, stream each training task's staged records, write audit.json,
 * and apply the config's policy (report only, drop the training task, or drop the evaluation task),
 * counting what was removed under `ngram_overlap`.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type AuditReport, auditFileOf } from "../audit/index.js";
import { byCodeUnit } from "../core/py-str.js";
import { auditInPool } from "./audit-scan.js";
import type { AuditRemoval, ManifestOutput } from "./manifest.js";
import { outputEntry } from "./manifest.js";
import type { Pool } from "./pool.js";
import type { SplitConfig } from "./split-config.js";
import type { TrainStaging } from "./train-staging.js";

export interface AuditOutcome {
  /** Records the policy removed: whole training tasks, and evaluation files. */
  removals: AuditRemoval[];
  /** Evaluation files deleted from the build folder. */
  deleted: string[];
  /** audit.json. */
  output: ManifestOutput;
}

/** Audit the rendered build, its training tasks scanned in the pool; undefined when the config turns the audit off. */
export async function runAudit(
  pool: Pool,
  config: SplitConfig,
  dir: string,
  staging: TrainStaging,
  outputs: readonly ManifestOutput[],
): Promise<AuditOutcome | undefined> {
  if (!config.audit.enabled) return undefined;
  const evalFiles = evalOutputsOf(outputs).map((o) => join(dir, o.path));
  const report = await auditInPool(pool, config, evalFiles, staging.files());
  return applyAudit(report, config, dir, staging, outputs);
}

function evalOutputsOf(outputs: readonly ManifestOutput[]): ManifestOutput[] {
  return outputs.filter((o) => o.path.startsWith("eval/")).toSorted((a, b) => byCodeUnit(a.path, b.path));
}

/** audit.json, and the config's policy applied: training tasks dropped from staging, evaluation files deleted. */
export async function applyAudit(
  report: AuditReport,
  config: SplitConfig,
  dir: string,
  staging: TrainStaging,
  outputs: readonly ManifestOutput[],
): Promise<AuditOutcome> {
  const evalOutputs = evalOutputsOf(outputs);
  const file = auditFileOf(report, config.audit.policy);
  const removals: AuditRemoval[] = [];
  const deleted: string[] = [];
  for (const task of file.dropped.train) {
    const staged = staging.staged().find((t) => t.id === task);
    await staging.drop(task);
    removals.push({ task, split: "train", records: staged?.count ?? 0 });
  }
  for (const task of file.dropped.eval) {
    for (const output of evalOutputs.filter((o) => o.task === task)) {
      await rm(join(dir, output.path));
      deleted.push(output.path);
      removals.push({ task, split: output.split ?? "", records: output.records });
    }
  }
  await writeFile(join(dir, "audit.json"), `${JSON.stringify(file, null, 2)}\n`);
  return { removals, deleted, output: await outputEntry(dir, "audit.json", file.pairs.length, "audit") };
}
