/** A resolved split config for unit tests, with overrides. */

import { DEFAULT_AUDIT_CONFIG } from "../../src/audit/config.js";
import type { SplitConfig } from "../../src/pipeline/split-config.js";
import { SOURCES } from "../../src/sources/registry.js";

export function testConfig(overrides: Partial<SplitConfig> = {}): SplitConfig {
  return {
    version: 1,
    name: "test",
    seed: 1,
    sources: ["supernatural"],
    categories: "",
    heldout: {
      categories: [],
      tasks: { list: [], fraction: 0, categories: null },
      instances: { fraction: 0, count: null, tasks: null, datasets: null },
    },
    caps: { train: null, eval: null, sources: {} },
    prompts: Object.fromEntries(SOURCES.map((s) => [s.name, s.prompts.defaults])),
    instance_splits: { train: ["train"], eval: ["validation", "test"] },
    source_options: {},
    shared_dataset_rule: true,
    sampling: null,
    demos: null,
    delimiters: { enabled: false, list: [] },
    audit: { ...DEFAULT_AUDIT_CONFIG, enabled: false },
    ...overrides,
  };
}
