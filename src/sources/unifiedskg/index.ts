/** UnifiedSKG: structured-knowledge tasks (tables, databases, triples, dialogues), linearized as UnifiedSKG does. */
import type { SourceDefinition } from "../contract.js";
import { TEMPLATE_RULE_DEFAULTS, TEMPLATE_RULE_SCHEMA, type TemplateRule } from "../template-rule.js";
import { openUnifiedSkg, UNIFIEDSKG_DEFAULTS, type UnifiedSkgOptions, UPSTREAM } from "./adapter.js";
import { NAME } from "./name.js";
import { unifiedSkgPull } from "./pull.js";
import { renderUnifiedSkgCommand } from "./render-command.js";

export const unifiedskg: SourceDefinition<UnifiedSkgOptions, TemplateRule> = {
  name: NAME,
  upstream: `https://github.com/${UPSTREAM}`,
  about: {
    title: "UnifiedSKG",
    citation: `@inproceedings{xie-etal-2022-unifiedskg,
  title = {{U}nified{SKG}: Unifying and Multi-Tasking Structured Knowledge Grounding with Text-to-Text Language Models},
  author = {Xie, Tianbao and Wu, Chen Henry and Shi, Peng and Zhong, Ruiqi and Scholak, Torsten and Yasunaga, Michihiro and others},
  booktitle = {Proceedings of the 2022 Conference on Empirical Methods in Natural Language Processing},
  year = {2022},
  pages = {602--631},
  publisher = {Association for Computational Linguistics},
  url = {https://aclanthology.org/2022.emnlp-main.39}
}`,
  },
  options: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        experiment: {
          type: "string",
          minLength: 1,
          description: "An experiment cfg (configure/Salesforce/<exp>.cfg, or a path): task list, knowledge_usage, descriptions.",
        },
        data: {
          type: "string",
          minLength: 1,
          description:
            "Data folder (absolute, or relative to the root) holding <task>/<split>.{jsonl,json,parquet} or <task>/<split>/<shard>.parquet. Default: data/.",
        },
      },
    },
    defaults: UNIFIEDSKG_DEFAULTS,
  },
  prompts: { schema: TEMPLATE_RULE_SCHEMA, defaults: TEMPLATE_RULE_DEFAULTS },
  placement: "instance_level",
  exampleRoot: "/data/UnifiedSKG",
  open: openUnifiedSkg,
  pull: unifiedSkgPull,
  commands: { render: renderUnifiedSkgCommand },
};
