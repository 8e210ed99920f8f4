export type { AuditPair, AuditReport } from "./audit.js";
export { auditOverlap } from "./audit.js";
export type { AuditConfig, RawAuditConfig } from "./config.js";
export { auditOptionsOf, resolveAuditConfig } from "./config.js";
export { AUDIT_DECISIONS } from "./decisions.js";
export type { AuditFile } from "./policy.js";
export { auditFileOf } from "./policy.js";
export { evalExamplesFromFiles, trainTasksFromFiles } from "./records.js";
