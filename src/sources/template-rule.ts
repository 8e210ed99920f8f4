/**
 * The prompt rule of template sources (OPT-IML §4.1): training gives each instance one seeded-random
 * template, so N examples give N prompts; evaluation uses every allowed template (or one), with an
 * optional cap on prompts per task. Only original-task templates by default (OPT-IML dropped templates
 * that change the task). A source whose templates are a list per task uses this as its `prompts` rule.
 */
import { rngFor } from "../core/rng.js";
import { AdapterError } from "../errors.js";
import type { Instance, Task } from "../types.js";
import type { JsonSchema, Role, TemplateChoice } from "./contract.js";

export interface TemplateRule {
  original_only: boolean;
  train: "random_one" | "all";
  eval: "random_one" | "all";
  eval_max_prompts: number | null;
  drop_failing_eval_templates: boolean;
}

export const TEMPLATE_RULE_DEFAULTS: TemplateRule = {
  original_only: true,
  train: "random_one",
  eval: "all",
  eval_max_prompts: null,
  drop_failing_eval_templates: true,
};

export const TEMPLATE_RULE_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    original_only: { type: "boolean", description: "Use only templates that keep the original task (OPT-IML). Default true." },
    train: { enum: ["random_one", "all"], description: "Templates per training instance. Default random_one." },
    eval: { enum: ["random_one", "all"], description: "Templates per evaluation instance. Default all." },
    eval_max_prompts: {
      type: ["integer", "null"],
      minimum: 1,
      description: "At most this many prompts per evaluation task (OPT-IML validation: 250).",
    },
    drop_failing_eval_templates: {
      type: "boolean",
      description: "Drop a template from an eval task when it fails on any selected instance (OPT-IML). Default true.",
    },
  },
};

/** The templates one instance tries: every allowed one, or all of them in a seeded order until one applies. */
export function chooseByRule(task: Task, instance: Instance, role: Role, rule: TemplateRule, seed: number): TemplateChoice {
  const allowed = task.templates.filter((t) => !rule.original_only || t.originalTask).map((t) => t.id);
  if ((role === "train" ? rule.train : rule.eval) === "all") return { ids: allowed, mode: "all" };
  return { ids: rngFor(seed, "template", task.id, instance.id).shuffle(allowed), mode: "first" };
}

export function evalRulesOf(rule: TemplateRule): { dropFailingTemplates: boolean; maxPrompts: number | null } {
  return { dropFailingTemplates: rule.drop_failing_eval_templates, maxPrompts: rule.eval_max_prompts };
}

/** The one error every adapter gives for a template id its task does not have. */
export function unknownTemplate(source: string, task: Task, templateId: string): AdapterError {
  const known = task.templates.map((t) => t.id);
  return new AdapterError(
    source,
    task.provenance.file,
    `${task.id}: unknown template "${templateId}". Expected one of: ${known.length > 0 ? known.join(", ") : "(none)"}.`,
  );
}
