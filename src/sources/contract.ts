/**
 * The adapter contract: everything the pipeline may ask of a source, and nothing else. A source lives in
 * `src/sources/<name>/`, exports one `SourceDefinition` from its `index.ts`, and is registered by one line
 * in `src/sources/registry.ts`. The pipeline never names a source: it reads this interface.
 *
 * Life of a source in a build:
 * 1. Its options are merged in one documented order, each layer checked against `options.schema`:
 *    `options.defaults` < the descriptor's `options:` < the split config's `source_options.<name>` <
 *    `--option <name>.<key>=<value>` (src/sources/options.ts). Its prompt rule is the split config's
 *    `prompts.<name>`, over `prompts.defaults`.
 * 2. `open(root, options, rule)` gives an adapter on one data root.
 * 3. `list()` names the tasks (reading no rows), `load()` reads one task, `render()` renders one instance
 *    with one template into prompt parts, and `chooseTemplates()` says which templates an instance tries.
 *    A build first scans every task (its `summarize()` when the adapter has one, else `load()`), partitions,
 *    then loads each task it renders; scans and renders run in worker threads, each worker with its own
 *    adapter (opened with the same options), so `load()` and `summarize()` must not depend on which tasks
 *    the same adapter loaded before.
 *
 * Every problem an adapter finds in its input is an `AdapterError` (src/errors.ts), whose message starts
 * with `[adapter:<name>]`; a row a template does not apply to is a `Skipped` result with a reason.
 */
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import type { Rng } from "../core/rng.js";
import type { ReadBuffer } from "../core/scratch.js";
import type { Placement } from "../plan/demos.js";
import type { Instance, Issue, Task, TaskRef } from "../types.js";

/** A JSON Schema (draft-07) object, as ajv reads it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Where one source's data lives, from its descriptor (sources/<name>.yaml) and `--source`. */
export interface SourceRoot {
  /** The data root, absolute. */
  path: string;
  /** The descriptor file, for messages. */
  file: string;
  upstream?: string;
  revision?: string;
  license?: string;
}

export type { Placement };

/** A template's output, cut where the pipeline inserts demonstrations. */
export interface PromptParts {
  /** Task-level text that comes before the demonstrations ("" when instructions are part of `input`). */
  instruction: string;
  /** What introduces the example being asked, after the demonstrations; never repeated in them. */
  lead: string;
  /** The example as the model sees it, up to where the answer starts. */
  input: string;
}

/** One instance rendered with one template. */
export interface RenderedPrompt {
  ok: true;
  parts: PromptParts;
  /** The training target. */
  completion: string;
  /** Every acceptable target. */
  references: string[];
  choices?: string[];
}

/** An instance a template does not apply to: counted under `reason` (snake_case), never a crash. */
export interface Skipped {
  ok: false;
  reason: string;
  detail?: string;
}

export type Rendered = RenderedPrompt | Skipped;

/** The prompt without demonstrations: the parts joined. */
export function promptText(parts: PromptParts): string {
  return parts.instruction + parts.lead + parts.input;
}

/** What the pipeline tells an adapter about the instance being rendered. */
export interface RenderContext {
  /**
   * Instances few-shot exemplars may be drawn from: the task's training side, without any instance that
   * is evaluated. The instance itself may be in it; adapters must skip it.
   */
  demoPool?: readonly Instance[];
}

export type Role = "train" | "eval";

/** The templates one instance tries: every one ("all"), or in order until one applies ("first"). */
export interface TemplateChoice {
  ids: readonly string[];
  mode: "first" | "all";
}

/** Fixed task lists a source ships (Super-NI's splits/<name>/{train,test,excluded}_tasks.txt). */
export interface TaskLists {
  train: ReadonlySet<string>;
  test: ReadonlySet<string>;
  excluded: ReadonlySet<string>;
  /** The files read, absolute, for the manifest's inputs. */
  files: string[];
}

/**
 * What a build needs of a task before rendering it: what partitioning and the manifest use, without the
 * instances. Equal to what `load` would give: the same id, source, name, dataset and source categories,
 * and `instanceCount` equal to `instances.length`.
 */
export interface TaskSummary {
  id: string;
  source: string;
  name: string;
  /** The dataset id as `load` gives it (before the taxonomy's aliases). */
  dataset: string;
  sourceCategories: string[];
  instanceCount: number;
  /** As `load` gives them: the task's licenses and the languages of its inputs, outputs and instructions. */
  license: Task["license"];
  languages: Task["languages"];
  /** sha256 and size of files of `ref.files` read for the summary, from the bytes read (the build hashes the others). */
  hashes?: { file: string; sha256: string; bytes: number }[];
}

/** What the caller of `load` will do with the task, so the adapter can read it the cheaper way. */
export interface LoadOptions {
  /** It will read half or more of the instances' texts (decoding them all at once is then cheaper than one by one). */
  readsMost?: boolean;
  /**
   * A buffer the caller owns for this task (core/text-file.ts `readFileInto`): the task's file may be read
   * into it instead of new memory, and the task may read from it until the caller reads into it again; the
   * caller keeps the task no longer.
   */
  into?: ReadBuffer;
}

/** One source opened on one data root. */
export interface SourceAdapter {
  readonly name: string;
  /** Task refs under the root, sorted by name (code-unit order). Reads no rows. */
  list(): Promise<TaskRef[]>;
  /**
   * Read one task into the unified record. Problems that do not stop the build go to `issues`. An
   * instance's `input`, `outputs` and `fields` may be getters that decode on first read (a build reads a
   * few of a task's instances): callers read them, and never copy an instance by spreading it.
   * `options` is a hint only: the task is the same with it or without.
   */
  load(ref: TaskRef, issues: Issue[], options?: LoadOptions): Promise<Task>;
  /**
   * Optional: a task's summary, cheaper than `load` (Super-NI skims the task file's bytes, parsing the small
   * top-level fields and only counting the instances). A build scans with it when present and fully loads
   * only the tasks it renders, once each. Rules:
   * - an error `load` would raise about what the summary reads is raised here as `load` words it; problems
   *   in what it skips (one instance's fields) may pass here, and fail the build when the task is rendered;
   * - the issues pushed are those `load` pushes about what the summary reads, worded alike (a subset of
   *   `load`'s). For a task the build renders, the manifest keeps `load`'s issues in their place; for a
   *   task it drops before rendering (excluded by task lists, no instances, no category), these.
   */
  summarize?(ref: TaskRef, issues: Issue[]): Promise<TaskSummary>;
  /** The templates an instance tries, under the rule this adapter was opened with. Seeded by `seed`. */
  chooseTemplates(task: Task, instance: Instance, role: Role, seed: number): TemplateChoice;
  /** Render one instance with one template of `task.templates` (an unknown id is an AdapterError). Pure. */
  render(task: Task, instance: Instance, templateId: string, rng: Rng, context?: RenderContext): Rendered;
  /** Evaluation rules of the prompt rule: drop a template failing on any evaluated instance; cap prompts per task. */
  readonly evalRules: { dropFailingTemplates: boolean; maxPrompts: number | null };
  /** Fixed task lists named `split`, when the source ships them. Quirks of the list files go to `issues`. */
  readTaskLists?(split: string, issues?: Issue[]): Promise<TaskLists>;
  /**
   * How many exemplars one rendered prompt of this task may draw from `RenderContext.demoPool` (FLAN's
   * few-shot templates), so the plan keeps that many instances out of evaluation. 0 when unset.
   */
  exemplarsNeeded?(task: Task): number;
}

/** A subcommand a source adds; the command's name is the source's name. */
// biome-ignore lint/suspicious/noExplicitAny: each command has its own argument type, which yargs checks.
export type SourceCommand = (io: CliIO) => CommandModule<object, any>;

/**
 * A Hugging Face Hub dataset a source's tasks read, and where `iml-bench pull` puts its Parquet conversion:
 * `<folder>/<split>/<shard>.parquet` under the data root, a layout the source's adapter reads as it is.
 */
export interface HubRows {
  /**
   * The dataset as the source names it (a PromptSource template folder's dataset, a UnifiedSKG loader).
   * It is asked for on the Hub under this id, unless the descriptor's `pull.hub` maps it to another id
   * (or to null: not on the Hub, listed as missing without asking).
   */
  dataset: string;
  /** The config (subset). Unset: the Parquet conversion's only config, else its `default`. */
  config?: string;
  /** The tasks that read these rows (empty when the rows name their tasks themselves). */
  tasks: string[];
  /** The folder the rows go in, relative to the data root (never outside it), with / separators. */
  folder: string;
}

/**
 * What `iml-bench pull` fetches for a source besides its repository, which it always fetches: the
 * descriptor's `upstream` (a GitHub repository) at its `revision`. Without `pull`, the repository is all.
 */
export interface SourcePull<Options extends object = object> {
  /** The Hub datasets a checkout at `root` reads with `options`. Reads the checkout, never the network. */
  hubRows(root: SourceRoot, options: Options): Promise<HubRows[]>;
}

/** A source: what it accepts, how it is opened, and what it adds to the command line. */
export interface SourceDefinition<Options extends object = object, Rule extends object = object> {
  /** Task ids are `<name>/<task>`; descriptors `sources/<name>.yaml`; category maps `categories/maps/<name>.yaml`. */
  readonly name: string;
  /** The project it reads, e.g. "https://github.com/allenai/natural-instructions". */
  readonly upstream: string;
  /** Its full name and how to cite it (BibTeX, as the upstream project asks), for the dataset card of a build. */
  readonly about?: { title: string; citation: string };
  /** Adapter options: a JSON Schema of the options object (`additionalProperties: false`) and their defaults. */
  readonly options: { schema: JsonSchema; defaults: Options };
  /** The split config's `prompts.<name>`: how templates are chosen for this source's tasks. */
  readonly prompts: { schema: JsonSchema; defaults: Rule };
  readonly placement: Placement;
  /** Example data root for messages and help, e.g. "/data/natural-instructions". */
  readonly exampleRoot: string;
  open(root: SourceRoot, options: Options, rule: Rule): SourceAdapter;
  /** What `iml-bench pull` fetches besides the repository (Hub rows), when the source needs more. */
  readonly pull?: SourcePull<Options>;
  /** `iml-bench render <name>` and `iml-bench inspect <name>`, when the source offers them. */
  readonly commands?: { render?: SourceCommand; inspect?: SourceCommand };
}
