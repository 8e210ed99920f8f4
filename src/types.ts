/**
 * The unified records of iml-bench: the task every adapter fills and the output record every build
 * writes. The adapter contract itself is in src/sources/contract.ts.
 */

/** The name of a registered source (src/sources/registry.ts). */
export type SourceName = string;

/** A task-level demonstration (Super-NI "Positive/Negative Examples"). */
export interface Demo {
  input: string;
  output: string;
  explanation?: string;
}

/** One instance of a task. */
export interface Instance {
  /** Stable id: the source's own id where it has one, else `<task name>-<position>`. */
  id: string;
  /** The instance input as the source gives it (Super-NI `input`; empty for row-based sources, see `fields`). */
  input: string;
  /** Every reference output, verbatim. */
  outputs: string[];
  /** Answer choices, when the task has them. */
  choices?: string[];
  /** The raw dataset row for template-based sources (PromptSource, FLAN, UnifiedSKG). */
  fields?: Record<string, unknown>;
  /** The source split the instance came from (train, validation, test), when the source has splits. */
  sourceSplit?: string;
}

/** Metadata of a template a task can be rendered with. */
export interface TemplateInfo {
  id: string;
  name: string;
  /** False for templates that change the task (e.g. QA → question generation); OPT-IML used only true. */
  originalTask: boolean;
  /** Source-specific fields kept verbatim (PromptSource metadata, FLAN template type...). */
  metadata?: Record<string, unknown>;
}

/** The unified task record. Every adapter produces these; schema/task.schema.json validates them. */
export interface Task {
  /** `<source>/<name>`. */
  id: string;
  source: SourceName;
  name: string;
  /** The underlying dataset id, shared by every task built from the same data in any source. */
  dataset: string;
  /** The canonical category (categories/taxonomy.yaml). */
  category: string;
  /** The source's own category labels. */
  sourceCategories: string[];
  languages: { input: string[]; output: string[]; instruction: string[] };
  domains: string[];
  /** Task-level instruction (Super-NI Definition), when the source has one. */
  instruction?: string;
  demonstrations: { positive: Demo[]; negative: Demo[] };
  license: string[];
  provenance: { file: string; upstream?: string; revision?: string };
  templates: TemplateInfo[];
  instances: Instance[];
}

/** The split a record belongs to. */
export type SplitName = "train" | "heldout_category" | "heldout_task" | "heldout_instance";

/** One line of train.jsonl or eval/<level>/<task>.jsonl. Key order here is the key order written. */
export interface OutputRecord {
  id: string;
  split: SplitName;
  source: SourceName;
  task: string;
  dataset: string;
  category: string;
  instance: string;
  template: string;
  prompt: string;
  completion: string;
  references: string[];
  choices?: string[];
  /** Evaluation variant, e.g. "0shot", "5shot" (when the config has demonstrations). */
  variant?: string;
  /** Instance ids of the demonstrations in the prompt, in order (when the config has demonstrations). */
  demonstrations?: string[];
  /**
   * Per demonstration, the code-point offsets `[prompt_start, prompt_end, completion_start, completion_end]`
   * of its prompt and completion in `prompt` (with `demonstrations`), so chat formats can make them turns.
   */
  demonstration_spans?: [number, number, number, number][];
}

/**
 * A quirk found in source data that does not stop the build: reported by validate, counted by `kind` in
 * the manifest (`issue_counts`), where `file` is written relative to its source root (`<source>/<path>`).
 */
export interface Issue {
  file: string;
  pointer?: string;
  message: string;
  /** What sort of quirk, snake_case (e.g. `non_finite_number`, `no_instances`); counted as `other` when absent. */
  kind?: string;
  /** How many occurrences this one note stands for (repeats folded into it). @default 1 */
  count?: number;
}

/** A reference to one task's data, cheap to list; `load` reads it (one task in memory at a time). */
export interface TaskRef {
  name: string;
  files: string[];
}

/** A task in the build manifest (schema/manifest.schema.json#/properties/tasks). */
export interface ManifestTask {
  task: string;
  source: string;
  dataset: string;
  category: string;
  assignment: string;
  reason?: string;
  instances: number;
  /** The task's licenses, as its source gives them (absent when it gives none). */
  license?: string[];
  /** The languages of its inputs, outputs and instructions, as its source names them (absent when none). */
  languages?: string[];
}

/** A file a build wrote, in the build manifest: its hash, size, records, level and task. */
export interface ManifestOutput {
  path: string;
  sha256: string;
  bytes: number;
  records: number;
  split?: string;
  task?: string;
}
