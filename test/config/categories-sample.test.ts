/**
 * The project's own sample corpus (sources/sample/<source>/) maps completely: every task has a category and
 * its dataset is listed in categories/datasets.yaml. Each source's part skips visibly while it is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { beforeAll, describe, expect, test } from "vitest";
import { categorize, loadTaxonomy, normalizeDatasetId, type Taxonomy } from "../../src/config/categories.js";
import type { SourceName } from "../../src/types.js";

const SAMPLE = path.resolve(import.meta.dirname, "../../sources/sample");
const present = (source: SourceName): boolean => {
  const ok = existsSync(path.join(SAMPLE, source));
  if (!ok) console.warn(`categories sample check skipped for ${source}: ${path.join(SAMPLE, source)} is absent`);
  return ok;
};

let taxonomy: Taxonomy;
beforeAll(async () => {
  taxonomy = await loadTaxonomy(path.resolve(import.meta.dirname, "../../categories"));
});

function expectMapped(source: SourceName, name: string, sourceCategories: string[], dataset: string): void {
  expect(categorize({ source, name, sourceCategories }, taxonomy), `${source}/${name}`).toMatchObject({ ok: true });
  expect(taxonomy.datasetAliases.has(normalizeDatasetId(dataset)), `dataset "${dataset}" of ${source}/${name}`).toBe(true);
}

describe("sample corpus tasks map", () => {
  test.skipIf(!present("supernatural"))("supernatural: Categories and Source of every task file", () => {
    const files = fg.sync("tasks/*.json", { cwd: path.join(SAMPLE, "supernatural") });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const task = JSON.parse(readFileSync(path.join(SAMPLE, "supernatural", file), "utf8")) as { Categories: string[]; Source: string[] };
      expectMapped("supernatural", path.basename(file, ".json"), task.Categories, task.Source[0] ?? "");
    }
  });

  test.skipIf(!present("promptsource"))("promptsource: every templates/<dataset>[/<subset>]", () => {
    const dirs = fg.sync("templates/**/templates.yaml", { cwd: path.join(SAMPLE, "promptsource") });
    expect(dirs.length).toBeGreaterThan(0);
    for (const file of dirs) {
      const name = path.dirname(path.relative("templates", file)).split(path.sep).join("/");
      expectMapped("promptsource", name, [], name);
    }
  });

  test.skipIf(!present("unifiedskg"))("unifiedskg: every configure/META_TUNING/<task>.cfg", () => {
    const cfgs = fg.sync("configure/META_TUNING/*.cfg", { cwd: path.join(SAMPLE, "unifiedskg") });
    expect(cfgs.length).toBeGreaterThan(0);
    for (const cfg of cfgs) expectMapped("unifiedskg", path.basename(cfg, ".cfg"), [], path.basename(cfg, ".cfg"));
  });
});
