/** The FLAN adapter's options: their schema (checked by the generic option route) and defaults. */
import type { JsonSchema } from "../contract.js";
import type { Budget, ShotRule } from "./fewshot.js";
import { OPTIONS_STYLES, type OptionsStyle } from "./options.js";
import { TEMPLATE_TYPES, type TemplateType } from "./templates.js";

export interface FlanOptions {
  /** `templates`: a template module plus rows per task; `collection`: exported, already rendered rows. */
  mode: "templates" | "collection";
  /** The template module, relative to the root. Unset: the first of templates.py, flan/v2/templates.py, flan/templates.py. */
  templates?: string;
  /**
   * More modules whose PATTERNS supply keys the main module lacks and the zs_noopt templates (v2's
   * PATTERNS_NO_OPTIONS). Unset: `flan_templates_branched.py` beside the module, when there is one.
   */
  extraTemplates?: string[];
  /**
   * Rows folder (templates mode), relative to the root or absolute: `<rows>/<task>/<split>.jsonl|.parquet`.
   * Unset: `rows`, which may be absent (then tasks have no rows); a folder given here must exist.
   */
  rows?: string;
  /** FLAN v2's chain-of-thought TSVs (`<name>_train.tsv`). Unset: `flan/v2/cot_data` or `cot_data`, if present. */
  cotData?: string;
  /** Folder of exported row files (collection mode), searched recursively. */
  collection: string;
  /** Task name → PATTERNS key when the rule (exact key, else the longest key + "_" prefix: anli_r1 → anli) is not enough. */
  taskKeys: Record<string, string>;
  /** Template types exposed per task (OPT-IML used FLAN's zero-shot templates). */
  templateTypes: TemplateType[];
  /** Keep templates that invert the task (OPT-IML dropped them). */
  includeInverted: boolean;
  /** Per PATTERNS key, the template indices that invert the task, replacing the answer-field rule. */
  invertedTemplates: Record<string, number[]>;
  /** How `{options_}` is written: FLAN's "OPTIONS:\n- a" list, the "(A) a" letter form, or v2's seeded random form. */
  optionsStyle: OptionsStyle;
  /** Shots per few-shot template: "x_shot" (template_0to10_x_shot) or "fixed" (5/2/1 for templates 0/1/2). */
  shotRule: ShotRule;
  /** Few-shot length budget (whitespace tokens by default: no T5 vocabulary offline). */
  budget: Budget;
  /** A query left without exemplars: rendered zero-shot and counted, or dropped as `no_exemplar`. */
  fallback: "zero_shot" | "drop";
  /** Task clusters: a task_splits.py or JSON file, relative to the root. Unset: flan/task_splits.py if present, else the built-in map. */
  clusters?: string;
  /** flan_collection_info.csv, relative to the root. Unset: flan/v2/flan_collection_info.csv if present. */
  collectionInfo?: string;
}

export const FLAN_DEFAULTS: FlanOptions = {
  mode: "templates",
  collection: ".",
  taskKeys: {},
  templateTypes: ["zs_opt"],
  includeInverted: false,
  invertedTemplates: {},
  optionsStyle: "deterministic",
  shotRule: "x_shot",
  budget: { unit: "tokens", max: 1920 },
  fallback: "zero_shot",
};

const path = { type: "string", minLength: 1 };

export const FLAN_OPTIONS_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    mode: { enum: ["templates", "collection"] },
    templates: path,
    extraTemplates: { type: "array", items: path },
    rows: path,
    cotData: path,
    collection: path,
    taskKeys: { type: "object", additionalProperties: { type: "string" } },
    templateTypes: { type: "array", minItems: 1, items: { enum: [...TEMPLATE_TYPES] } },
    includeInverted: { type: "boolean" },
    invertedTemplates: { type: "object", additionalProperties: { type: "array", items: { type: "integer", minimum: 0 } } },
    optionsStyle: { enum: [...OPTIONS_STYLES] },
    shotRule: { enum: ["x_shot", "fixed"] },
    budget: {
      type: "object",
      additionalProperties: false,
      required: ["unit", "max"],
      properties: { unit: { enum: ["chars", "tokens"] }, max: { type: "number", exclusiveMinimum: 0 } },
    },
    fallback: { enum: ["zero_shot", "drop"] },
    clusters: path,
    collectionInfo: path,
  },
};
