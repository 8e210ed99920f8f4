/**
 * The FLAN adapter's options: one merge point (defaults < factory options < descriptor options)
 * that validates every field and reports all problems at once.
 */
import { UserError } from "../../errors.js";
import type { Budget, ShotRule } from "./fewshot.js";
import { OPTIONS_STYLES, type OptionsStyle } from "./options.js";
import { TEMPLATE_TYPES, type TemplateType } from "./templates.js";

export interface FlanOptions {
  /** `templates`: a template module plus rows per task; `collection`: exported, already rendered rows. @default "templates" */
  mode?: "templates" | "collection";
  /** The template module, relative to the source root. @default the first of templates.py, flan/v2/templates.py, flan/templates.py */
  templates?: string;
  /** More modules whose PATTERNS supply keys the main module lacks (v2: flan/v2/flan_templates_branched.py). @default [] */
  extraTemplates?: string[];
  /** Rows folder (templates mode): `<rows>/<task>/<split>.jsonl|.parquet`. @default "rows" */
  rows?: string;
  /** Folder of exported row files (collection mode), searched recursively. @default "." */
  collection?: string;
  /** Task name → PATTERNS key when the rule (exact key, else the longest key + "_" prefix: anli_r1 → anli) is not enough. */
  taskKeys?: Record<string, string>;
  /** Template types exposed per task. @default ["zs_opt"] (OPT-IML used FLAN's zero-shot templates) */
  templateTypes?: TemplateType[];
  /** Keep templates that invert the task (OPT-IML dropped them). @default false */
  includeInverted?: boolean;
  /** Per PATTERNS key, the template indices that invert the task, replacing the answer-field rule. */
  invertedTemplates?: Record<string, number[]>;
  /** How `{options_}` is written: FLAN's "OPTIONS:\n- a" list, the "(A) a" letter form, or v2's seeded random form. @default "deterministic" */
  optionsStyle?: OptionsStyle;
  /** Shots per few-shot template: "x_shot" (template_0to10_x_shot) or "fixed" (5/2/1 for templates 0/1/2). @default "x_shot" */
  shotRule?: ShotRule;
  /** Few-shot length budget. @default { unit: "tokens", max: 1920 } (whitespace tokens: no T5 vocabulary offline) */
  budget?: Budget;
  /** A query left without exemplars: rendered zero-shot and counted, or dropped as `no_exemplar`. @default "zero_shot" */
  fallback?: "zero_shot" | "drop";
  /** Task clusters: a task_splits.py or JSON file, relative to the root. @default flan/task_splits.py if present, else the built-in map */
  clusters?: string;
  /** flan_collection_info.csv, relative to the root. @default flan/v2/flan_collection_info.csv if present */
  collectionInfo?: string;
}

export type ResolvedFlanOptions = Required<Omit<FlanOptions, "templates" | "clusters" | "collectionInfo">> &
  Pick<FlanOptions, "templates" | "clusters" | "collectionInfo">;

export const FLAN_DEFAULTS: ResolvedFlanOptions = {
  mode: "templates",
  extraTemplates: [],
  rows: "rows",
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

const isString = (v: unknown): boolean => typeof v === "string";
const isStringList = (v: unknown): boolean => Array.isArray(v) && v.every(isString);
const isRecordOf =
  (check: (v: unknown) => boolean) =>
  (v: unknown): boolean =>
    v !== null && typeof v === "object" && !Array.isArray(v) && Object.values(v).every(check);
const oneOf =
  (values: readonly string[]) =>
  (v: unknown): boolean =>
    typeof v === "string" && values.includes(v);

const CHECKS: Record<keyof FlanOptions, [(v: unknown) => boolean, string]> = {
  mode: [oneOf(["templates", "collection"]), 'one of "templates", "collection"'],
  templates: [isString, "a path"],
  extraTemplates: [isStringList, "a list of paths"],
  rows: [isString, "a path"],
  collection: [isString, "a path"],
  taskKeys: [isRecordOf(isString), "a map of task name → PATTERNS key"],
  templateTypes: [
    (v) => Array.isArray(v) && v.length > 0 && v.every(oneOf(TEMPLATE_TYPES)),
    `a non-empty list of ${TEMPLATE_TYPES.join(", ")}`,
  ],
  includeInverted: [(v) => typeof v === "boolean", "true or false"],
  invertedTemplates: [
    isRecordOf((l) => Array.isArray(l) && l.every((n) => Number.isInteger(n) && n >= 0)),
    "a map of PATTERNS key → template indices",
  ],
  optionsStyle: [oneOf(OPTIONS_STYLES), `one of ${OPTIONS_STYLES.join(", ")}`],
  shotRule: [oneOf(["x_shot", "fixed"]), 'one of "x_shot", "fixed"'],
  budget: [
    (v) =>
      isRecordOf(() => true)(v) &&
      oneOf(["chars", "tokens"])((v as Budget).unit) &&
      Number.isFinite((v as Budget).max) &&
      (v as Budget).max > 0,
    '{ unit: "chars" | "tokens", max: a positive number }',
  ],
  fallback: [oneOf(["zero_shot", "drop"]), 'one of "zero_shot", "drop"'],
  clusters: [isString, "a path"],
  collectionInfo: [isString, "a path"],
};

/** Merge and validate; throws a UserError (E_CONFIG) listing every bad or unknown option. */
export function resolveFlanOptions(...layers: (Readonly<Record<string, unknown>> | undefined)[]): ResolvedFlanOptions {
  const merged: Record<string, unknown> = { ...FLAN_DEFAULTS };
  const problems: string[] = [];
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      const check = CHECKS[key as keyof FlanOptions];
      if (check === undefined) problems.push(`unknown option "${key}". Expected one of: ${Object.keys(CHECKS).join(", ")}.`);
      else if (value !== undefined && !check[0](value)) problems.push(`option "${key}" must be ${check[1]}, got ${JSON.stringify(value)}.`);
      else if (value !== undefined) merged[key] = value;
    }
  }
  if (problems.length > 0) throw new UserError("E_CONFIG", `[adapter:flan] ${problems.join("\n")}`);
  return merged as ResolvedFlanOptions;
}
