/** The sources' front file: the adapter contract, the registry, and the one way to open a source. */
export * from "./contract.js";
export { type OpenRequest, openSource } from "./open.js";
export { type OptionLayer, optionNames, resolveOptions } from "./options.js";
export { findSource, SOURCES, type Sources, sourceNames } from "./registry.js";
export {
  chooseByRule,
  evalRulesOf,
  TEMPLATE_RULE_DEFAULTS,
  TEMPLATE_RULE_SCHEMA,
  type TemplateRule,
  unknownTemplate,
} from "./template-rule.js";
