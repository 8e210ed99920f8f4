/**
 * One Super-NaturalInstructions task file (allenai/natural-instructions `tasks/<name>.json`) checked and
 * normalised into plain fields. Pure: text in, fields out.
 *
 * Which fields the build needs decides what an unusable value does (README.md, "Fields"):
 * - Needed (an encoding shows it, or records carry it): `Definition[0]`, each Positive/Negative
 *   Example's `input` and `output`, each instance's `id`, `input` and `output`, and `Instances` itself.
 *   An unusable value there (null, a bare NaN read as null, a wrong type) fails with every problem
 *   found, each with its JSON pointer and what was expected. The shapes older revisions wrote (a string
 *   `Definition`, a string `output`, no instance ids, no example lists) are normalised and noted.
 * - Not needed for rendering: the metadata lists (`Contributors`, `URL`, `Reasoning`, `Domains`, the
 *   three language lists, `Instance License`), `Source` and `Categories` (which have their own fallbacks:
 *   the task name as dataset, an unmapped category), an example's optional `explanation`, the entries of
 *   `Definition` after the first, and keys the schema does not have. An unusable value there is dropped
 *   and noted: never an error.
 * Every note is an Issue with a `kind`; repeats of one kind in one field are folded into one note with
 * their `count`.
 */

import { isRecord } from "../../core/guards.js";
import { parsePyJson } from "../../core/py-json.js";
import { AdapterError, UserError } from "../../errors.js";
import type { Demo, Instance, Issue } from "../../types.js";
import { NAME as ADAPTER } from "./name.js";

/** The task-level string-array keys, as in the upstream README "Task schema". */
const LIST_KEYS = [
  "Contributors",
  "Source",
  "URL",
  "Categories",
  "Reasoning",
  "Domains",
  "Input_language",
  "Output_language",
  "Instruction_language",
  "Instance License",
] as const;
type ListKey = (typeof LIST_KEYS)[number];

const OTHER_KEYS = ["Definition", "Positive Examples", "Negative Examples", "Instances"] as const;
const KNOWN_KEYS: ReadonlySet<string> = new Set([...LIST_KEYS, ...OTHER_KEYS]);

export interface SuperNiFields {
  lists: Record<ListKey, string[]>;
  /** Definition[0], verbatim. */
  definition: string;
  positive: Demo[];
  negative: Demo[];
  instances: Instance[];
}

type Json = Record<string, unknown>;

/** Collects problems (fatal) and notes (kept as Issues) for one file. */
class Checker {
  readonly problems: { pointer: string; message: string }[] = [];
  readonly notes: Map<string, { kind: string; pointer: string; message: string; count: number }> = new Map();
  fail(pointer: string, expected: string, got: unknown): void {
    this.problems.push({ pointer, message: `expected ${expected}, got ${describe(got)}` });
  }
  /** A note of `kind`; repeats in one top-level field (one per instance, say) are counted under their first pointer. */
  note(kind: string, pointer: string, message: string): void {
    const key = `${kind}:${pointer.split("/")[1] ?? ""}`;
    const seen = this.notes.get(key);
    if (seen) seen.count++;
    else this.notes.set(key, { kind, pointer, message, count: 1 });
  }
  /** A value of a field the build does not need, dropped. */
  drop(pointer: string, expected: string, got: unknown, replacement: string): void {
    this.note("unusable_value", pointer, `expected ${expected}, got ${describe(got)}; ${replacement} (the build does not need it)`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (the key is missing)";
  if (value === null) return "null (or a bare NaN)";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `a string (${JSON.stringify(value.slice(0, 40))})`;
  return `a ${typeof value}`;
}

/** A metadata list: never fatal. A string is wrapped, anything else unusable becomes [] or loses its bad entries. */
function readList(raw: Json, key: ListKey, check: Checker): string[] {
  const value = raw[key];
  if (value === undefined) {
    check.note("missing_field", `/${key}`, `"${key}" is missing (an older revision); treated as []`);
    return [];
  }
  if (typeof value === "string") {
    check.note("string_for_list", `/${key}`, `"${key}" is a string, not a list; wrapped as [value]`);
    return [value];
  }
  if (!Array.isArray(value)) {
    check.drop(`/${key}`, "a list of strings", value, "treated as []");
    return [];
  }
  const out: string[] = [];
  value.forEach((entry: unknown, i) => {
    if (typeof entry === "string") out.push(entry);
    else check.drop(`/${key}/${i}`, "a string", entry, "entry removed");
  });
  return out;
}

function readDefinition(raw: Json, check: Checker): string {
  const value = raw.Definition;
  if (typeof value === "string") {
    check.note("string_for_list", "/Definition", `"Definition" is a string (an older revision); used as Definition[0]`);
    return value;
  }
  if (!Array.isArray(value) || value.length === 0) {
    check.fail("/Definition", "a non-empty list of strings", value);
    return "";
  }
  if (typeof value[0] !== "string") {
    check.fail("/Definition/0", "a string", value[0]);
    return "";
  }
  if (value.length > 1)
    check.note("unused_entries", "/Definition", `"Definition" has ${value.length} entries; Tk-Instruct uses only the first`);
  return value[0];
}

function readDemos(raw: Json, key: "Positive Examples" | "Negative Examples", check: Checker): Demo[] {
  const value = raw[key];
  if (value === undefined) {
    check.note("missing_field", `/${key}`, `"${key}" is missing; treated as []`);
    return [];
  }
  if (!Array.isArray(value)) {
    check.fail(`/${key}`, "a list of {input, output, explanation} objects", value);
    return [];
  }
  const demos: Demo[] = [];
  value.forEach((item: unknown, i) => {
    const at = `/${key}/${i}`;
    if (!isRecord(item)) return check.fail(at, "an object with input, output and explanation", item);
    const { input, output, explanation } = item;
    if (typeof input !== "string") check.fail(`${at}/input`, "a string", input);
    if (typeof output !== "string") check.fail(`${at}/output`, "a string", output);
    if (explanation !== undefined && typeof explanation !== "string")
      check.drop(`${at}/explanation`, "a string", explanation, "the example is shown without an explanation");
    if (typeof input === "string" && typeof output === "string") {
      demos.push(typeof explanation === "string" ? { input, output, explanation } : { input, output });
    }
  });
  return demos;
}

function readOutputs(value: unknown, at: string, check: Checker): string[] | undefined {
  if (typeof value === "string") {
    check.note("string_for_list", at, "instance output is a string (an older revision); wrapped as [output]");
    return [value];
  }
  if (!Array.isArray(value)) return void check.fail(at, "a list of strings", value);
  const outputs: string[] = [];
  value.forEach((x: unknown, j) => {
    if (typeof x === "string") outputs.push(x);
    else if (x === null) check.note("null_output", `${at}/${j}`, "null (or NaN) reference output removed");
    else check.fail(`${at}/${j}`, "a string", x);
  });
  return outputs;
}

function noInstances(check: Checker): void {
  check.note("no_instances", "/Instances", "the task has no instances (Instances is []); the build drops it");
}

function readInstances(raw: Json, name: string, check: Checker): Instance[] {
  const value = raw.Instances;
  if (!Array.isArray(value)) {
    check.fail("/Instances", "a list of {id, input, output} objects", value);
    return [];
  }
  if (value.length === 0) noInstances(check);
  const instances: Instance[] = [];
  const seen = new Set<string>();
  value.forEach((item: unknown, i) => {
    const at = `/Instances/${i}`;
    if (!isRecord(item)) return check.fail(at, "an object with id, input and output", item);
    let id = item.id;
    if (id === undefined) {
      id = `${name}-${i}`;
      check.note("missing_instance_id", `${at}/id`, `instance has no id (an older revision); named <task>-<index>`);
    } else if (typeof id !== "string") return check.fail(`${at}/id`, "a string", id);
    if (seen.has(id as string)) {
      check.note("duplicate_instance_id", `${at}/id`, `duplicate instance id ${JSON.stringify(id)}; renamed <id>-<index>`);
      id = `${id as string}-${i}`;
    }
    seen.add(id as string);
    const input = item.input;
    if (typeof input !== "string") check.fail(`${at}/input`, "a string", input);
    const outputs = readOutputs(item.output, `${at}/output`, check);
    if (typeof input === "string" && outputs) instances.push({ id: id as string, input, outputs });
  });
  return instances;
}

/** Parse and check one task file's text. Notes go to `issues`; problems throw an AdapterError listing all of them. */
export function parseSuperNiTask(text: string, file: string, name: string, issues: Issue[]): SuperNiFields {
  const { raw, nonFinite } = parseObject(text, file);
  const check = new Checker();
  const head = readHead(raw, check);
  const fields: SuperNiFields = { ...head, instances: readInstances(raw, name, check) };
  checkKeys(raw, check);
  finish(file, check, nonFinite, issues);
  return fields;
}

/** The fields of a task file without its instances. */
export type SuperNiHead = Omit<SuperNiFields, "instances">;

/**
 * The same checks as `parseSuperNiTask`, on a task file's text whose `Instances` array was left out
 * (replaced by `[]`; it had `instanceCount` elements): every field but the instances is read and checked
 * alike, with the same notes. Returns undefined when anything is wrong (the text does not parse, a field
 * is unusable), so that the caller reads the whole file and fails with every problem of it, as a load does.
 */
export function parseSuperNiHead(text: string, file: string, instanceCount: number, issues: Issue[]): SuperNiHead | undefined {
  let parsed: { raw: Json; nonFinite: number };
  try {
    parsed = parseObject(text, file);
  } catch {
    return undefined;
  }
  const { raw, nonFinite } = parsed;
  if (!Array.isArray(raw.Instances) || raw.Instances.length > 0) return undefined;
  const check = new Checker();
  const head = readHead(raw, check);
  if (instanceCount === 0) noInstances(check);
  checkKeys(raw, check);
  if (check.problems.length > 0) return undefined;
  finish(file, check, nonFinite, issues);
  return head;
}

function parseObject(text: string, file: string): { raw: Json; nonFinite: number } {
  let parsed: { value: unknown; nonFinite: number };
  try {
    parsed = parsePyJson(text, file);
  } catch (error) {
    const message = error instanceof UserError ? error.message.replace(`${file}: `, "") : String(error);
    throw new AdapterError(ADAPTER, file, message, { cause: error });
  }
  const raw = parsed.value;
  if (!isRecord(raw))
    throw new AdapterError(ADAPTER, file, `expected a JSON object (a Super-NI task), got ${describe(raw)}.`, { pointer: "/" });
  return { raw, nonFinite: parsed.nonFinite };
}

function readHead(raw: Json, check: Checker): SuperNiHead {
  const lists = Object.fromEntries(LIST_KEYS.map((key) => [key, readList(raw, key, check)])) as Record<ListKey, string[]>;
  return {
    lists,
    definition: readDefinition(raw, check),
    positive: readDemos(raw, "Positive Examples", check),
    negative: readDemos(raw, "Negative Examples", check),
  };
}

function checkKeys(raw: Json, check: Checker): void {
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key))
      check.note(
        "unknown_field",
        `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`,
        `"${key}" is not in the Super-NI task schema; ignored`,
      );
  }
}

/** Fail with every problem found, or report the notes. */
function finish(file: string, check: Checker, nonFinite: number, issues: Issue[]): void {
  if (check.problems.length > 0) throw problemsError(file, check.problems);
  if (nonFinite > 0) {
    issues.push({
      file,
      kind: "non_finite_number",
      count: nonFinite,
      message: `${nonFinite} bare NaN/Infinity token(s) (Python json) read as null`,
    });
  }
  for (const n of check.notes.values()) {
    issues.push({
      file,
      pointer: n.pointer,
      kind: n.kind,
      count: n.count,
      message: n.count > 1 ? `${n.message} (${n.count} times; first here)` : n.message,
    });
  }
}

function problemsError(file: string, problems: readonly { pointer: string; message: string }[]): AdapterError {
  const first = problems[0] as { pointer: string; message: string };
  const shown = problems.slice(0, 10).map((p) => `  ${p.pointer}: ${p.message}`);
  if (problems.length > 10) shown.push(`  … and ${problems.length - 10} more`);
  const message =
    problems.length === 1
      ? `${first.message}. Fix the file to match the Super-NI task schema (allenai/natural-instructions README), or leave the task out.`
      : `${problems.length} fields do not match the Super-NI task schema (allenai/natural-instructions README); fix the file or leave the task out:\n${shown.join("\n")}`;
  return new AdapterError(ADAPTER, file, message, { pointer: first.pointer });
}
