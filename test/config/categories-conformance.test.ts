/**
 * Every task of the real upstream samples in ../shared/sources-sample maps to a category and names a known
 * dataset. Skips visibly when that folder is absent.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { beforeAll, describe, expect, test } from "vitest";
import { canonicalDataset, categorize, loadTaxonomy, normalizeDatasetId, type Taxonomy } from "../../src/config/categories.js";
import { parseCsv } from "../../src/sources/flan/clusters.js";
import type { SourceName } from "../../src/types.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SAMPLES = path.resolve(ROOT, "../shared/sources-sample");
if (!existsSync(SAMPLES)) console.warn(`categories conformance skipped: ${SAMPLES} is absent (real upstream samples live there)`);

let taxonomy: Taxonomy;
beforeAll(async () => {
  taxonomy = await loadTaxonomy(path.join(ROOT, "categories"));
});

function category(source: SourceName, name: string, sourceCategories: string[]): string {
  const result = categorize({ source, name, sourceCategories }, taxonomy);
  expect(result, `${source}/${name} [${sourceCategories.join(", ")}]`).toMatchObject({ ok: true });
  return result.ok ? result.category : "";
}

/** The dataset is listed in categories/datasets.yaml (an id or an alias), not merely normalized. */
function expectKnownDataset(name: string): string {
  expect(taxonomy.datasetAliases.has(normalizeDatasetId(name)), `dataset "${name}" in categories/datasets.yaml`).toBe(true);
  return canonicalDataset(name, taxonomy);
}

describe.skipIf(!existsSync(SAMPLES))("shared upstream samples map", () => {
  test("Super-NI: every INDEX.tsv category and every task file's Categories and Source", () => {
    const dir = path.join(SAMPLES, "supernatural");
    const index = readFileSync(path.join(dir, "INDEX.tsv"), "utf8").trim().split("\n").slice(1);
    const labels = new Set(index.map((line) => line.split("\t")[1] ?? ""));
    expect(labels.size).toBeGreaterThan(30);
    for (const label of labels) expect(category("supernatural", "index", [label])).toBe(label);
    const files = fg.sync("tasks/*.json", { cwd: dir }).sort();
    expect(files.length).toBe(42);
    for (const file of files) {
      const task = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { Categories: string[]; Source: string[] };
      category("supernatural", path.basename(file, ".json"), task.Categories);
      expectKnownDataset(task.Source[0] ?? "");
    }
  });

  test("PromptSource: every templates/<dataset>[/<subset>] by its T0 cluster or override", () => {
    const dirs = fg
      .sync("**/templates.yaml", { cwd: path.join(SAMPLES, "promptsource/templates") })
      .map(path.dirname)
      .sort();
    expect(dirs.length).toBe(26);
    const found = Object.fromEntries(dirs.map((name) => [name, category("promptsource", name, [])]));
    expect(found).toMatchObject({
      "super_glue/cb": "Textual Entailment",
      "super_glue/copa": "Cause Effect Classification",
      ag_news: "Text Categorization",
      common_gen: "Data to Text",
    });
    for (const name of dirs) expectKnownDataset(name);
    expect(canonicalDataset("super_glue/rte", taxonomy)).toBe("rte");
  });

  test("FLAN 2021: every task maps through its cluster, with or without the cluster as a label", () => {
    const { clusters } = JSON.parse(readFileSync(path.join(SAMPLES, "flan/2021/task_clusters.json"), "utf8")) as {
      clusters: Record<string, string[]>;
    };
    let count = 0;
    for (const [cluster, tasks] of Object.entries(clusters)) {
      expect(category("flan", "no-such-task", [cluster])).toBeTruthy();
      for (const task of tasks) {
        expect(category("flan", task, [cluster])).toBe(category("flan", task, []));
        expectKnownDataset(task);
        count++;
      }
    }
    expect(count).toBe(69);
    expect(canonicalDataset("rte", taxonomy)).toBe(canonicalDataset("super_glue/rte", taxonomy));
  });

  test("FLAN v2: every PATTERNS key that names a task maps by name alone", () => {
    const { PATTERNS } = JSON.parse(readFileSync(path.join(SAMPLES, "flan/v2/templates.py.json"), "utf8")) as {
      PATTERNS: Record<string, unknown>;
    };
    // generic T0 templates, the Super-NI wrapper and BIG-bench probes are not tasks of their own
    const keys = Object.keys(PATTERNS).filter((k) => !/^(t0_|natinst_v2$|bigbench:)/.test(k));
    expect(keys.length).toBe(112);
    // keys whose templates serve several datasets (six WMT16 pairs; the dialog sets)
    const shared = new Set([
      "wmt16_translate",
      "cot_stream_general_input_inversion",
      "predict_next_turn_dialog",
      "predict_next_turn_dialog_input_inversion",
    ]);
    for (const key of keys) {
      category("flan", key, []);
      if (!shared.has(key)) expectKnownDataset(key);
    }
  });

  test("FLAN Collection: every Specific/Generic Task Category of flan_collection_info.csv", () => {
    const [header, ...rows] = parseCsv(readFileSync(path.join(SAMPLES, "flan/v2/flan_collection_info.csv"), "utf8"));
    expect(header).toEqual(["Source", "Dataset", "Specific Task Category", "Generic Task Category", "Languages"]);
    expect(rows.length).toBe(1945);
    for (const [source = "", dataset = "", specific = "", generic = ""] of rows) {
      category("flan", "csv-row", [generic]);
      // NIv2 and T0 rows hold a task or template name in "Specific Task Category", not a category
      if (source !== "NIv2" && source !== "T0") category("flan", "csv-row", [specific]);
      category("flan", dataset, [specific, generic]);
    }
  });

  test("UnifiedSKG: every META_TUNING cfg by name and by its description's task", () => {
    const dir = path.join(SAMPLES, "unifiedskg/configure/META_TUNING");
    const cfgs = readdirSync(dir)
      .filter((f) => f.endsWith(".cfg"))
      .sort();
    expect(cfgs.length).toBe(35);
    for (const cfg of cfgs) {
      const name = cfg.replace(/\.cfg$/, "");
      const description = /^description = task: (.*)$/m.exec(readFileSync(path.join(dir, cfg), "utf8"))?.[1] ?? "";
      expect(category("unifiedskg", name, [])).toBe(category("unifiedskg", "other", [description]));
      expectKnownDataset(name);
    }
    const families = ["Semantic parsing", "Question answering", "Data-to-text", "Conversational", "Fact verification", "High-fidelity NLG"];
    for (const family of families) category("unifiedskg", "other", [family.toLowerCase().replace(/[ -]/g, "_")]);
  });
});
