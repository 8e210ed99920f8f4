/** The adapter registry: one factory per source, one file per adapter. */
import { UserError } from "../errors.js";
import type { SourceAdapter, SourceName } from "../types.js";
import { createSupernaturalAdapter, type SupernaturalOptions } from "./supernatural.js";

type Factory = (options: Record<string, unknown>) => SourceAdapter;

/** Options arrive from YAML; each adapter checks its own and names what is wrong. */
export const ADAPTERS: Partial<Record<SourceName, Factory>> = {
  supernatural: (options) => createSupernaturalAdapter(options as SupernaturalOptions),
};

export function createAdapter(name: SourceName, options: Record<string, unknown> = {}): SourceAdapter {
  const factory = ADAPTERS[name];
  if (!factory) throw new UserError("E_CONFIG", `no adapter named "${name}". Available: ${Object.keys(ADAPTERS).sort().join(", ")}.`);
  return factory(options);
}
