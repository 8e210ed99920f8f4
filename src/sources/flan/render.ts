/**
 * Render one FLAN row with one template of one type (zs_opt, zs_noopt, fs_opt, fs_noopt).
 * `{options_}` is built from the row's `options` unless the row already has `options_`; few-shot
 * exemplars come from the caller's pool (same task, train split, never the target row).
 */

import { pyStrip } from "../../core/py-str.js";
import type { Rng } from "../../core/rng.js";
import { pyStr } from "../../lib/python/index.js";
import { assembleFewShot, type Budget, type Exemplar, pickDistinct, pruneToBudget, type ShotRule, shotCount } from "./fewshot.js";
import { fillTemplate, MissingFieldError } from "./fill.js";
import { formatOptions, formatOptionsRandom, type OptionCandidates, type OptionsStyle } from "./options.js";
import { type FewShotPattern, noOptionsPattern, noOptionsTemplate, type TemplateType, type ZeroShotTemplate } from "./templates.js";

type Row = Readonly<Record<string, unknown>>;

export interface FlanTemplateSet {
  /** The PATTERNS key. */
  key: string;
  zeroShot: readonly ZeroShotTemplate[];
  /**
   * The templates zs_noopt strips options from, when they differ from `zeroShot`: FLAN v2 builds
   * PATTERNS_NO_OPTIONS from PATTERNS updated with flan_templates_branched.PATTERNS.
   */
  noOptions?: readonly ZeroShotTemplate[];
  /** FEWSHOT_PATTERNS[key], or default patterns around the zero-shot templates. */
  fewShot: readonly FewShotPattern[];
  candidates: OptionCandidates;
}

export interface FlanRenderOptions {
  optionsStyle: OptionsStyle;
  shotRule: ShotRule;
  budget: Budget;
  /** What to do when no exemplar fits: render zero-shot (counted) or drop. */
  fallback: "zero_shot" | "drop";
}

export type FlanRendered =
  | { ok: true; input: string; target: string; choices?: string[]; fellBackToZeroShot?: true }
  | { ok: false; reason: string; detail: string };

export interface RenderRequest {
  set: FlanTemplateSet;
  index: number;
  type: TemplateType;
  row: Row;
  /** Candidate exemplar rows (few-shot types only) and the target test that keeps the target out. */
  pool?: { rows: readonly Row[]; exclude: (row: Row) => boolean };
}

/** Add `options_` / `options_str` as FLAN's preprocessors do; the random style may rewrite `answer`. */
function prepareRow(
  row: Row,
  style: OptionsStyle,
  candidates: OptionCandidates,
  rng: Rng,
): { fields: Record<string, unknown>; choices?: string[] } {
  const fields: Record<string, unknown> = { ...row };
  const options = row.options;
  if (!Array.isArray(options)) return { fields };
  const texts = options.map((o) => pyStr(o));
  if (!Object.hasOwn(row, "options_str")) fields.options_str = formatOptions(texts, "deterministic");
  if (Object.hasOwn(row, "options_")) return { fields, choices: texts };
  if (style !== "random") {
    fields.options_ = formatOptions(texts, style);
    return { fields, choices: texts };
  }
  const random = formatOptionsRandom(texts, row.answer, candidates, rng);
  fields.options_ = random.text;
  if (Object.hasOwn(row, "answer")) fields.answer = random.answer;
  return { fields, choices: random.choices };
}

export function renderFlan(req: RenderRequest, options: FlanRenderOptions, rng: Rng): FlanRendered {
  const id = `${req.set.key}:${req.index}:${req.type}`;
  try {
    return req.type.startsWith("zs") ? renderZeroShot(req, options, rng) : renderFewShot(req, options, rng);
  } catch (error) {
    if (!(error instanceof MissingFieldError)) throw error;
    return { ok: false, reason: "missing_field", detail: `template ${id}: ${error.message}` };
  }
}

function renderZeroShot(req: RenderRequest, options: FlanRenderOptions, rng: Rng): FlanRendered {
  const list = zeroShotList(req.set, req.type);
  const template = list[req.index];
  if (template === undefined) return notApplicable(req, `the task has ${list.length} zero-shot templates`);
  const used = req.type.endsWith("noopt") ? noOptionsTemplate(template) : template;
  const { fields, choices } = prepareRow(req.row, options.optionsStyle, req.set.candidates, rng);
  const input = fillTemplate(used.input, fields);
  const target = fillTemplate(used.target, fields);
  return choices && req.type === "zs_opt" ? { ok: true, input, target, choices } : { ok: true, input, target };
}

/** The zero-shot templates a type renders from (zs_noopt: the no-options base). */
export function zeroShotList(set: FlanTemplateSet, type: TemplateType): readonly ZeroShotTemplate[] {
  return type === "zs_noopt" ? (set.noOptions ?? set.zeroShot) : set.zeroShot;
}

function notApplicable(req: RenderRequest, why: string): FlanRendered {
  return { ok: false, reason: "template_not_applicable", detail: `template ${req.set.key}:${req.index}:${req.type}: ${why}` };
}

function renderFewShot(req: RenderRequest, options: FlanRenderOptions, rng: Rng): FlanRendered {
  const base = req.set.fewShot[req.index];
  if (base === undefined) return notApplicable(req, `the task has ${req.set.fewShot.length} few-shot patterns`);
  const pattern = req.type === "fs_noopt" ? noOptionsPattern(base) : base;
  const query = prepareRow(req.row, options.optionsStyle, req.set.candidates, rng);
  const queryInputs = fillTemplate(pattern.inputs, query.fields);
  const target = fillTemplate(pattern.targets, query.fields);
  const k = shotCount(options.shotRule, req.index, req.set.fewShot.length, rng);
  const exemplars = pickDistinct(req.pool?.rows ?? [], k, rng, req.pool?.exclude).map((row) =>
    exemplar(row, pattern, options, req.set.candidates, rng),
  );
  const kept = pruneToBudget(exemplars, queryInputs, options.budget);
  if (kept.length === 0)
    return fallBack(
      req,
      options,
      rng,
      exemplars.length === 0 ? "no training row to draw exemplars from" : "no exemplar fits the length budget",
    );
  const input = assembleFewShot(pattern, queryInputs, kept, query.fields);
  return query.choices && req.type === "fs_opt" ? { ok: true, input, target, choices: query.choices } : { ok: true, input, target };
}

function exemplar(row: Row, pattern: FewShotPattern, options: FlanRenderOptions, candidates: OptionCandidates, rng: Rng): Exemplar {
  const { fields } = prepareRow(row, options.optionsStyle, candidates, rng);
  const targets = fillTemplate(pattern.targets, fields);
  // template_0to10_x_shot strips exemplar targets.
  return { pattern, inputs: fillTemplate(pattern.inputs, fields), targets: options.shotRule === "x_shot" ? pyStrip(targets) : targets };
}

function fallBack(req: RenderRequest, options: FlanRenderOptions, rng: Rng, why: string): FlanRendered {
  if (options.fallback === "drop")
    return { ok: false, reason: "no_exemplar", detail: `template ${req.set.key}:${req.index}:${req.type}: ${why}` };
  const zeroShotType = req.type === "fs_opt" ? "zs_opt" : "zs_noopt";
  const rendered = renderZeroShot({ ...req, type: zeroShotType }, options, rng);
  return rendered.ok ? { ...rendered, fellBackToZeroShot: true } : rendered;
}
