/** Super-NaturalInstructions: task files with task-level instructions, rendered with Tk-Instruct's encodings. */
import type { SourceDefinition } from "../contract.js";
import { openSupernatural, type SupernaturalRule, UPSTREAM } from "./adapter.js";
import { NAME } from "./name.js";

export const supernatural: SourceDefinition<Record<string, never>, SupernaturalRule> = {
  name: NAME,
  upstream: `https://github.com/${UPSTREAM}`,
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
