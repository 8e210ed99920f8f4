/** Every preset in splits/ builds on the embedded sample corpus into schema-valid, leakage-free output. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertSchema } from "../../src/config/schemas.js";
import { build } from "../../src/pipeline/build.js";
import { ROOT, readRecords, removeDir, tempDir } from "./helpers.js";

const presets = readdirSync(join(ROOT, "splits"))
  .filter((f) => f.endsWith(".yaml"))
  .sort();

describe("presets", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => removeDir(dir));

  it("ships demo, superni-default, t0 and opt-iml", () => {
    expect(presets).toEqual(expect.arrayContaining(["demo.yaml", "opt-iml.yaml", "superni-default.yaml", "t0.yaml"]));
  });

  for (const preset of presets) {
    it(`${preset} builds schema-valid output with no dataset on both sides`, async () => {
      const out = join(dir, preset);
      const manifest = await build({ configFile: join(ROOT, "splits", preset), out });
      assertSchema("manifest", manifest, preset);
      const records = await readRecords(out);
      for (const r of records) assertSchema("output-record", r, r.id);
      const evalDatasets = new Set(
        records.filter((r) => r.split === "heldout_category" || r.split === "heldout_task").map((r) => r.dataset),
      );
      if (manifest.config && (manifest.config as { shared_dataset_rule?: boolean }).shared_dataset_rule !== false) {
        expect(records.filter((r) => r.split === "train" && evalDatasets.has(r.dataset))).toEqual([]);
      }
      expect(manifest.counts.by_split.train).toBeGreaterThan(0);
    });
  }
});
