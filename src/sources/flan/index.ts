/** FLAN: template modules read without running Python, rows per task, or exported FLAN Collection rows. */
import type { SourceDefinition } from "../contract.js";
import { TEMPLATE_RULE_DEFAULTS, TEMPLATE_RULE_SCHEMA, type TemplateRule } from "../template-rule.js";
import { openFlan } from "./adapter.js";
import { FLAN_DEFAULTS, FLAN_OPTIONS_SCHEMA, type FlanOptions } from "./adapter-options.js";
import { inspectFlanCommand } from "./inspect-command.js";
import { NAME } from "./name.js";
import { flanPull } from "./pull.js";

export const flan: SourceDefinition<FlanOptions, TemplateRule> = {
  name: NAME,
  upstream: "https://github.com/google-research/FLAN",
  options: { schema: FLAN_OPTIONS_SCHEMA, defaults: FLAN_DEFAULTS },
  prompts: { schema: TEMPLATE_RULE_SCHEMA, defaults: TEMPLATE_RULE_DEFAULTS },
  placement: "instance_level",
  exampleRoot: "/data/FLAN",
  open: openFlan,
  pull: flanPull,
  commands: { inspect: inspectFlanCommand },
};
