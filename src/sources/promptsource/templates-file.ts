/**
 * Reading PromptSource `templates.yaml` files. They carry the Python-object tags `!Template` and
 * `!TemplateMetadata`, which we register as plain mapping tags. PyYAML reads them as YAML 1.1, so we
 * do too (`yes`/`no`/`on`/`off` are booleans there), keeping values identical to what PromptSource sees.
 */
import { parseDocument, type Tags } from "yaml";
import { isRecord, isStringArray } from "../../core/guards.js";
import { byCodeUnit } from "../../core/py-str.js";
import { readUtf8File, TextFileError } from "../../core/text-file.js";
import { AdapterError } from "../../errors.js";
import { NAME } from "./name.js";

/** Template annotations (`!TemplateMetadata`); unknown keys are kept in `extra`. */
interface PromptSourceMetadata {
  originalTask: boolean | null;
  choicesInPrompt: boolean | null;
  metrics: string[];
  languages: string[];
  extra: Record<string, unknown>;
}

/** One `!Template`, every field kept. */
export interface PromptSourceTemplate {
  id: string;
  name: string;
  jinja: string;
  /** The Jinja expression giving `"a ||| b"`, or null for open-ended templates. */
  answerChoices: string | null;
  reference: string;
  metadata: PromptSourceMetadata;
}

export interface TemplatesFile {
  file: string;
  dataset: string;
  subset: string | null;
  /** Sorted by id (code unit order). */
  templates: PromptSourceTemplate[];
}

const MAP_TAGS: Tags = ["!Template", "!TemplateMetadata"].map((tag) => ({
  tag,
  collection: "map" as const,
  // Return the node itself: `toJSON()` here would lose anchors, and PyYAML output uses `&id001`/`*id001`.
  resolve: (map: unknown) => map,
}));

/** Read and validate one templates.yaml. */
export async function readTemplatesFile(file: string): Promise<TemplatesFile> {
  let text: string;
  try {
    text = await readUtf8File(file);
  } catch (error) {
    if (error instanceof TextFileError) throw new AdapterError(NAME, file, error.detail, { cause: error });
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : `cannot read the file (${(error as Error).message})`;
    throw new AdapterError(NAME, file, `${reason}; expected a PromptSource templates.yaml`, { cause: error });
  }
  return parseTemplatesYaml(text, file);
}

/** Parse templates.yaml text; every problem names the file and the template key. */
export function parseTemplatesYaml(text: string, file: string): TemplatesFile {
  const doc = parseDocument(text, { version: "1.1", customTags: MAP_TAGS, uniqueKeys: false });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const tag = /Unresolved tag: (\S+)/.exec(problem.message)?.[1];
    const message = tag ? `unknown tag ${tag}; expected !Template or !TemplateMetadata` : `invalid YAML: ${problem.message}`;
    throw new AdapterError(NAME, file, message);
  }
  const root: unknown = doc.toJSON();
  if (!isRecord(root)) throw new AdapterError(NAME, file, "expected a mapping with `dataset` and `templates`");
  const dataset = root.dataset;
  if (typeof dataset !== "string" || dataset === "")
    throw new AdapterError(NAME, file, "missing `dataset` (the Hugging Face dataset name)", { pointer: "/dataset" });
  const subset = root.subset ?? null;
  if (subset !== null && typeof subset !== "string")
    throw new AdapterError(NAME, file, "`subset` must be a string when present", { pointer: "/subset" });
  const templates = root.templates ?? {};
  if (!isRecord(templates))
    throw new AdapterError(NAME, file, "`templates` must be a mapping of id to !Template", { pointer: "/templates" });
  const list = Object.entries(templates).map(([key, value]) => toTemplate(key, value, file));
  assertUniqueIds(list, file);
  return { file, dataset, subset, templates: list.toSorted((a, b) => byCodeUnit(a.id, b.id)) };
}

function toTemplate(key: string, value: unknown, file: string): PromptSourceTemplate {
  const pointer = `/templates/${key}`;
  const fail = (message: string): never => {
    throw new AdapterError(NAME, file, `template ${key}: ${message}`, { pointer });
  };
  if (!isRecord(value)) return fail("expected a !Template mapping");
  const id = value.id ?? key;
  if (typeof id !== "string" || id === "") return fail("`id` must be a non-empty string");
  const jinja = value.jinja;
  if (typeof jinja !== "string") return fail("`jinja` must be a string");
  const answerChoices = value.answer_choices ?? null;
  if (answerChoices !== null && typeof answerChoices !== "string") return fail("`answer_choices` must be a string or null");
  const name = value.name ?? "";
  if (typeof name !== "string") return fail("`name` must be a string");
  const reference = value.reference ?? "";
  return {
    id,
    name,
    jinja,
    answerChoices,
    reference: typeof reference === "string" ? reference : String(reference),
    metadata: toMetadata(value.metadata, fail),
  };
}

function toMetadata(value: unknown, fail: (message: string) => never): PromptSourceMetadata {
  if (value === undefined || value === null) return { originalTask: null, choicesInPrompt: null, metrics: [], languages: [], extra: {} };
  if (!isRecord(value)) return fail("`metadata` must be a !TemplateMetadata mapping");
  const { original_task, choices_in_prompt, metrics, languages, ...extra } = value;
  return {
    originalTask: optionalBool(original_task, "original_task", fail),
    choicesInPrompt: optionalBool(choices_in_prompt, "choices_in_prompt", fail),
    metrics: stringList(metrics, "metrics", fail),
    languages: stringList(languages, "languages", fail),
    extra,
  };
}

function optionalBool(value: unknown, key: string, fail: (message: string) => never): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "boolean") return fail(`metadata.${key} must be true, false or null`);
  return value;
}

function stringList(value: unknown, key: string, fail: (message: string) => never): string[] {
  if (value === undefined || value === null) return [];
  if (!isStringArray(value)) return fail(`metadata.${key} must be a list of strings`);
  return value;
}

function assertUniqueIds(templates: readonly PromptSourceTemplate[], file: string): void {
  const seen = new Set<string>();
  for (const t of templates) {
    if (seen.has(t.id)) throw new AdapterError(NAME, file, `duplicate template id ${t.id}; ids must be unique in a file`);
    seen.add(t.id);
  }
}
