/**
 * Everything a build or a validation needs before reading data: the resolved config, the taxonomy,
 * and each source opened on its data root. Configs and adapter options are validated here, before any
 * data is read.
 */

import { loadTaxonomy, type Taxonomy } from "../config/categories.js";
import { loadSources, type ResolvedSource } from "../config/sources.js";
import { closestNames } from "../core/closest-names.js";
import { UserError } from "../errors.js";
import { readLock } from "../lock/lock.js";
import { lockRoots, verifyLockedSources } from "../lock/verify.js";
import type { SourceAdapter, SourceDefinition } from "../sources/contract.js";
import { openResolved } from "../sources/open.js";
import { findSource, SOURCES, type Sources } from "../sources/registry.js";
import { categoriesDir, loadSplitConfig, type SplitConfig } from "./split-config.js";

export interface OpenSource {
  descriptor: ResolvedSource;
  definition: SourceDefinition;
  adapter: SourceAdapter;
  /** The options and prompt rule it was opened with, resolved (a worker thread opens it again with them). */
  options: object;
  rule: object;
}

export interface BuildContext {
  configFile: string;
  config: SplitConfig;
  taxonomy: Taxonomy;
  /** The registry the build knows (the package's sources, or more in tests and libraries). */
  registry: Sources;
  sources: OpenSource[];
  /** sha256 of the lockfile the sources were read from (`--lock`), for the manifest. */
  lockSha256?: string;
}

export interface ContextOptions {
  configFile: string;
  seed?: number | undefined;
  /** `--source NAME=PATH`: data roots over the descriptors'. */
  sourceOverrides?: ReadonlyMap<string, string>;
  /** `--option NAME.KEY=VALUE`: adapter options over the split config's. */
  optionOverrides?: ReadonlyMap<string, Record<string, unknown>>;
  /** `--lock`: a lockfile `iml-bench pull` wrote; the sources' roots come from it, every file checked first. */
  lockFile?: string | undefined;
  /** @default the package's sources */
  registry?: Sources;
}

export async function loadContext(options: ContextOptions): Promise<BuildContext> {
  const registry = options.registry ?? SOURCES;
  const { config, dir } = await loadSplitConfig(options.configFile, options.seed, registry);
  const taxonomy = await loadTaxonomy(categoriesDir(config, dir), registry);
  checkCategoryNames(config, taxonomy, options.configFile);
  if (options.lockFile !== undefined && (options.sourceOverrides?.size ?? 0) > 0)
    throw new UserError("E_ARG", "--lock gives every source's root: drop --source, or build without --lock.");
  const lock = options.lockFile === undefined ? undefined : await readLock(options.lockFile);
  const locked = lock && { file: lock.file, roots: lockRoots(lock) };
  const descriptors = await loadSources(config.sources, dir, options.sourceOverrides ?? new Map(), registry, { locked });
  // Every locked file is checked before any adapter opens its root.
  if (lock)
    await verifyLockedSources(
      lock,
      descriptors.map((d) => d.name),
    );
  const read = descriptors.map((d) => d.name);
  const cli = options.optionOverrides ?? new Map();
  checkOptionTargets(Object.keys(config.source_options), read, `${options.configFile}#/source_options`);
  checkOptionTargets([...cli.keys()], read, "--option");
  const sources = descriptors.map((descriptor): OpenSource => {
    const definition = findSource(descriptor.adapter, registry) as SourceDefinition;
    const opened = openResolved(definition, {
      root: descriptor,
      options: [
        { origin: `${descriptor.file}#/options`, values: descriptor.options },
        { origin: `${options.configFile}#/source_options/${descriptor.name}`, values: config.source_options[descriptor.name] },
        { origin: "--option", values: cli.get(descriptor.name) },
      ],
      prompts: config.prompts[descriptor.name] as object,
      promptsOrigin: `${options.configFile}#/prompts/${descriptor.name}`,
    });
    return { descriptor, definition, ...opened };
  });
  // Options given on the command line are part of what was built: the manifest's config records them.
  for (const [name, values] of cli) config.source_options[name] = { ...config.source_options[name], ...values };
  return { configFile: options.configFile, config, taxonomy, registry, sources, ...(lock && { lockSha256: lock.sha256 }) };
}

/** Held-out category names must exist in the taxonomy: a typo would silently hold out nothing. */
function checkCategoryNames(config: SplitConfig, taxonomy: Taxonomy, file: string): void {
  const named: [string, readonly string[]][] = [
    ["/heldout/categories", config.heldout.categories],
    ["/heldout/tasks/categories", config.heldout.tasks.categories ?? []],
  ];
  const problems: string[] = [];
  for (const [pointer, names] of named) {
    names.forEach((name, i) => {
      if (taxonomy.categories.includes(name)) return;
      const hint = closestNames(name, taxonomy.categories);
      problems.push(
        `${file}#${pointer}/${i}: unknown category "${name}"${hint.length ? `. Did you mean ${hint.map((h) => `"${h}"`).join(" or ")}?` : "."}`,
      );
    });
  }
  if (problems.length > 0) throw new UserError("E_CONFIG", problems.join("\n"));
}

/** Options for a source the config does not read would silently do nothing. */
function checkOptionTargets(named: readonly string[], read: readonly string[], origin: string): void {
  const unread = named.filter((name) => !read.includes(name));
  if (unread.length === 0) return;
  const list = unread.map((name) => `"${name}"`).join(", ");
  throw new UserError("E_CONFIG", `${origin}: options for ${list}, a source this config does not read (it reads: ${read.join(", ")}).`);
}
