/**
 * The sources' front file, part of the library API (src/index.ts): the adapter contract and the prompt rule
 * template sources share, the registry, and the one way to open a source (which resolves its options).
 */
export * from "./contract.js";
export { type OpenRequest, openSource } from "./open.js";
export type { OptionLayer } from "./options.js";
export { findSource, SOURCES, type Sources, sourceNames } from "./registry.js";
export {
  chooseByRule,
  evalRulesOf,
  TEMPLATE_RULE_DEFAULTS,
  TEMPLATE_RULE_SCHEMA,
  type TemplateRule,
  unknownTemplate,
} from "./template-rule.js";
