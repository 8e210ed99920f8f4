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
  about: {
    title: "FLAN (FLAN 2021 and the Flan Collection)",
    citation: `@inproceedings{wei2022finetuned,
  title = {Finetuned Language Models are Zero-Shot Learners},
  author = {Wei, Jason and Bosma, Maarten and Zhao, Vincent and Guu, Kelvin and Yu, Adams Wei and Lester, Brian and Du, Nan and Dai, Andrew M. and Le, Quoc V.},
  booktitle = {International Conference on Learning Representations},
  year = {2022},
  url = {https://openreview.net/forum?id=gEZrGCozdqR}
}

@inproceedings{longpre2023flan,
  title = {The Flan Collection: Designing Data and Methods for Effective Instruction Tuning},
  author = {Longpre, Shayne and Hou, Le and Vu, Tu and Webson, Albert and Chung, Hyung Won and Tay, Yi and Zhou, Denny and Le, Quoc V. and Zoph, Barret and Wei, Jason and Roberts, Adam},
  booktitle = {Proceedings of the 40th International Conference on Machine Learning},
  year = {2023},
  url = {https://arxiv.org/abs/2301.13688}
}`,
  },
  options: { schema: FLAN_OPTIONS_SCHEMA, defaults: FLAN_DEFAULTS },
  prompts: { schema: TEMPLATE_RULE_SCHEMA, defaults: TEMPLATE_RULE_DEFAULTS },
  placement: "instance_level",
  exampleRoot: "/data/FLAN",
  open: openFlan,
  pull: flanPull,
  commands: { inspect: inspectFlanCommand },
};
