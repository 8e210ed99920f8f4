/**
 * Super-NaturalInstructions in its native layout (the root of an allenai/natural-instructions checkout):
 * one task per `tasks/<name>.json`, rendered with the Tk-Instruct encodings (src/render/tk-encoding.ts).
 *
 * - `dataset` is the first `Source` entry, trimmed and lower-cased (the upstream names are already
 *   lower-case ids such as "squad1.1"); `datasetIds` gives all of them. A task without `Source` uses its name.
 * - `sourceCategories` is `Categories`; `instruction` is `Definition[0]` verbatim.
 * - Templates are the encodings in `options.encodings` (the five tk_instruct ones by default). `render`
 *   also takes "tk_instruct": one of the five, drawn per instance from its rng before the reference, as the
 *   collator draws them (the drawn id is not in the result; call chooseTkEncoding first to record it).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import fg from "fast-glob";
import { byCodeUnit } from "../../core/py-str.js";
import type { Rng } from "../../core/rng.js";
import { UserError } from "../../errors.js";
import type { Instance, Issue, Rendered, SourceAdapter, SourceDescriptor, Task, TaskRef, TemplateInfo } from "../../types.js";
import { ADAPTER, parseSuperNiTask } from "./task-file.js";
import {
  chooseTkEncoding,
  encodeTkDetailed,
  parseEncodingId,
  TK_INSTRUCT_ENCODINGS,
  TK_INSTRUCT_MODE,
  type TkBudget,
  type TkEncodingSpec,
} from "./tk-encoding.js";

export { readSuperNiSplit, type SuperNiSplit, superNiSplitNames } from "./task-lists.js";

export const NAME = ADAPTER;
export const UPSTREAM = "allenai/natural-instructions";

export interface SupernaturalOptions {
  /**
   * Encoding ids offered as templates (see tk-encoding.ts for the grammar).
   * @default TK_INSTRUCT_ENCODINGS, the five encodings of Tk-Instruct's tk_instruct mode
   */
  encodings?: readonly string[];
  /**
   * Budget in code points, our tokenizer-free analog of max_source_length: demos are added while the source
   * fits, and a source still over budget is dropped as `over_budget` (Tk-Instruct would cut it).
   * @default undefined (no budget)
   */
  maxChars?: number;
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
export function describeEncoding(spec: TkEncodingSpec): string {
  const parts: string[] = [];
  if (spec.taskName) parts.push("task name");
  if (spec.definition) parts.push("definition");
  if (spec.positive > 0) parts.push(`${spec.positive} positive example${spec.positive > 1 ? "s" : ""}`);
  if (spec.negative > 0) parts.push(`${spec.negative} negative example${spec.negative > 1 ? "s" : ""}`);
  if (spec.explanation) parts.push("explanations");
  return parts.length === 0 ? "input only" : parts.join(" + ");
}

function checkOptions(options: SupernaturalOptions): { templates: TemplateInfo[]; budget: TkBudget | undefined } {
  const ids = options.encodings ?? TK_INSTRUCT_ENCODINGS;
  if (ids.length === 0)
    throw new UserError("E_CONFIG", `[adapter:${NAME}] options.encodings is empty; give at least one encoding id, e.g. ["def+pos2"].`);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0)
    throw new UserError(
      "E_CONFIG",
      `[adapter:${NAME}] options.encodings lists ${repeated.join(", ")} more than once; list each encoding once.`,
    );
  const templates = ids.map((id) => ({
    id,
    name: id === TK_INSTRUCT_MODE ? "one of the five tk_instruct encodings, drawn per instance" : describeEncoding(parseEncodingId(id)),
    originalTask: true,
  }));
  const { maxChars } = options;
  if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars > 0)) {
    throw new UserError("E_CONFIG", `[adapter:${NAME}] options.maxChars must be a positive integer (code points), got ${maxChars}.`);
  }
  return { templates, budget: maxChars === undefined ? undefined : { maxChars } };
}

async function listTasks(source: SourceDescriptor): Promise<TaskRef[]> {
  const dir = path.join(source.path, "tasks");
  if (!existsSync(dir)) {
    throw new UserError(
      "E_INPUT",
      `[adapter:${NAME}] ${source.file}: no tasks/ folder under ${source.path}. The path must be the root of a natural-instructions checkout (with tasks/*.json and splits/).`,
    );
  }
  const files = await fg("*.json", { cwd: dir, onlyFiles: true });
  return files.map((f) => ({ name: f.slice(0, -".json".length), files: [path.join(dir, f)] })).sort((a, b) => byCodeUnit(a.name, b.name));
}

async function loadTask(ref: TaskRef, source: SourceDescriptor, issues: Issue[], templates: TemplateInfo[]): Promise<Task> {
  const file = ref.files[0];
  if (file === undefined) throw new UserError("E_INPUT", `[adapter:${NAME}] task ${ref.name} has no file.`);
  const fields = parseSuperNiTask(await readFile(file, "utf8"), file, ref.name, issues);
  const { lists } = fields;
  let dataset = datasetIds({ Source: lists.Source })[0];
  if (dataset === undefined) {
    issues.push({ file, pointer: "/Source", message: `no Source entry; dataset set to the task name "${ref.name}"` });
    dataset = ref.name.toLowerCase();
  }
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
      file: path.relative(source.path, file).split(path.sep).join("/"),
      upstream: source.upstream ?? UPSTREAM,
      ...(source.revision === undefined ? {} : { revision: source.revision }),
    },
    templates,
    instances: fields.instances,
  };
}

function renderInstance(task: Task, instance: Instance, spec: TkEncodingSpec, rng: Rng, budget?: TkBudget): Rendered {
  if (instance.outputs.length === 0)
    return { ok: false, reason: "empty_target", detail: `instance ${instance.id} has no reference output` };
  const parts = { name: task.name, definition: task.instruction ?? "", ...task.demonstrations };
  const encoded = encodeTkDetailed(parts, instance.input, spec, budget);
  if (encoded.overBudget) {
    return {
      ok: false,
      reason: "over_budget",
      detail: `prompt for ${instance.id} is longer than maxChars=${budget?.maxChars} even without demonstrations`,
    };
  }
  // Tk-Instruct trains on one reference drawn at random; evaluation keeps them all.
  return { ok: true, prompt: encoded.source, completion: rng.choice(instance.outputs), references: [...instance.outputs] };
}

export function createSupernaturalAdapter(options: SupernaturalOptions = {}): SourceAdapter {
  const { templates, budget } = checkOptions(options);
  const specs = new Map<string, TkEncodingSpec>();
  const specFor = (id: string): TkEncodingSpec => {
    let spec = specs.get(id);
    if (spec === undefined) specs.set(id, (spec = parseEncodingId(id)));
    return spec;
  };
  return {
    name: NAME,
    list: listTasks,
    load: (ref, source, issues) => loadTask(ref, source, issues, templates),
    render: (task, instance, templateId, rng) => {
      const id = templateId === TK_INSTRUCT_MODE ? chooseTkEncoding(rng) : templateId;
      return renderInstance(task, instance, specFor(id), rng, budget);
    },
  };
}
