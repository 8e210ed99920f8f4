/**
 * What a build does with the flagged pairs: only report them, drop every flagged training task, or drop
 * every flagged evaluation task. The paper checked ~14,000 flagged pairs by hand; "report" keeps that
 * human step, the drop policies apply a conservative automatic rule instead.
 */
import { byCodeUnit } from "../core/py-str.js";
import type { AuditPair, AuditReport } from "./audit.js";

const AUDIT_POLICIES = ["report", "drop_train", "drop_eval"] as const;
export type AuditPolicy = (typeof AUDIT_POLICIES)[number];

export interface AuditDrops {
  /** Training task ids to drop, sorted by code unit, without repeats. */
  dropTrain: string[];
  /** Evaluation task ids to drop, sorted by code unit, without repeats. */
  dropEval: string[];
}

export function applyAuditPolicy(report: Pick<AuditReport, "pairs">, policy: AuditPolicy): AuditDrops {
  const ids = (side: (p: AuditPair) => string): string[] => [...new Set(report.pairs.map(side))].sort(byCodeUnit);
  switch (policy) {
    case "report":
      return { dropTrain: [], dropEval: [] };
    case "drop_train":
      return { dropTrain: ids((p) => p.train), dropEval: [] };
    case "drop_eval":
      return { dropTrain: [], dropEval: ids((p) => p.eval) };
  }
}

/** `<out>/audit.json` (schema/audit.schema.json): the report, the policy and what it dropped. */
export interface AuditFile extends AuditReport {
  policy: AuditPolicy;
  dropped: { train: string[]; eval: string[] };
}

export function auditFileOf(report: AuditReport, policy: AuditPolicy): AuditFile {
  const drops = applyAuditPolicy(report, policy);
  const { pairs, ...summary } = report;
  return { ...summary, policy, dropped: { train: drops.dropTrain, eval: drops.dropEval }, pairs };
}
