/**
 * Every FLAN 2021 and FLAN v2 PATTERNS key has a canonical category, both through the labels a build
 * reads (FLAN's clusters from task_splits.py and flan_collection_info.csv) and by its name alone (a root
 * without those files). Keys come from a real FLAN clone (IML_FLAN_REAL_DIR), else from the shared
 * renderings of the same modules (../shared/sources-sample/flan), else the suite skips visibly; the
 * sample corpus is checked always. Opt-in, `validate --source flan=<clone>` finds no problem.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { categorize, loadTaxonomy, type Taxonomy } from "../../../src/config/categories.js";
import { validate } from "../../../src/pipeline/validate.js";
import { type ClusterMap, readClusters, readCollectionInfo } from "../../../src/sources/flan/clusters.js";
import { readFlanModule } from "../../../src/sources/flan/module.js";
import { type CategorySources, sourceCategoriesOf } from "../../../src/sources/flan/task-record.js";
import { zeroShotTable } from "../../../src/sources/flan/templates.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SAMPLE = path.join(ROOT, "sources/sample/flan");
const SHARED = path.resolve(ROOT, "../shared/sources-sample/flan");
const REAL = process.env.IML_FLAN_REAL_DIR;
const realReady = REAL !== undefined && existsSync(path.join(REAL, "flan/v2/templates.py"));
const where = realReady ? `the real clone ${REAL}` : existsSync(SHARED) ? "the shared renderings" : undefined;
if (where === undefined)
  console.warn(
    "[flan categories] neither IML_FLAN_REAL_DIR nor ../shared/sources-sample/flan is there: the key coverage check is skipped.",
  );

/** Each template module and its shared rendering; the labels' files in a clone and in the renderings. */
const MODULES: Record<string, string> = {
  "flan/templates.py": "2021/templates.py.json",
  "flan/v2/templates.py": "v2/templates.py.json",
  "flan/v2/flan_templates_branched.py": "v2/flan_templates_branched.py.json",
};
const LABEL_FILES = realReady
  ? { clusters: "flan/task_splits.py", info: "flan/v2/flan_collection_info.csv" }
  : { clusters: "2021/task_clusters.json", info: "v2/flan_collection_info.csv" };

/** The three template modules' PATTERNS keys, the clusters and the collection categories, from the clone or the renderings. */
async function upstream(): Promise<{ modules: Record<string, string[]>; categories: CategorySources }> {
  const base = realReady ? (REAL as string) : SHARED;
  const keys = (py: string, rendering: string): string[] => {
    if (!realReady) return Object.keys((JSON.parse(readFileSync(path.join(base, rendering), "utf8")) as { PATTERNS: object }).PATTERNS);
    return [...(zeroShotTable(readFlanModule(readFileSync(path.join(base, py), "utf8"), py))?.keys() ?? [])];
  };
  return {
    modules: Object.fromEntries(Object.entries(MODULES).map(([py, rendering]) => [py, keys(py, rendering)])),
    categories: {
      clusters: await readClusters(path.join(base, LABEL_FILES.clusters)),
      collectionInfo: await readCollectionInfo(path.join(base, LABEL_FILES.info)),
    },
  };
}

let taxonomy: Taxonomy;
beforeAll(async () => {
  taxonomy = await loadTaxonomy(path.join(ROOT, "categories"));
});

/** The category a task of this name gets from these labels; undefined when unmapped. */
function categoryOf(name: string, labels: string[]): string | undefined {
  const result = categorize({ source: "flan", name, sourceCategories: labels }, taxonomy);
  return result.ok ? result.category : undefined;
}

const NO_LABELS: CategorySources = { clusters: {}, collectionInfo: new Map() };

function unmapped(names: readonly string[], categories: CategorySources): string[] {
  return names.filter((name) => categoryOf(name, sourceCategoriesOf(categories, name, name)) === undefined);
}

describe.skipIf(where === undefined)(`every FLAN PATTERNS key has a category (${where ?? "skipped: no FLAN modules"})`, () => {
  let modules: Record<string, string[]>;
  let categories: CategorySources;
  beforeAll(async () => {
    ({ modules, categories } = await upstream());
  });

  it("reads all three modules: 61, 120 and 61 keys", () => {
    expect(Object.fromEntries(Object.entries(modules).map(([m, keys]) => [m, keys.length]))).toEqual({
      "flan/templates.py": 61,
      "flan/v2/templates.py": 120,
      "flan/v2/flan_templates_branched.py": 61,
    });
  });

  it("no key is unmapped, with FLAN's clusters and collection categories or by its name alone", () => {
    for (const [module, keys] of Object.entries(modules)) {
      expect(unmapped(keys, categories), module).toEqual([]);
      expect(unmapped(keys, NO_LABELS), module).toEqual([]);
    }
  });

  it("every task name of FLAN 2021's clusters (the names FLAN's rows go by) is mapped", () => {
    const names = Object.values(categories.clusters as ClusterMap).flat();
    expect(names).toHaveLength(69);
    expect(unmapped(names, categories)).toEqual([]);
  });

  it("the chain-of-thought keys are Reasoning; their input inversions ask for a question", () => {
    const keys = modules["flan/v2/templates.py"] ?? [];
    const cot = keys.filter((k) => /^(cot|stream)_[a-z0-9]+$/.test(k));
    expect(cot).toEqual([
      "cot_gsm8k",
      "cot_strategyqa",
      "cot_creak",
      "cot_qasc",
      "cot_esnli",
      "cot_ecqa",
      "cot_sensemaking",
      "stream_aqua",
      "stream_qed",
    ]);
    for (const key of cot) expect(categoryOf(key, sourceCategoriesOf(categories, key, key)), key).toBe("Reasoning");
    const inversions = keys.filter((k) => /^(cot|stream)_input_inversion_/.test(k));
    expect(inversions).toHaveLength(9);
    for (const key of inversions) expect(categoryOf(key, sourceCategoriesOf(categories, key, key)), key).toBe("Question Generation");
  });
});

describe("the sample corpus's keys", () => {
  it("all have a category by name alone", () => {
    const file = path.join(SAMPLE, "templates.py");
    const keys = [...(zeroShotTable(readFlanModule(readFileSync(file, "utf8"), file))?.keys() ?? [])];
    expect(keys.length).toBeGreaterThan(5);
    expect(unmapped(keys, NO_LABELS)).toEqual([]);
  });
});

describe.skipIf(!realReady)(
  `validate over a real FLAN clone${realReady ? "" : " (skipped: set IML_FLAN_REAL_DIR to a FLAN clone)"}`,
  () => {
    const sourceOverrides = new Map([["flan", REAL as string]]);
    for (const [module, tasks, noRows] of [
      [undefined, 120, 106],
      ["flan/templates.py", 61, 61],
    ] as const) {
      it(`${module ?? "as it comes (flan/v2/templates.py)"}: ${tasks} FLAN tasks, no problem, ${noRows} without rows`, async () => {
        const optionOverrides = new Map(module ? [["flan", { templates: module }]] : []);
        const report = await validate({ configFile: path.join(ROOT, "splits/opt-iml.yaml"), sourceOverrides, optionOverrides });
        expect(report.problems).toEqual([]);
        expect(report.notes.filter((n) => n.includes("has no rows"))).toHaveLength(noRows);
        expect(report.tasks).toBeGreaterThanOrEqual(tasks);
      }, 120_000);
    }
  },
);
