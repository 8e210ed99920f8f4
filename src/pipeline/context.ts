/**
 * Everything a build or a validation needs before reading data: the resolved config, the taxonomy,
 * the source descriptors and their adapters. Configs are validated here, before any data is read.
 */

import { closestNames, loadTaxonomy, type Taxonomy } from "../config/categories.js";
import { loadSources, type ResolvedSource } from "../config/sources.js";
import { categoriesDir, loadSplitConfig, type SplitConfig } from "../config/split-config.js";
import { UserError } from "../errors.js";
import { createAdapter } from "../sources/registry.js";
import type { SourceAdapter } from "../types.js";

export interface BuildContext {
  configFile: string;
  config: SplitConfig;
  taxonomy: Taxonomy;
  sources: { descriptor: ResolvedSource; adapter: SourceAdapter }[];
}

export interface ContextOptions {
  configFile: string;
  seed?: number | undefined;
  sourceOverrides?: ReadonlyMap<string, string>;
}

export async function loadContext(options: ContextOptions): Promise<BuildContext> {
  const { config, dir } = await loadSplitConfig(options.configFile, options.seed);
  const taxonomy = await loadTaxonomy(categoriesDir(config, dir));
  checkCategoryNames(config, taxonomy, options.configFile);
  const descriptors = await loadSources(config.sources, dir, options.sourceOverrides ?? new Map());
  const sources = descriptors.map((descriptor) => ({
    descriptor,
    adapter: createAdapter(descriptor.adapter, adapterOptions(config, descriptor)),
  }));
  return { configFile: options.configFile, config, taxonomy, sources };
}

/** Descriptor options, then the config's per-source options; the config's Super-NI budget applies too. */
function adapterOptions(config: SplitConfig, descriptor: ResolvedSource): Record<string, unknown> {
  const options: Record<string, unknown> = { ...descriptor.options, ...config.source_options[descriptor.name] };
  if (descriptor.adapter === "supernatural") {
    const { encoding, max_chars } = config.prompts.supernatural;
    if (encoding !== "tk_instruct") options.encodings = [encoding];
    if (max_chars !== null) options.maxChars = max_chars;
  }
  return options;
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
