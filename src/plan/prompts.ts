/**
 * Which templates render an instance (OPT-IML §4.1): training gives each instance one seeded-random
 * template, so N examples give N prompts; evaluation uses every allowed template (or one), with an
 * optional cap on prompts per task. Super-NI has no templates, only the configured Tk encoding.
 */

import type { SplitConfig, TemplateRule } from "../config/split-config.js";
import { rngFor } from "../core/rng.js";
import { TK_INSTRUCT_ENCODINGS } from "../sources/supernatural/tk-encoding.js";
import type { Instance, Task } from "../types.js";

export type Role = "train" | "eval";

/** Templates a task may use under its source's rule (original-task only by default). */
export function allowedTemplateIds(task: Task, config: SplitConfig): string[] {
  if (task.source === "supernatural") return [];
  const rule = templateRule(task, config);
  return task.templates.filter((t) => !rule.original_only || t.originalTask).map((t) => t.id);
}

export function templateRule(task: Task, config: SplitConfig): TemplateRule {
  if (task.source === "supernatural") throw new Error("Super-NI tasks use encodings, not template rules");
  return config.prompts[task.source];
}

/**
 * Template ids to try for one instance, in order. For "random_one" the caller keeps the first that
 * applies (a seeded order, so a template that does not apply falls back to the next); for "all" every
 * one is rendered.
 */
export function templatesFor(task: Task, instance: Instance, role: Role, config: SplitConfig): { ids: string[]; mode: "first" | "all" } {
  if (task.source === "supernatural") {
    const encoding = config.prompts.supernatural.encoding;
    if (encoding !== "tk_instruct") return { ids: [encoding], mode: "first" };
    return { ids: [rngFor(config.seed, "encoding", task.id, instance.id).choice(TK_INSTRUCT_ENCODINGS)], mode: "first" };
  }
  const allowed = allowedTemplateIds(task, config);
  const mode = role === "train" ? templateRule(task, config).train : templateRule(task, config).eval;
  if (mode === "all") return { ids: allowed, mode: "all" };
  return { ids: rngFor(config.seed, "template", task.id, instance.id).shuffle(allowed), mode: "first" };
}
