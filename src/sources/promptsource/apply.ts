/**
 * PromptSource's `Template.apply()` (bigscience-workshop/promptsource `promptsource/templates.py`),
 * reproduced on our Jinja engine, with every outcome that upstream would crash or silently mis-split on
 * turned into a counted skip reason:
 *
 * 1. a row with an `answer_choices` field is refused (`restricted_field`), as upstream raises;
 * 2. `"|||"` in top-level string fields is replaced by a protector token (nested values are not);
 * 3. the answer-choices expression is rendered untruncated, split on `"|||"`, each part stripped, then unescaped;
 * 4. with truncation on, every `"}}"` in the template source becomes `" | string | truncate(N) }}"`;
 * 5. the output is split on `"|||"`, each part unescaped, then stripped (Python whitespace);
 * 6. exactly two parts with a non-empty prompt and target apply; anything else is a skip.
 */

import { pyStrip } from "../../core/py-str.js";
import type { Rng } from "../../core/rng.js";
import { type CompiledTemplate, JinjaError } from "../../lib/jinja/index.js";
import type { Skipped } from "../contract.js";
import { PROMPTSOURCE_ENVIRONMENT } from "./jinja-environment.js";

/** PromptSource's `TEXT_VAR_LENGTH`. */
export const DEFAULT_TRUNCATE = 2048;
export const PIPE_PROTECTOR = "3ed2dface8203c4c9dfb1a5dc58e41e0";
const SEPARATOR = "|||";

/** Skip reasons apply() can give, counted in the manifest. */
const SKIP_REASONS = [
  "restricted_field",
  "template_not_applicable",
  "wrong_part_count",
  "empty_prompt",
  "empty_target",
  "template_error",
  "template_limit",
] as const;
type SkipReason = (typeof SKIP_REASONS)[number];

/** What apply() gives for one row: the prompt, the target and the answer choices, or a skip reason. */
export type ApplyResult = { ok: true; prompt: string; completion: string; references: string[]; choices?: string[] } | Skipped;

/** What apply() needs of a template. */
export interface ApplicableTemplate {
  id: string;
  jinja: string;
  answerChoices: string | null;
}

/** Resource limits for one render (defaults are the engine's). */
export interface ApplyLimits {
  maxSteps?: number;
  maxOutputChars?: number;
  maxDepth?: number;
}

export interface PreparedOptions {
  /** Characters kept per printed expression; 0 turns truncation off. @default 2048 (PromptSource's TEXT_VAR_LENGTH) */
  truncate?: number;
}

/** A template compiled once for many rows. A syntax error is kept and reported on every row, as upstream raises per call. */
export interface PreparedTemplate {
  id: string;
  body: CompiledTemplate | Error;
  choices: CompiledTemplate | Error | null;
}

export function prepareTemplate(template: ApplicableTemplate, options: PreparedOptions = {}): PreparedTemplate {
  const truncate = options.truncate ?? DEFAULT_TRUNCATE;
  if (!Number.isInteger(truncate) || truncate < 0) throw new RangeError(`truncate must be a non-negative integer, got ${truncate}`);
  const source = truncate > 0 ? template.jinja.replaceAll("}}", ` | string | truncate(${truncate}) }}`) : template.jinja;
  return {
    id: template.id,
    body: compileOrError(source, template.id),
    choices: template.answerChoices === null ? null : compileOrError(template.answerChoices, `${template.id} (answer_choices)`),
  };
}

/** The answer choices for a row (null when the template has none), as `get_answer_choices_list`. Throws JinjaError. */
function answerChoicesFor(
  prepared: PreparedTemplate,
  protectedRow: Record<string, unknown>,
  options: ApplyLimits & { rng: Rng },
): string[] | null {
  if (prepared.choices === null) return null;
  if (prepared.choices instanceof Error) throw prepared.choices;
  const text = prepared.choices.render(protectedRow, options);
  return text.split(SEPARATOR).map((part) => unprotect(pyStrip(part)));
}

/** Apply one template to one row: the prompt, the target and the answer choices, or a skip reason. */
export function applyTemplate(prepared: PreparedTemplate, row: Record<string, unknown>, rng: Rng, limits: ApplyLimits = {}): ApplyResult {
  if (Object.hasOwn(row, "answer_choices")) {
    return {
      ok: false,
      reason: "restricted_field",
      detail: `template ${prepared.id}: the row has a field named answer_choices, which PromptSource reserves`,
    };
  }
  let parts: string[];
  let choices: string[] | null;
  try {
    if (prepared.body instanceof Error) throw prepared.body;
    const context = protectRow(row);
    const options = { rng, ...limits };
    choices = answerChoicesFor(prepared, context, options);
    // The row is our copy, rendered already for the choices: it takes answer_choices for the body.
    context.answer_choices = choices;
    const text = prepared.body.render(context, options);
    parts = text.split(SEPARATOR).map((part) => pyStrip(unprotect(part)));
  } catch (error) {
    return renderFailure(prepared.id, error);
  }
  return classifyParts(prepared.id, parts, choices);
}

function classifyParts(id: string, parts: readonly string[], choices: string[] | null): ApplyResult {
  const [prompt = "", target = ""] = parts;
  if (parts.length === 1 && prompt === "")
    return { ok: false, reason: "template_not_applicable", detail: `template ${id} rendered nothing for this row` };
  if (parts.length !== 2)
    return { ok: false, reason: "wrong_part_count", detail: `template ${id} rendered ${parts.length} parts separated by |||; expected 2` };
  if (target === "") return { ok: false, reason: "empty_target", detail: `template ${id} rendered an empty target` };
  if (prompt === "") return { ok: false, reason: "empty_prompt", detail: `template ${id} rendered an empty prompt` };
  const rendered: ApplyResult = { ok: true, prompt, completion: target, references: [target] };
  if (choices !== null) rendered.choices = choices;
  return rendered;
}

function renderFailure(id: string, error: unknown): ApplyResult {
  const message = error instanceof Error ? error.message : String(error);
  const reason: SkipReason = error instanceof JinjaError && error.kind === "limit" ? "template_limit" : "template_error";
  return { ok: false, reason, detail: `template ${id}: ${message}` };
}

/** Top-level string fields with `"|||"` replaced; nested values untouched, as upstream `_escape_pipe`. A new object. */
export function protectRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) {
    const value = row[key];
    const text = typeof value === "string" && value.includes(SEPARATOR) ? value.replaceAll(SEPARATOR, PIPE_PROTECTOR) : value;
    // A row field named "__proto__" stays an ordinary field (assigning it would set the prototype).
    if (key === "__proto__") Object.defineProperty(out, key, { value: text, enumerable: true, writable: true, configurable: true });
    else out[key] = text;
  }
  return out;
}

function unprotect(text: string): string {
  return text.includes(PIPE_PROTECTOR) ? text.replaceAll(PIPE_PROTECTOR, SEPARATOR) : text;
}

/** Any compile failure (not only JinjaSyntaxError) is kept: templates are third-party data and must not crash a build. */
function compileOrError(source: string, name: string): CompiledTemplate | Error {
  try {
    return PROMPTSOURCE_ENVIRONMENT.compile(source, name);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
