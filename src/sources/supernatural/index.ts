/** Super-NaturalInstructions: task files with task-level instructions, rendered with Tk-Instruct's encodings. */
import type { SourceDefinition } from "../contract.js";
import { openSupernatural, type SupernaturalRule, UPSTREAM } from "./adapter.js";
import { NAME } from "./name.js";

export const supernatural: SourceDefinition<Record<string, never>, SupernaturalRule> = {
  name: NAME,
  upstream: `https://github.com/${UPSTREAM}`,
  about: {
    title: "Super-NaturalInstructions",
    citation: `@inproceedings{wang-etal-2022-super,
  title = {Super-{N}atural{I}nstructions: Generalization via Declarative Instructions on 1600+ {NLP} Tasks},
  author = {Wang, Yizhong and Mishra, Swaroop and Alipoormolabashi, Pegah and Kordi, Yeganeh and Mirzaei, Amirreza and others},
  booktitle = {Proceedings of the 2022 Conference on Empirical Methods in Natural Language Processing},
  year = {2022},
  pages = {5085--5109},
  publisher = {Association for Computational Linguistics},
  url = {https://aclanthology.org/2022.emnlp-main.340}
}`,
  },
  options: { schema: { type: "object", additionalProperties: false, properties: {} }, defaults: {} },
  prompts: {
    schema: {
      type: "object",
      additionalProperties: false,
      properties: {
        encoding: {
          type: "string",
          description:
            "Tk-Instruct encoding id (def, pos2, def+pos2, def+pos2+neg2, def+pos2+expl, with optional name+...) or tk_instruct (one of the five per instance, seeded).",
        },
        max_chars: {
          type: ["integer", "null"],
          minimum: 1,
          description: "Character budget for the prompt (code points): examples are left out to fit, as the collator does. Default: none.",
        },
      },
    },
    defaults: { encoding: "def+pos2", max_chars: null },
  },
  placement: "task_level",
  exampleRoot: "/data/natural-instructions",
  open: (root, _options, rule) => openSupernatural(root, rule),
};
