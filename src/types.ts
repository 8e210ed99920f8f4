/**
 * The public types of iml-bench: the unified task record every adapter fills, the rendered prompt,
 * the output record, and the adapter interface.
 */
import type { Rng } from "./core/rng.js";

/** The four sources iml-bench reads natively. */
export type SourceName = "supernatural" | "promptsource" | "flan" | "unifiedskg";
export const SOURCE_NAMES: readonly SourceName[] = ["supernatural", "promptsource", "flan", "unifiedskg"];

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

/** The light view of a task that splitting and sampling work on (no instances in memory). */
export interface TaskMeta {
  id: string;
  source: SourceName;
  name: string;
  dataset: string;
  category: string;
  instanceCount: number;
  templates: TemplateInfo[];
}

/** A drop reason, counted in the manifest. */
export type DropReason = string;

/** The result of rendering one instance with one template. */
export type Rendered =
  | { ok: true; prompt: string; completion: string; references: string[]; choices?: string[] }
  | { ok: false; reason: DropReason; detail?: string };

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
}

/** A problem found in source data that does not stop the build (counted, reported by validate). */
export interface Issue {
  file: string;
  pointer?: string;
  message: string;
}

/** Where a source's data lives and what it is (sources/<name>.yaml). */
export interface SourceDescriptor {
  name: SourceName;
  adapter: SourceName;
  /** Data root, resolved to an absolute path. */
  path: string;
  upstream?: string;
  revision?: string;
  license?: string;
  options?: Record<string, unknown>;
  /** The descriptor file itself. */
  file: string;
}

/** A reference to one task's data, cheap to list; `load` reads it (one task in memory at a time). */
export interface TaskRef {
  name: string;
  files: string[];
}

/** What the pipeline tells an adapter about the instance being rendered. */
export interface RenderContext {
  /**
   * Instances demonstrations (few-shot exemplars) may be drawn from: the training side of the task,
   * without any instance that is evaluated. The instance itself may be in it; adapters must skip it.
   */
  demoPool?: readonly Instance[];
}

/**
 * One adapter per source, one file per adapter (src/adapters/<name>.ts). A plain object from a factory.
 * `list` is cheap; `load` reads one task; `render` is pure.
 */
export interface SourceAdapter {
  readonly name: SourceName;
  /** Task refs under the source root, sorted by name (code unit order). */
  list(source: SourceDescriptor): Promise<TaskRef[]>;
  /** Read one task into the unified record. Data problems that do not stop the build go to `issues`. */
  load(ref: TaskRef, source: SourceDescriptor, issues: Issue[]): Promise<Task>;
  /** Render one instance with one template (template id from `task.templates`). */
  render(task: Task, instance: Instance, templateId: string, rng: Rng, context?: RenderContext): Rendered;
}
