/**
 * Super-NaturalInstructions in its native layout (the root of an allenai/natural-instructions checkout):
 * one task per `tasks/<name>.json`, rendered with the Tk-Instruct encodings (tk-encoding.ts).
 *
 * - `dataset` is the first `Source` entry, trimmed and lower-cased (the upstream names are already
 *   lower-case ids such as "squad1.1"); `datasetIds` gives all of them. A task without `Source` uses its name.
 * - `sourceCategories` is `Categories`; `instruction` is `Definition[0]` verbatim.
 * - Templates are the encodings the prompt rule allows: its `encoding`, or with "tk_instruct" the five
 *   encodings of Tk-Instruct's tk_instruct mode, one drawn per instance from a seeded stream.
 * - A prompt's parts: the task-level text (name, definition, examples) is the instruction, so
 *   demonstrations go after it and before "Now complete the following example -".
 */
import { existsSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { posixRelative } from "../../core/paths.js";
import { byCodeUnit } from "../../core/py-str.js";
import { type Rng, rngFor } from "../../core/rng.js";
import type { ReadBuffer } from "../../core/scratch.js";
import { checkUtf8, readFileInto, readTextBytes, readTextBytesTransient, TextFileError, utf8Text } from "../../core/text-file.js";
import { AdapterError, isUserError } from "../../errors.js";
import type { Instance, Issue, Task, TaskRef, TemplateInfo } from "../../types.js";
import { hashBytes } from "../../write/hash.js";
import type { LoadOptions, Rendered, SourceAdapter, SourceRoot, TaskLists, TaskSummary } from "../contract.js";
import { unknownTemplate } from "../template-rule.js";
import { type BufferLease, indexInstances } from "./instance-index.js";
import { NAME } from "./name.js";
import { findInstances } from "./skim.js";
import { parseSuperNiHead, parseSuperNiTask, type SuperNiFields, type SuperNiHead } from "./task-file.js";
import { readSuperNiSplit } from "./task-lists.js";
import {
  encodePrepared,
  type PreparedTkEncoding,
  parseEncodingId,
  prepareTkEncoding,
  TK_INSTRUCT_ENCODINGS,
  TK_INSTRUCT_MODE,
  type TkBudget,
  type TkEncodingSpec,
} from "./tk-encoding.js";

export const UPSTREAM = "allenai/natural-instructions";

/** The split config's `prompts.supernatural`: which Tk-Instruct encoding, and a length budget. */
export interface SupernaturalRule {
  /** An encoding id (see tk-encoding.ts), or "tk_instruct": one of the five, drawn per instance (seeded). */
  encoding: string;
  /** Budget in code points, our tokenizer-free analog of max_source_length (null: none). */
  max_chars: number | null;
}

/** Dataset ids of a raw task: its `Source` entries, trimmed and lower-cased. */
export function datasetIds(raw: { Source?: unknown }): string[] {
  const sources = Array.isArray(raw.Source) ? raw.Source : typeof raw.Source === "string" ? [raw.Source] : [];
  return sources
    .filter((s): s is string => typeof s === "string")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
}

/** A readable name for an encoding, e.g. "definition + 2 positive examples + explanations". */
function describeEncoding(spec: TkEncodingSpec): string {
  const parts: string[] = [];
  if (spec.taskName) parts.push("task name");
  if (spec.definition) parts.push("definition");
  if (spec.positive > 0) parts.push(`${spec.positive} positive example${spec.positive > 1 ? "s" : ""}`);
  if (spec.negative > 0) parts.push(`${spec.negative} negative example${spec.negative > 1 ? "s" : ""}`);
  if (spec.explanation) parts.push("explanations");
  return parts.length === 0 ? "input only" : parts.join(" + ");
}

/** The templates a rule allows, each described; a bad encoding id is a config error. */
function templatesOf(rule: SupernaturalRule, root: SourceRoot): TemplateInfo[] {
  const ids = rule.encoding === TK_INSTRUCT_MODE ? TK_INSTRUCT_ENCODINGS : [rule.encoding];
  try {
    return ids.map((id) => ({ id, name: describeEncoding(parseEncodingId(id)), originalTask: true }));
  } catch (error) {
    if (!isUserError(error)) throw error;
    throw new AdapterError(NAME, root.file, `prompts.supernatural.encoding: ${error.message}`, { code: "E_CONFIG", cause: error });
  }
}

async function listTasks(root: SourceRoot): Promise<TaskRef[]> {
  const dir = path.join(root.path, "tasks");
  if (!existsSync(dir)) {
    throw new AdapterError(
      NAME,
      root.file,
      `no tasks/ folder under ${root.path}. The path must be the root of a natural-instructions checkout (with tasks/*.json and splits/).`,
    );
  }
  const files = await fg("*.json", { cwd: dir, onlyFiles: true });
  return files.map((f) => ({ name: f.slice(0, -".json".length), files: [path.join(dir, f)] })).sort((a, b) => byCodeUnit(a.name, b.name));
}

function fileOf(ref: TaskRef): string {
  const file = ref.files[0];
  if (file === undefined) throw new AdapterError(NAME, ref.name, "the task ref names no file.");
  return file;
}

/** A failed read of a task file, as an AdapterError naming it. */
function readError(file: string, error: unknown): AdapterError {
  if (error instanceof TextFileError) return new AdapterError(NAME, file, error.detail, { cause: error });
  const code = (error as NodeJS.ErrnoException).code;
  return new AdapterError(NAME, file, `cannot read the task file (${code ?? String(error)})`, { cause: error });
}

/** A task file's bytes in this thread's reusable buffer (`readTextBytesTransient`): kept only until the next read. */
function readTaskBytesTransient(file: string): Buffer {
  try {
    return readTextBytesTransient(file);
  } catch (error) {
    throw readError(file, error);
  }
}

/** A task file's bytes: into the caller's buffer when it gives one (`LoadOptions.into`). */
async function readTaskBytes(file: string, into: ReadBuffer | undefined): Promise<Buffer> {
  return (into ? readFileInto(file, into) : readTextBytes(file)).catch((error: unknown) => {
    throw readError(file, error);
  });
}

/** A text-file check of a task file, its failure an AdapterError naming the file. */
function checked<T>(file: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof TextFileError) throw new AdapterError(NAME, file, error.detail, { cause: error });
    throw error;
  }
}

function decodeTask(bytes: Uint8Array, file: string): string {
  return checked(file, () => utf8Text(bytes, file));
}

/** Where a task file's text starts (after a byte-order mark), its bytes checked as UTF-8. */
function utf8Start(bytes: Uint8Array, file: string): number {
  return checked(file, () => checkUtf8(bytes, file));
}

/** The dataset id: the first `Source` entry, or (noted) the task name. */
function datasetOf(lists: SuperNiHead["lists"], ref: TaskRef, file: string, issues: Issue[]): string {
  const dataset = datasetIds({ Source: lists.Source })[0];
  if (dataset !== undefined) return dataset;
  issues.push({ file, pointer: "/Source", kind: "no_source", message: `no Source entry; dataset set to the task name "${ref.name}"` });
  return ref.name.toLowerCase();
}

/**
 * A task file read in place when it is the plain case (instance-index.ts): its instances indexed, the text
 * around them parsed and checked as a full parse checks it. Undefined otherwise, and nothing noted.
 */
function skimTaskFile(bytes: Buffer, file: string, issues: Issue[], lease?: BufferLease): SuperNiFields | undefined {
  const start = utf8Start(bytes, file);
  const indexed = indexInstances(bytes, start, lease);
  if (indexed === undefined) return undefined;
  const found: Issue[] = [];
  const text = `${bytes.toString("utf8", start, indexed.start)}[]${bytes.toString("utf8", indexed.end)}`;
  const head = parseSuperNiHead(text, file, indexed.read.length, found);
  if (head === undefined) return undefined;
  issues.push(...found);
  return { ...head, instances: indexed.read };
}

async function loadTask(ref: TaskRef, root: SourceRoot, issues: Issue[], templates: TemplateInfo[], options?: LoadOptions): Promise<Task> {
  const file = fileOf(ref);
  const bytes = await readTaskBytes(file, options?.into);
  // In place when the caller reads few instances; one parse of everything when it reads most of them.
  const lease = options?.into && { buffer: options.into, read: options.into.reads };
  const inPlace = options?.readsMost ? undefined : skimTaskFile(bytes, file, issues, lease);
  const fields = inPlace ?? parseSuperNiTask(decodeTask(bytes, file), file, ref.name, issues);
  const { lists } = fields;
  const dataset = datasetOf(lists, ref, file, issues);
  return {
    id: `${NAME}/${ref.name}`,
    source: NAME,
    name: ref.name,
    dataset,
    category: "",
    sourceCategories: lists.Categories,
    languages: { input: lists.Input_language, output: lists.Output_language, instruction: lists.Instruction_language },
    domains: lists.Domains,
    instruction: fields.definition,
    demonstrations: { positive: fields.positive, negative: fields.negative },
    license: lists["Instance License"],
    provenance: {
      file: posixRelative(root.path, file),
      upstream: root.upstream ?? UPSTREAM,
      ...(root.revision === undefined ? {} : { revision: root.revision }),
    },
    templates,
    instances: fields.instances,
  };
}

/**
 * A task without decoding its instances: the file's bytes are read once, hashed, checked as UTF-8 and
 * skimmed (skim.ts); the text around the `Instances` array is parsed and checked as a load checks it.
 * Whatever the skim or those checks cannot accept is read again by a full parse, which fails as a load does.
 */
function summarizeTask(ref: TaskRef, issues: Issue[]): TaskSummary {
  const file = fileOf(ref);
  // Synchronous from the read on: the bytes are this thread's reusable buffer, and nothing of them is kept.
  const bytes = readTaskBytesTransient(file);
  const hashes = [{ file, ...hashBytes(bytes) }];
  const start = utf8Start(bytes, file);
  const span = findInstances(bytes, start);
  const found: Issue[] = [];
  const head = span
    ? parseSuperNiHead(`${bytes.toString("utf8", start, span.start)}[]${bytes.toString("utf8", span.end)}`, file, span.count, found)
    : undefined;
  let instanceCount = span?.count ?? 0;
  let lists: SuperNiHead["lists"];
  if (head) lists = head.lists;
  else {
    found.length = 0;
    const fields = parseSuperNiTask(decodeTask(bytes, file), file, ref.name, found);
    lists = fields.lists;
    instanceCount = fields.instances.length;
  }
  issues.push(...found);
  const dataset = datasetOf(lists, ref, file, issues);
  return {
    id: `${NAME}/${ref.name}`,
    source: NAME,
    name: ref.name,
    dataset,
    sourceCategories: lists.Categories,
    instanceCount,
    license: lists["Instance License"],
    languages: { input: lists.Input_language, output: lists.Output_language, instruction: lists.Instruction_language },
    hashes,
  };
}

function renderInstance(prepared: PreparedTkEncoding, instance: Instance, rng: Rng, budget?: TkBudget): Rendered {
  if (instance.outputs.length === 0)
    return { ok: false, reason: "empty_target", detail: `instance ${instance.id} has no reference output` };
  const encoded = encodePrepared(prepared, instance.input, budget);
  if (encoded.overBudget) {
    return {
      ok: false,
      reason: "over_budget",
      detail: `prompt for ${instance.id} is longer than max_chars=${budget?.maxChars} even without demonstrations`,
    };
  }
  // Tk-Instruct trains on one reference drawn at random; evaluation keeps them all.
  return {
    ok: true,
    parts: { instruction: encoded.task, lead: encoded.lead, input: encoded.example },
    completion: rng.choice(instance.outputs),
    references: [...instance.outputs],
  };
}

/** Open a natural-instructions checkout; the rule says which encodings render its tasks. */
export function openSupernatural(root: SourceRoot, rule: SupernaturalRule): SourceAdapter {
  const templates = templatesOf(rule, root);
  const budget = rule.max_chars === null ? undefined : { maxChars: rule.max_chars };
  const specs = new Map(templates.map((t) => [t.id, parseEncodingId(t.id)]));
  // The task-level pieces of each encoding, made on a task's first render and kept while the task is.
  const prepared = new WeakMap<Task, Map<string, PreparedTkEncoding>>();
  const preparedFor = (task: Task, id: string, spec: TkEncodingSpec): PreparedTkEncoding => {
    let byId = prepared.get(task);
    if (byId === undefined) prepared.set(task, (byId = new Map()));
    let encoding = byId.get(id);
    if (encoding === undefined) {
      encoding = prepareTkEncoding({ name: task.name, definition: task.instruction ?? "", ...task.demonstrations }, spec);
      byId.set(id, encoding);
    }
    return encoding;
  };
  return {
    name: NAME,
    list: () => listTasks(root),
    load: (ref, issues, options) => loadTask(ref, root, issues, templates, options),
    summarize: async (ref, issues) => summarizeTask(ref, issues),
    chooseTemplates: (task, instance, _role, seed) => {
      if (rule.encoding !== TK_INSTRUCT_MODE) return { ids: [rule.encoding], mode: "first" };
      // As the collator draws one encoding per instance, but from a seeded stream.
      return { ids: [rngFor(seed, "encoding", task.id, instance.id).choice(TK_INSTRUCT_ENCODINGS)], mode: "first" };
    },
    render: (task, instance, templateId, rng) => {
      const spec = specs.get(templateId);
      if (spec === undefined) throw unknownTemplate(NAME, task, templateId);
      return renderInstance(preparedFor(task, templateId, spec), instance, rng, budget);
    },
    evalRules: { dropFailingTemplates: false, maxPrompts: null },
    readTaskLists: (split, issues) => readTaskLists(root, split, issues),
  };
}

/** Super-NI's splits/<split>/{train,test,excluded}_tasks.txt (a missing excluded list reads as empty, and is noted). */
async function readTaskLists(root: SourceRoot, split: string, issues?: Issue[]): Promise<TaskLists> {
  let lists: Awaited<ReturnType<typeof readSuperNiSplit>>;
  try {
    lists = await readSuperNiSplit(root.path, split, issues);
  } catch (error) {
    if (error instanceof TextFileError) throw new AdapterError(NAME, error.file, error.detail, { cause: error });
    throw error;
  }
  const files = ["train", "test", "excluded"].map((kind) => path.join(root.path, "splits", split, `${kind}_tasks.txt`));
  return {
    train: new Set(lists.train),
    test: new Set(lists.test),
    excluded: new Set(lists.excluded),
    files: files.filter((f) => existsSync(f)),
  };
}
