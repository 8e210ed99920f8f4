/**
 * Split configs (splits/*.yaml): read, validated against schema/split.schema.json before any data is
 * read, and resolved with every default filled in, so the manifest records exactly what was built.
 */
import { dirname, isAbsolute, join, resolve } from "node:path";
import { type AuditConfig, type RawAuditConfig, resolveAuditConfig } from "../audit/index.js";
import { packageRoot } from "../config/package-root.js";
import { assertSchema } from "../config/schemas.js";
import { readYamlFile } from "../config/yaml-file.js";
import { OPT_IML_DELIMITERS } from "../plan/delimiters.js";
import { DEFAULT_DEMO_SEPARATOR, type DemoSpec } from "../plan/demos.js";
import type { Caps, HeldoutInstancesSpec } from "../plan/instances.js";
import type { HeldoutTasksSpec, Level } from "../plan/partition.js";
import { resolveSamplingSpec } from "../plan/sampling.js";
import type { SamplingSpec } from "../plan/sampling-spec.js";
import { SOURCES, type Sources } from "../sources/registry.js";

type EvalLevel = Exclude<Level, "train">;

/** A split config with every default filled in. Keys mirror the YAML. */
export interface SplitConfig {
  version: 1;
  name: string;
  description?: string;
  seed: number;
  sources: string[];
  categories: string;
  task_lists?: { source: string; split: string; test_level: EvalLevel };
  include?: string[];
  exclude?: string[];
  heldout: { categories: string[]; tasks: HeldoutTasksSpec; instances: HeldoutInstancesSpec };
  caps: Caps & { sources: Record<string, Partial<Caps>> };
  /** Each registered source's prompt rule (`prompts.<source>`), over the source's defaults, in registry order. */
  prompts: Record<string, object>;
  instance_splits: { train: string[]; eval: string[] };
  /** Per-source adapter options over the descriptor's (and under `--option`). */
  source_options: Record<string, Record<string, unknown>>;
  shared_dataset_rule: boolean;
  /** The training mixture; null writes every training record once. */
  sampling: SamplingSpec | null;
  /** In-context demonstrations; null writes none (and evaluation files without a shot variant). */
  demos: (DemoSpec & { eval_shots: number[] }) | null;
  delimiters: { enabled: boolean; list: string[] };
  /** The n-gram content audit between training and evaluation tasks. */
  audit: AuditConfig;
}

type Raw = Partial<
  Omit<SplitConfig, "heldout" | "caps" | "prompts" | "task_lists" | "instance_splits" | "sampling" | "demos" | "delimiters" | "audit">
> & {
  sampling?: Partial<SamplingSpec>;
  demos?: Partial<DemoSpec>;
  delimiters?: { enabled?: boolean; list?: string[] };
  audit?: RawAuditConfig;
  heldout?: { categories?: string[]; tasks?: Partial<HeldoutTasksSpec>; instances?: Partial<HeldoutInstancesSpec> };
  caps?: Partial<SplitConfig["caps"]>;
  prompts?: Record<string, object>;
  task_lists?: { source: string; split: string; test_level?: EvalLevel };
  instance_splits?: Partial<SplitConfig["instance_splits"]>;
};

/** Load and validate a split config; `seed` (from --seed) overrides the file's. */
export async function loadSplitConfig(
  file: string,
  seed?: number,
  sources: Sources = SOURCES,
): Promise<{ config: SplitConfig; dir: string }> {
  const path = resolve(file);
  const raw = assertSchema<Raw>("split", await readYamlFile(path), path, sources);
  return { config: resolveDefaults(raw, seed, sources), dir: dirname(path) };
}

function resolveDefaults(raw: Raw, seed: number | undefined, sources: Sources): SplitConfig {
  const config: SplitConfig = {
    version: 1,
    name: raw.name as string,
    seed: seed ?? raw.seed ?? 0,
    sources: raw.sources as string[],
    categories: raw.categories ?? "",
    heldout: {
      categories: raw.heldout?.categories ?? [],
      tasks: { list: [], fraction: 0, categories: null, ...raw.heldout?.tasks },
      instances: { fraction: 0, count: null, tasks: null, datasets: null, ...raw.heldout?.instances },
    },
    caps: { train: null, eval: null, sources: {}, ...raw.caps },
    prompts: Object.fromEntries(sources.map((s) => [s.name, { ...s.prompts.defaults, ...raw.prompts?.[s.name] }])),
    instance_splits: { train: ["train"], eval: ["validation", "test"], ...raw.instance_splits },
    source_options: raw.source_options ?? {},
    shared_dataset_rule: raw.shared_dataset_rule ?? true,
    sampling: raw.sampling ? resolveSamplingSpec({ strategy: "all", ...raw.sampling }) : null,
    demos: raw.demos ? { separator: DEFAULT_DEMO_SEPARATOR, eval_shots: [0], ...raw.demos } : null,
    delimiters: { enabled: false, list: [...OPT_IML_DELIMITERS], ...raw.delimiters },
    audit: resolveAuditConfig(raw.audit),
  };
  if (raw.description !== undefined) config.description = raw.description;
  if (raw.task_lists) config.task_lists = { test_level: "heldout_task", ...raw.task_lists };
  if (raw.include) config.include = raw.include;
  if (raw.exclude) config.exclude = raw.exclude;
  return config;
}

/**
 * The resolved config as a split-config document: every default filled in, and valid against
 * schema/split.schema.json, so a manifest's `config` can be written out and built again. Fields whose
 * resolved value means "absent" (null selectors, no sampling or demonstrations) are left out.
 */
export function configDocument(config: SplitConfig): Record<string, unknown> {
  const doc = structuredClone(config) as unknown as Record<string, unknown> & SplitConfig;
  const optional = doc as unknown as Record<string, unknown>;
  if (doc.sampling === null) delete optional.sampling;
  if (doc.demos === null) delete optional.demos;
  if (doc.categories === "") delete optional.categories;
  const { tasks, instances } = doc.heldout;
  if (tasks.categories === null) delete (tasks as unknown as Record<string, unknown>).categories;
  for (const key of ["count", "tasks", "datasets"] as const)
    if (instances[key] === null) delete (instances as unknown as Record<string, unknown>)[key];
  if (doc.audit.boilerplate === null) (doc.audit as unknown as Record<string, unknown>).boilerplate = false;
  return doc;
}

/** The instance caps that apply to one source's tasks. */
export function capsFor(config: SplitConfig, source: string): Caps {
  const own = config.caps.sources[source] ?? {};
  return { train: own.train === undefined ? config.caps.train : own.train, eval: own.eval === undefined ? config.caps.eval : own.eval };
}

/** The taxonomy folder a config uses: its `categories` (relative to the config) or the package's. */
export function categoriesDir(config: SplitConfig, configDir: string): string {
  if (!config.categories) return join(packageRoot(), "categories");
  return isAbsolute(config.categories) ? config.categories : join(configDir, config.categories);
}
