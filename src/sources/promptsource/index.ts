/** PromptSource: Jinja templates (templates.yaml) applied to dataset rows, exactly as its `apply()`. */
import type { SourceDefinition } from "../contract.js";
import { TEMPLATE_RULE_DEFAULTS, TEMPLATE_RULE_SCHEMA, type TemplateRule } from "../template-rule.js";
import { openPromptSource, PROMPTSOURCE_DEFAULTS, type PromptSourceOptions } from "./adapter.js";
import { NAME } from "./name.js";
import { promptSourcePull } from "./pull.js";
import { renderPromptSourceCommand } from "./render-command.js";

const positive = { type: "integer", minimum: 1 };

export const promptsource: SourceDefinition<PromptSourceOptions, TemplateRule> = {
  name: NAME,
  upstream: "https://github.com/bigscience-workshop/promptsource",
  about: {
    title: "PromptSource (P3)",
    citation: `@inproceedings{bach-etal-2022-promptsource,
  title = {{P}rompt{S}ource: An Integrated Development Environment and Repository for Natural Language Prompts},
  author = {Bach, Stephen H. and Sanh, Victor and Yong, Zheng-Xin and Webson, Albert and Raffel, Colin and others},
  booktitle = {Proceedings of the 60th Annual Meeting of the Association for Computational Linguistics: System Demonstrations},
  year = {2022},
  pages = {93--104},
  publisher = {Association for Computational Linguistics},
  url = {https://aclanthology.org/2022.acl-demo.9}
}`,
  },
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        truncate: {
          type: "integer",
          minimum: 0,
          description: "Characters kept per printed expression (PromptSource's TEXT_VAR_LENGTH); 0 = off.",
        },
        limits: {
          type: "object",
          additionalProperties: false,
          properties: { maxSteps: positive, maxOutputChars: positive, maxDepth: positive },
          description: "Per-render limits against runaway templates.",
        },
        templates: {
          type: "string",
          minLength: 1,
          description: "Templates folder (absolute, or relative to the root). Default: templates/, else promptsource/templates/ (a clone).",
        },
        rows: { type: "string", minLength: 1, description: "Rows folder (absolute, or relative to the root). Default: rows/." },
      },
    },
    defaults: PROMPTSOURCE_DEFAULTS,
  },
  prompts: { schema: TEMPLATE_RULE_SCHEMA, defaults: TEMPLATE_RULE_DEFAULTS },
  placement: "instance_level",
  exampleRoot: "/data/promptsource",
  open: openPromptSource,
  pull: promptSourcePull,
  commands: { render: renderPromptSourceCommand },
};
