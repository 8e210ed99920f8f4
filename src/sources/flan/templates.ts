/**
 * Template tables of a read FLAN module: zero-shot `PATTERNS` (key → [(input, target)]), few-shot
 * `FEWSHOT_PATTERNS` (key → [FewShotPattern]), the option marker candidates, FLAN's NoOpt rules and
 * iml-bench's rule for templates that invert the task.
 */
import { isStringArray } from "../../core/guards.js";
import { AdapterError } from "../../errors.js";
import { isTuple, PyInstance, type PyValue, toJson, typeName } from "../../lib/python/index.js";
import { templateFields } from "./fill.js";
import { FEW_SHOT_PATTERN_DEFAULTS, type FlanModule } from "./module.js";
import { NAME } from "./name.js";
import { type OptionCandidates, PLAIN_OPTION_CANDIDATES } from "./options.js";

export interface ZeroShotTemplate {
  input: string;
  target: string;
}

/** FLAN's FewShotPattern dataclass, every field present (defaults filled by the reader). */
export interface FewShotPattern {
  inputs: string;
  targets: string;
  inputs_prefix: string;
  targets_prefix: string;
  x_y_delimiter: string;
  example_separator: string;
  final_suffix: string;
  input_pattern: string;
  in_template_mix: boolean;
}

export type TemplateType = "zs_opt" | "zs_noopt" | "fs_opt" | "fs_noopt";
export const TEMPLATE_TYPES: readonly TemplateType[] = ["zs_opt", "zs_noopt", "fs_opt", "fs_noopt"];

function tableOf(module: FlanModule, table: string): Map<unknown, PyValue> | undefined {
  const value = module.names.get(table);
  if (value === undefined) return undefined;
  if (!(value instanceof Map))
    throw new AdapterError(NAME, module.file, `${table} is a ${typeName(value)}, expected a dict of template lists.`);
  return value;
}

/** `PATTERNS`-style table; undefined when the module does not bind it to a literal. */
export function zeroShotTable(module: FlanModule, table = "PATTERNS"): Map<string, ZeroShotTemplate[]> | undefined {
  const dict = tableOf(module, table);
  if (dict === undefined) return undefined;
  const out = new Map<string, ZeroShotTemplate[]>();
  for (const [key, list] of dict) {
    const where = `${table}[${JSON.stringify(key)}]`;
    if (!Array.isArray(list) || isTuple(list))
      throw new AdapterError(NAME, module.file, `${where} is a ${typeName(list)}, expected a list of (input, target) tuples.`);
    out.set(
      String(key),
      list.map((pair, i) => {
        const ok = isStringArray(pair) && (pair.length === 2 || pair.length === 3);
        if (!ok)
          throw new AdapterError(
            NAME,
            module.file,
            `${where}[${i}] must be an (input, target) tuple of strings, got ${JSON.stringify(toJson(pair))}.`,
          );
        return { input: pair[0] as string, target: pair[1] as string };
      }),
    );
  }
  return out;
}

/** `FEWSHOT_PATTERNS`-style table of FewShotPattern instances. */
export function fewShotTable(module: FlanModule, table = "FEWSHOT_PATTERNS"): Map<string, FewShotPattern[]> | undefined {
  const dict = tableOf(module, table);
  if (dict === undefined) return undefined;
  const out = new Map<string, FewShotPattern[]>();
  for (const [key, list] of dict) {
    const where = `${table}[${JSON.stringify(key)}]`;
    if (!Array.isArray(list))
      throw new AdapterError(NAME, module.file, `${where} is a ${typeName(list)}, expected a list of FewShotPattern.`);
    out.set(
      String(key),
      list.map((p, i) => {
        if (!(p instanceof PyInstance))
          throw new AdapterError(NAME, module.file, `${where}[${i}] is a ${typeName(p)}, expected FewShotPattern(...).`);
        return toJson(p) as FewShotPattern;
      }),
    );
  }
  return out;
}

function stringLists(value: PyValue | undefined): string[][] | undefined {
  if (!Array.isArray(value) || !value.every(isStringArray)) return undefined;
  return value as string[][];
}

/** The v2 option candidates when the module defines them, else the plain list form. */
export function optionCandidates(module: FlanModule | undefined): OptionCandidates {
  const start = module?.names.get("OPT_START_STRING_CANDIDATES");
  const itemNames = stringLists(module?.names.get("OPT_ITEM_NAME_CANDIDATES"));
  const endStrings = stringLists(module?.names.get("OPT_ITEM_END_STR_CANDIDATES"));
  const startOk = isStringArray(start) && start.length > 0;
  if (!startOk || !itemNames?.length || !endStrings?.length) return PLAIN_OPTION_CANDIDATES;
  return { start: start as string[], itemNames, endStrings };
}

function removeAll(text: string, pieces: readonly string[]): string {
  return pieces.reduce((s, piece) => s.split(piece).join(""), text);
}

/** `PATTERNS_NO_OPTIONS` (flan/v2/templates.py): these are removed from input templates, in order. */
const NO_OPTIONS_REMOVALS = ["\n\n{options_}", "\n{options_}", "{options_}", "\n\n{options_str}"] as const;
/** `FEWSHOT_PATTERNS_NO_OPTIONS`: removed from `inputs`, in order. */
const FEWSHOT_NO_OPTIONS_REMOVALS = [
  "\n\n{options_}",
  "\n{options_}",
  " | {options_}",
  " {options_}",
  " ({options_})",
  "{options_}",
  "\n\n{options_str}",
  "\n{options_str}",
] as const;

/** Options-free forms made so far, one per template object (templates are not changed once read). */
const NO_OPTIONS_TEMPLATES = new WeakMap<ZeroShotTemplate, ZeroShotTemplate>();
const NO_OPTIONS_PATTERNS = new WeakMap<FewShotPattern, FewShotPattern>();

export function noOptionsTemplate(t: ZeroShotTemplate): ZeroShotTemplate {
  let made = NO_OPTIONS_TEMPLATES.get(t);
  if (made === undefined) {
    made = { input: removeAll(t.input, NO_OPTIONS_REMOVALS), target: t.target };
    NO_OPTIONS_TEMPLATES.set(t, made);
  }
  return made;
}

export function noOptionsPattern(p: FewShotPattern): FewShotPattern {
  let made = NO_OPTIONS_PATTERNS.get(p);
  if (made === undefined) {
    made = { ...p, inputs: removeAll(p.inputs, FEWSHOT_NO_OPTIONS_REMOVALS) };
    NO_OPTIONS_PATTERNS.set(p, made);
  }
  return made;
}

/** A FewShotPattern with FLAN's defaults around a zero-shot template (for modules without FEWSHOT_PATTERNS). */
export function defaultPattern(t: ZeroShotTemplate): FewShotPattern {
  return { inputs: t.input, targets: t.target, ...FEW_SHOT_PATTERN_DEFAULTS };
}

/**
 * Templates that invert the task (rte's "Generate a context and a hypothesis."). Rule: the task's
 * answer fields are the fields of template 0's target; a template whose target uses none of them
 * asks for something else and is inverted. `override` (template indices) replaces the rule.
 */
export function invertedIndices(templates: readonly ZeroShotTemplate[], override?: readonly number[]): Set<number> {
  if (override !== undefined) return new Set(override);
  const answerFields = new Set(templateFields(templates[0]?.target ?? ""));
  const out = new Set<number>();
  if (answerFields.size === 0) return out;
  templates.forEach((t, i) => {
    if (!templateFields(t.target).some((f) => answerFields.has(f))) out.add(i);
  });
  return out;
}
