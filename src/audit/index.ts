export type { AuditOptions, AuditPair, AuditReport, BoilerplateRule, EvalExample, EvalExamples, TrainTaskTexts } from "./audit.js";
export { auditOverlap, auditText, DEFAULT_BOILERPLATE } from "./audit.js";
export type { AuditConfig, RawAuditConfig } from "./config.js";
export { auditOptionsOf, DEFAULT_AUDIT_CONFIG, resolveAuditConfig } from "./config.js";
export { AUDIT_DECISIONS } from "./decisions.js";
export { TOKENIZATION, tokenize } from "./ngrams.js";
export type { AuditDrops, AuditFile, AuditPolicy } from "./policy.js";
export { AUDIT_POLICIES, applyAuditPolicy, auditFileOf } from "./policy.js";
export { evalExamplesFromFiles, trainTaskFromFile } from "./records.js";
