/**
 * Each source's `pull` description: which Hub datasets a checkout reads and where their rows go, from the
 * checkout and the adapter's options only; a folder option outside the root refused; the descriptor's
 * `pull.hub` checked by its schema.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { schemaIssues } from "../../src/config/schemas.js";
import type { HubRows, SourceDefinition } from "../../src/sources/contract.js";
import { resolveOptions } from "../../src/sources/options.js";
import { findSource } from "../../src/sources/registry.js";
import { ROOT } from "../pipeline/helpers.js";
import { rootAt } from "./conformance.js";

const sample = (name: string) => path.join(ROOT, "sources", "sample", name);

async function hubRows(name: string, options: Record<string, unknown> = {}): Promise<HubRows[]> {
  const source = findSource(name) as SourceDefinition;
  const resolved = resolveOptions(source, [{ origin: "test", values: options }]);
  return source.pull ? source.pull.hubRows(rootAt(sample(name)), resolved) : [];
}

describe("pull descriptions", () => {
  it("PromptSource: every template set's dataset and subset, into <rows>/<set>/", async () => {
    expect(await hubRows("promptsource")).toEqual([
      { dataset: "imdb", tasks: ["imdb"], folder: "rows/imdb" },
      { dataset: "squad", tasks: ["squad"], folder: "rows/squad" },
      { dataset: "super_glue", config: "rte", tasks: ["super_glue/rte"], folder: "rows/super_glue/rte" },
    ]);
    expect((await hubRows("promptsource", { rows: "hub/rows/" })).map((r) => r.folder)).toEqual([
      "hub/rows/imdb",
      "hub/rows/squad",
      "hub/rows/super_glue/rte",
    ]);
  });

  it("UnifiedSKG: every task's loader, into <data>/<task>/", async () => {
    expect(await hubRows("unifiedskg")).toEqual([
      { dataset: "dart", tasks: ["dart"], folder: "data/dart" },
      { dataset: "spider", tasks: ["spider_with_cell"], folder: "data/spider_with_cell" },
      { dataset: "wikitq", tasks: ["wikitq"], folder: "data/wikitq" },
    ]);
  });

  it("FLAN: nothing in templates mode (TFDS rows, CoT data in the clone); the FLAN 2021 submix in collection mode", async () => {
    expect(await hubRows("flan")).toEqual([]);
    expect(await hubRows("flan", { mode: "collection", collection: "exports" })).toEqual([
      { dataset: "DataProvenanceInitiative/flan2021_submix_original", tasks: [], folder: "exports/flan2021_submix" },
    ]);
  });

  it("Super-NI: no pull description, its instances are in the repository", () => {
    expect(findSource("supernatural")?.pull).toBeUndefined();
  });

  it("refuses a rows folder outside the root, naming the option", async () => {
    await expect(hubRows("promptsource", { rows: "/elsewhere/rows" })).rejects.toThrow(
      `[adapter:promptsource] ${rootAt(sample("promptsource")).file}: option "rows" names "/elsewhere/rows", outside the data root; pull puts rows under the root`,
    );
    await expect(hubRows("unifiedskg", { data: "../data" })).rejects.toThrow(/option "data" names "..\/data", outside the data root/);
  });

  it("checks a descriptor's pull.hub: Hub ids or null", () => {
    const descriptor = { version: 1, name: "promptsource", adapter: "promptsource", path: "x" };
    expect(schemaIssues("source", { ...descriptor, pull: { hub: { super_glue: "aps/super_glue", squad: null } } }, "d.yaml")).toEqual([]);
    expect(schemaIssues("source", { ...descriptor, pull: { hub: { x: "not an id!" } } }, "d.yaml").map((i) => i.pointer)).toContain(
      "/pull/hub/x",
    );
    expect(
      schemaIssues("source", { ...descriptor, pull: { mirrors: {} } }, "d.yaml")
        .map((i) => i.message)
        .join(),
    ).toContain("mirrors");
  });
});
