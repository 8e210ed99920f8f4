/**
 * Split configs (splits/*.yaml): read, validated against schema/split.schema.json before any data is
 * read, and resolved with every default filled in, so the manifest records exactly what was built.
 */
import { dirname, isAbsolute, join, resolve } from "node:path";
import { type AuditConfig, type RawAuditConfig, resolveAuditConfig } from "../audit/config.js";
import { OPT_IML_DELIMITERS } from "../plan/delimiters.js";
import { DEFAULT_DEMO_SEPARATOR, type DemoSpec } from "../plan/demos.js";
import { resolveSamplingSpec, type SamplingSpec } from "../plan/sampling.js";
import type { SourceName } from "../types.js";
import { packageRoot } from "./package-root.js";
import { assertSchema } from "./schemas.js";
import { readYamlFile } from "./yaml-file.js";

export type EvalLevel = "heldout_category" | "heldout_task";

export interface TemplateRule {
  original_only: boolean;
  train: "random_one" | "all";
  eval: "random_one" | "all";
  eval_max_prompts: number | null;
  drop_failing_eval_templates: boolean;
}

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
  heldout: {
    categories: string[];
    tasks: { list: string[]; fraction: number; categories: string[] | null };
    instances: { fraction: number; count: number | null; tasks: string[] | null; datasets: string[] | null };
  };
  caps: {
    train: number | null;
    eval: number | null;
    sources: Partial<Record<SourceName, { train?: number | null; eval?: number | null }>>;
  };
  prompts: {
    supernatural: { encoding: string; max_chars: number | null };
    promptsource: TemplateRule;
    flan: TemplateRule;
    unifiedskg: TemplateRule;
  };
  instance_splits: { train: string[]; eval: string[] };
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
  heldout?: {
    categories?: string[];
    tasks?: Partial<SplitConfig["heldout"]["tasks"]>;
    instances?: Partial<SplitConfig["heldout"]["instances"]>;
  };
  caps?: Partial<SplitConfig["caps"]>;
  prompts?: { supernatural?: Partial<SplitConfig["prompts"]["supernatural"]> } & Partial<
    Record<"promptsource" | "flan" | "unifiedskg", Partial<TemplateRule>>
  >;
  task_lists?: { source: string; split: string; test_level?: EvalLevel };
  instance_splits?: Partial<SplitConfig["instance_splits"]>;
};

export const DEFAULT_TEMPLATE_RULE: TemplateRule = {
  original_only: true,
  train: "random_one",
  eval: "all",
  eval_max_prompts: null,
  drop_failing_eval_templates: true,
};

/** Load and validate a split config; `seed` (from --seed) overrides the file's. */
export async function loadSplitConfig(file: string, seed?: number): Promise<{ config: SplitConfig; dir: string }> {
  const path = resolve(file);
  const raw = assertSchema<Raw>("split", await readYamlFile(path), path);
  return { config: resolveDefaults(raw, seed), dir: dirname(path) };
}

function resolveDefaults(raw: Raw, seed: number | undefined): SplitConfig {
  const rule = (r: Partial<TemplateRule> | undefined): TemplateRule => ({ ...DEFAULT_TEMPLATE_RULE, ...r });
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
    prompts: {
      supernatural: { encoding: "def+pos2", max_chars: null, ...raw.prompts?.supernatural },
      promptsource: rule(raw.prompts?.promptsource),
      flan: rule(raw.prompts?.flan),
      unifiedskg: rule(raw.prompts?.unifiedskg),
    },
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
  if (tasks.categories === null) delete (tasks as Record<string, unknown>).categories;
  for (const key of ["count", "tasks", "datasets"] as const)
    if (instances[key] === null) delete (instances as Record<string, unknown>)[key];
  if (doc.audit.boilerplate === null) (doc.audit as unknown as Record<string, unknown>).boilerplate = false;
  return doc;
}

/** The instance caps that apply to one source's tasks. */
export function capsFor(config: SplitConfig, source: SourceName): { train: number | null; eval: number | null } {
  const own = config.caps.sources[source] ?? {};
  return { train: own.train === undefined ? config.caps.train : own.train, eval: own.eval === undefined ? config.caps.eval : own.eval };
}

/** The taxonomy folder a config uses: its `categories` (relative to the config) or the package's. */
export function categoriesDir(config: SplitConfig, configDir: string): string {
  if (!config.categories) return join(packageRoot(), "categories");
  return isAbsolute(config.categories) ? config.categories : join(configDir, config.categories);
}
