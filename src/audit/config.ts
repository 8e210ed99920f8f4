/**
 * The split config's `audit:` block (schema/fragments/audit.schema.json), with every default filled in
 * so the manifest records exactly what was audited.
 */
import { type AuditOptions, DEFAULT_BOILERPLATE } from "./audit.js";
import type { AuditPolicy } from "./policy.js";

export interface AuditConfig {
  /** @default true (OPT-IML audits every build; turning it off is recorded) */
  enabled: boolean;
  /** @default 13 */
  n: number;
  /** @default 0.01 ("above 1%") */
  threshold: number;
  /** @default "report" (the paper confirmed flagged pairs by hand before removing anything) */
  policy: AuditPolicy;
  /** `null` when the YAML says `boilerplate: false`. @default { fraction: 0.02, min_records: 10 } */
  boilerplate: { fraction: number; min_records: number } | null;
  /** @default false (a fully supervised task's own evaluation split is not leakage) */
  same_task: boolean;
}

/** The block as written in YAML, already validated against the fragment schema. */
export interface RawAuditConfig {
  enabled?: boolean;
  n?: number;
  threshold?: number;
  policy?: AuditPolicy;
  boilerplate?: false | { fraction?: number; min_records?: number };
  same_task?: boolean;
}

export const DEFAULT_AUDIT_CONFIG: AuditConfig = {
  enabled: true,
  n: 13,
  threshold: 0.01,
  policy: "report",
  boilerplate: { fraction: DEFAULT_BOILERPLATE.fraction, min_records: DEFAULT_BOILERPLATE.minRecords },
  same_task: false,
};

export function resolveAuditConfig(raw: RawAuditConfig | undefined): AuditConfig {
  const d = DEFAULT_AUDIT_CONFIG;
  const boilerplate =
    raw?.boilerplate === false ? null : { ...(d.boilerplate as NonNullable<AuditConfig["boilerplate"]>), ...raw?.boilerplate };
  return {
    enabled: raw?.enabled ?? d.enabled,
    n: raw?.n ?? d.n,
    threshold: raw?.threshold ?? d.threshold,
    policy: raw?.policy ?? d.policy,
    boilerplate,
    same_task: raw?.same_task ?? d.same_task,
  };
}

export function auditOptionsOf(config: AuditConfig): AuditOptions {
  return {
    n: config.n,
    threshold: config.threshold,
    boilerplate: config.boilerplate && { fraction: config.boilerplate.fraction, minRecords: config.boilerplate.min_records },
    includeSameTask: config.same_task,
  };
}
