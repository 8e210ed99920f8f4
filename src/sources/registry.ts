/** The adapter registry: one factory per source, one file per adapter. */
import { UserError } from "../errors.js";
import type { SourceAdapter, SourceName } from "../types.js";
import { createFlanAdapter, type FlanOptions } from "./flan/adapter.js";
import { createPromptSourceAdapter, type PromptSourceOptions } from "./promptsource/adapter.js";
import { createSupernaturalAdapter, type SupernaturalOptions } from "./supernatural/adapter.js";
import { createUnifiedSkgAdapter, type UnifiedSkgOptions } from "./unifiedskg/adapter.js";

type Factory = (options: Record<string, unknown>) => SourceAdapter;

/** Options arrive from YAML; each adapter checks its own at construction and names what is wrong. */
export const ADAPTERS: Record<SourceName, Factory> = {
  supernatural: (options) => createSupernaturalAdapter(options as SupernaturalOptions),
  promptsource: (options) => createPromptSourceAdapter(options as PromptSourceOptions),
  flan: (options) => createFlanAdapter(options as FlanOptions),
  unifiedskg: (options) => createUnifiedSkgAdapter(options as UnifiedSkgOptions),
};

export function createAdapter(name: SourceName, options: Record<string, unknown> = {}): SourceAdapter {
  const factory = ADAPTERS[name];
  if (!factory) throw new UserError("E_CONFIG", `no adapter named "${name}". Available: ${Object.keys(ADAPTERS).sort().join(", ")}.`);
  return factory(options);
}
