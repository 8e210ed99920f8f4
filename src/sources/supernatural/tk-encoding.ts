/**
 * The Tk-Instruct prompt encoding of Super-NaturalInstructions tasks, byte-identical to the source string
 * built by `DataCollatorForNI` (yizhongw/Tk-Instruct `src/ni_collator.py`, commit 7c0e400). Pure functions.
 *
 * An encoding is named by a canonical id, used as the template id in output records: the parts
 * `name`, `def`, `pos<k>`, `neg<k>`, `expl`, in that order, joined by "+" ("def+pos2", "pos2",
 * "def+pos2+neg2", "def+pos2+expl"); `none` when every part is off (the bare instance).
 */

import { lastChar, PY_PUNCTUATION, pyLen, pyStrip } from "../../core/py-str.js";
import { UserError } from "../../errors.js";
import type { Demo } from "../../types.js";

/** What the collator adds before the instance (its add_task_name, add_task_definition, num_pos/neg_examples, add_explanation). */
export interface TkEncodingSpec {
  taskName: boolean;
  definition: boolean;
  /** How many positive examples, from the first (fewer when the task has fewer). */
  positive: number;
  /** How many negative examples, from the first. */
  negative: number;
  /** Add each shown example's explanation when it has one. */
  explanation: boolean;
}

/** The task-level pieces an encoding draws on. */
export interface TkParts {
  /** The task name (file stem), shown only by `name` encodings. */
  name: string;
  /** The raw definition (Definition[0]); stripped here. */
  definition: string;
  positive: readonly Demo[];
  negative: readonly Demo[];
}

/** Our tokenizer-free analog of max_source_length: a length in code points (Python `len`). */
export interface TkBudget {
  maxChars: number;
}

/** The five encodings `tk_instruct=True` draws from, in the collator's order. */
export const TK_INSTRUCT_ENCODINGS: readonly string[] = ["def", "pos2", "def+pos2", "def+pos2+neg2", "def+pos2+expl"];

const GRAMMAR =
  'parts joined by "+" in this order, each optional: name, def, pos<k>, neg<k>, expl (k ≥ 1; expl needs pos<k> or neg<k>); "none" for no parts. Examples: def, pos2, def+pos2, def+pos2+neg2, def+pos2+expl';
const ID_PATTERN = /^(?:(name)(?:\+|$))?(?:(def)(?:\+|$))?(?:pos([1-9]\d*)(?:\+|$))?(?:neg([1-9]\d*)(?:\+|$))?(?:(expl)$)?$/;

/** Parse a canonical encoding id; a bad id fails with the grammar. */
export function parseEncodingId(id: string): TkEncodingSpec {
  if (id === "none") return { taskName: false, definition: false, positive: 0, negative: 0, explanation: false };
  const match = id === "" || id.endsWith("+") ? null : ID_PATTERN.exec(id);
  if (!match) throw new UserError("E_ARG", `Unknown Tk-Instruct encoding id "${id}". Expected ${GRAMMAR}.`);
  const spec: TkEncodingSpec = {
    taskName: match[1] !== undefined,
    definition: match[2] !== undefined,
    positive: match[3] === undefined ? 0 : Number(match[3]),
    negative: match[4] === undefined ? 0 : Number(match[4]),
    explanation: match[5] !== undefined,
  };
  checkSpec(spec, id);
  return spec;
}

/** Explanations without examples change nothing, so such a spec has no canonical id. */
function checkSpec(spec: TkEncodingSpec, shown: string): void {
  const count = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
  if (!count(spec.positive) || !count(spec.negative)) {
    throw new UserError("E_ARG", `Tk-Instruct encoding ${shown}: example counts must be whole numbers ≥ 0.`);
  }
  if (spec.explanation && spec.positive === 0 && spec.negative === 0) {
    throw new UserError("E_ARG", `Tk-Instruct encoding ${shown}: "expl" needs positive or negative examples. Expected ${GRAMMAR}.`);
  }
}

/** The prompt rule's `encoding` that draws one of TK_INSTRUCT_ENCODINGS per instance, as tk_instruct=True does. */
export const TK_INSTRUCT_MODE = "tk_instruct";

/** The collator's rule: add "." unless the text built so far ends with an ASCII punctuation character. */
function withPeriod(text: string): string {
  const last = lastChar(text);
  return last !== "" && PY_PUNCTUATION.includes(last) ? text : `${text}.`;
}

/** What introduces the instance; demonstrations placed before it do not repeat it. */
export const INSTANCE_LEAD = "Now complete the following example -\n";

/** The example itself: "Input: <input>.\nOutput: " (the period as the collator adds it). */
export function examplePiece(input: string): string {
  return `${withPeriod(`Input: ${pyStrip(input)}`)}\nOutput: `;
}

/** The definition piece: "Definition: <definition>.\n\n". */
function definitionPiece(definition: string): string {
  return `${withPeriod(`Definition: ${pyStrip(definition)}`)}\n\n`;
}

/** One demonstration block (1-based index); the explanation only when asked for and present. */
function demoPiece(kind: "Positive" | "Negative", index: number, demo: Demo, explanation: boolean): string {
  let text = `${withPeriod(` ${kind} Example ${index} -\nInput: ${pyStrip(demo.input)}`)}\n`;
  text = `${withPeriod(`${text} Output: ${pyStrip(demo.output)}`)}\n`;
  if (explanation && demo.explanation !== undefined) {
    text = `${withPeriod(`${text} Explanation: ${pyStrip(demo.explanation)}`)}\n`;
  }
  return `${text}\n`;
}

/** The encoded source, cut into its task-level part and the instance, and what the budget let in. */
export interface TkEncoded {
  /** Task name, definition and examples: everything before the instance piece. */
  task: string;
  /** INSTANCE_LEAD. */
  lead: string;
  /** examplePiece(input). */
  example: string;
  positiveShown: number;
  negativeShown: number;
  /** The finished source is longer than the budget (the collator would cut it; we report it instead). */
  overBudget: boolean;
}

/**
 * The task-level pieces of one encoding, built once per task: the task name, the definition and the
 * candidate demonstration blocks, each with its length in code points. Every piece begins and ends
 * with ASCII, so the length of any concatenation of them is the sum of their lengths.
 */
export interface PreparedTkEncoding {
  readonly name: string;
  readonly definition: string;
  readonly positives: readonly string[];
  readonly negatives: readonly string[];
  readonly lengths: { readonly name: number; readonly definition: number; readonly positives: number[]; readonly negatives: number[] };
  /** The task part for (positive, negative) demos shown, made once each. */
  readonly taskTexts: Map<number, string>;
}

export function prepareTkEncoding(parts: TkParts, spec: TkEncodingSpec): PreparedTkEncoding {
  const definition = spec.definition ? definitionPiece(parts.definition) : "";
  const positives = parts.positive.slice(0, spec.positive).map((demo, i) => demoPiece("Positive", i + 1, demo, spec.explanation));
  const negatives = parts.negative.slice(0, spec.negative).map((demo, i) => demoPiece("Negative", i + 1, demo, spec.explanation));
  const name = spec.taskName ? `${parts.name}. ` : "";
  return {
    name,
    definition,
    positives,
    negatives,
    lengths: { name: pyLen(name), definition: pyLen(definition), positives: positives.map(pyLen), negatives: negatives.map(pyLen) },
    taskTexts: new Map(),
  };
}

/**
 * Encode with details. With a budget, a demo is added only while
 * definition + accepted demos joined by " " + candidate + instance fits (the collator's check; the task
 * name is not counted); the first demo that does not fit ends that loop.
 */
export function encodeTkDetailed(parts: TkParts, input: string, spec: TkEncodingSpec, budget?: TkBudget): TkEncoded {
  return encodePrepared(prepareTkEncoding(parts, spec), input, budget);
}

/** encodeTkDetailed with the task-level pieces prepared (the instance is the only per-call work). */
export function encodePrepared(prepared: PreparedTkEncoding, input: string, budget?: TkBudget): TkEncoded {
  const example = examplePiece(input);
  const { lengths } = prepared;
  const max = budget === undefined ? Number.POSITIVE_INFINITY : budget.maxChars;
  const instance = budget === undefined ? 0 : pyLen(INSTANCE_LEAD) + pyLen(example);
  // Length of n demos joined by " ", with the candidate after them.
  let shown = lengths.definition;
  let positiveShown = 0;
  for (const length of lengths.positives) {
    if (shown + (positiveShown > 0 ? positiveShown - 1 : 0) + length + instance > max) break;
    shown += length;
    positiveShown++;
  }
  const joinedPositives = positiveShown > 0 ? positiveShown - 1 : 0;
  let negativeShown = 0;
  for (const length of lengths.negatives) {
    if (shown + joinedPositives + (negativeShown > 0 ? negativeShown - 1 : 0) + length + instance > max) break;
    shown += length;
    negativeShown++;
  }
  const key = positiveShown * (prepared.negatives.length + 1) + negativeShown;
  let task = prepared.taskTexts.get(key);
  if (task === undefined) {
    task =
      prepared.name +
      prepared.definition +
      prepared.positives.slice(0, positiveShown).join("") +
      prepared.negatives.slice(0, negativeShown).join("");
    prepared.taskTexts.set(key, task);
  }
  return {
    task,
    lead: INSTANCE_LEAD,
    example,
    positiveShown,
    negativeShown,
    overBudget: lengths.name + shown + instance > max,
  };
}
