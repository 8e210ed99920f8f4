/**
 * Adding a source touches its folder, the registry line, its descriptor, its category map and its sample
 * corpus: here a throwaway source registered only in this test passes the conformance suite and builds
 * end to end with the rest of the pipeline unchanged.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { schemaIssues } from "../../../src/config/schemas.js";
import { build } from "../../../src/pipeline/build.js";
import { validate } from "../../../src/pipeline/validate.js";
import { SOURCES } from "../../../src/sources/registry.js";
import type { OutputRecord } from "../../../src/types.js";
import { ROOT, readRecords, removeDir, tempDir } from "../../pipeline/helpers.js";
import { testAdapter } from "../conformance.js";
import { lines } from "./index.js";

const FIXTURE = path.join(ROOT, "test", "fixtures", "lines");
const registry = [...SOURCES, lines];

testAdapter(lines, { root: FIXTURE, rowFiles: ["tasks/*.txt"], registry });

describe("a source registered only in tests", () => {
  it("validates and builds end to end: categories from its map, all three levels, demonstrations", async () => {
    const configFile = path.join(FIXTURE, "split.yaml");
    const report = await validate({ configFile, registry });
    expect(report.problems).toEqual([]);
    expect(report.tasks).toBe(3);
    const out = await tempDir();
    try {
      const manifest = await build({ configFile, out: path.join(out, "b"), registry });
      const records = await readRecords(path.join(out, "b"));
      for (const r of records) expect(schemaIssues("output-record", r, r.id, registry)).toEqual([]);
      const by = (split: OutputRecord["split"]) => records.filter((r) => r.split === split);
      expect(new Set(by("heldout_category").map((r) => r.task))).toEqual(new Set(["lines/capitals"]));
      expect(by("train").length).toBeGreaterThan(0);
      expect(by("heldout_instance").length).toBeGreaterThan(0);
      expect(records.every((r) => r.source === "lines")).toBe(true);
      expect(manifest.tasks.map((t) => [t.task, t.category, t.dataset])).toEqual([
        ["lines/antonyms", "Vocabulary", "antonym_pairs"],
        ["lines/capitals", "Geography", "world_capitals"],
        ["lines/plurals", "Vocabulary", "plural_forms"],
      ]);
      const twoShot = by("heldout_category").filter((r) => r.variant === "2shot");
      expect(twoShot.length).toBeGreaterThan(0);
      for (const r of twoShot) expect(r.prompt.split("\n\n\n")).toHaveLength(3);
      expect(JSON.parse(await readFile(path.join(out, "b", "manifest.json"), "utf8"))).toEqual(manifest);
    } finally {
      await removeDir(out);
    }
  });

  it("is unknown to the package's own registry", async () => {
    const report = await validate({ configFile: path.join(FIXTURE, "split.yaml") });
    expect(report.problems.join("\n")).toContain('expected one of: "supernatural", "promptsource", "flan", "unifiedskg"');
  });
});
