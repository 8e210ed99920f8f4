/** A resolved split config for unit tests, with overrides. */

import { DEFAULT_AUDIT_CONFIG } from "../../src/audit/config.js";
import type { SplitConfig } from "../../src/config/split-config.js";
import { DEFAULT_TEMPLATE_RULE } from "../../src/config/split-config.js";

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
    prompts: {
      supernatural: { encoding: "def+pos2", max_chars: null },
      promptsource: DEFAULT_TEMPLATE_RULE,
      flan: DEFAULT_TEMPLATE_RULE,
      unifiedskg: DEFAULT_TEMPLATE_RULE,
    },
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
