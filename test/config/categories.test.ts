import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { canonicalDataset, categorize, loadTaxonomy, normalizeDatasetId } from "../../src/config/categories.js";
import { closestNames } from "../../src/core/closest-names.js";
import { SchemaError, UserError } from "../../src/errors.js";
import { sourceNames } from "../../src/sources/registry.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/categories");
const SHIPPED = path.join(ROOT, "categories");

async function issuesOf(dir: string): Promise<{ file: string; pointer: string; message: string }[]> {
  const error = await loadTaxonomy(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SchemaError);
  return (error as SchemaError).issues.map((i) => ({ ...i, file: path.relative(FIXTURES, i.file) }));
}

describe("loadTaxonomy on fixtures", () => {
  test("a valid directory loads with task labels resolved through labels", async () => {
    const taxonomy = await loadTaxonomy(path.join(FIXTURES, "valid"));
    expect(taxonomy.categories).toEqual(["Textual Entailment", "Question Answering", "Sentiment Analysis", "Semantic Parsing"]);
    expect([...taxonomy.maps.keys()]).toEqual(["promptsource", "supernatural"]);
    const ps = taxonomy.maps.get("promptsource");
    expect(Object.fromEntries(ps?.tasks ?? [])).toEqual({
      "glossy_nli/easy": "Textual Entailment",
      pebble_qa: "Question Answering",
      "pebble_qa/reviews": "Sentiment Analysis",
    });
    expect(Object.fromEntries(taxonomy.datasetAliases)).toEqual({
      glossy_nli: "glossy_nli",
      "glossy_nli/easy": "glossy_nli",
      "glossy_nli/hard": "glossy_nli",
      pebble_qa: "pebble_qa",
      "pebble_qa/v1_0": "pebble_qa",
    });
  });

  test("every map, schema and alias problem is reported at once, with file, pointer and closest names", async () => {
    expect(await issuesOf(path.join(FIXTURES, "bad-maps"))).toEqual([
      {
        file: "bad-maps/maps/extra.yaml",
        pointer: "/source",
        message: 'the map for source "promptsource" must be maps/promptsource.yaml (one file per source).',
      },
      {
        file: "bad-maps/maps/flan.yaml",
        pointer: "/labels/entailment",
        message: 'unknown category "Textual Entailmant". Closest: "Textual Entailment".',
      },
      {
        file: "bad-maps/maps/flan.yaml",
        pointer: "/task_labels/pebble",
        message: 'label "closed_book" is not in labels and is not a category. Add it to labels.',
      },
      {
        file: "bad-maps/maps/flan.yaml",
        pointer: "/tasks/sst_like",
        message: 'unknown category "Sentiment". Closest: "Sentiment Analysis".',
      },
      { file: "bad-maps/maps/unifiedskg.yaml", pointer: "", message: 'missing required field "labels".' },
      {
        file: "bad-maps/maps/unifiedskg.yaml",
        pointer: "/label",
        message: 'unknown field "label". Remove it or check its spelling. Expected one of: version, source, labels, task_labels, tasks.',
      },
      {
        file: "bad-maps/maps/unifiedskg.yaml",
        pointer: "/source",
        message: 'expected one of: "supernatural", "promptsource", "flan", "unifiedskg".',
      },
      {
        file: "bad-maps/datasets.yaml",
        pointer: "/datasets/1/id",
        message: 'dataset id "Pebble-QA" is not normalized; write "pebble_qa".',
      },
      {
        file: "bad-maps/datasets.yaml",
        pointer: "/datasets/1/aliases/1",
        message:
          'alias "glossy-nli/easy" (normalized "glossy_nli/easy") already names dataset "glossy_nli" at /datasets/0/aliases/0. An alias names exactly one dataset.',
      },
      {
        file: "bad-maps/datasets.yaml",
        pointer: "/datasets/2/id",
        message:
          'alias "glossy_nli" (normalized "glossy_nli") already names dataset "glossy_nli" at /datasets/0/id. An alias names exactly one dataset.',
      },
    ]);
  });

  test("a taxonomy that breaks its schema fails before the maps are read", async () => {
    expect(await issuesOf(path.join(FIXTURES, "bad-taxonomy"))).toEqual([
      {
        file: "bad-taxonomy/taxonomy.yaml",
        pointer: "/categories/0/origin",
        message: 'expected one of: "supernatural", "opt-iml", "iml-bench".',
      },
      { file: "bad-taxonomy/taxonomy.yaml", pointer: "/categories/1", message: 'missing required field "description".' },
      {
        file: "bad-taxonomy/taxonomy.yaml",
        pointer: "/categories/1/parent",
        message: 'unknown field "parent". Remove it or check its spelling. Expected one of: name, description, origin, merged_from.',
      },
    ]);
  });

  test("category names that differ only in case are duplicates; a missing maps/ folder is allowed", async () => {
    expect(await issuesOf(path.join(FIXTURES, "duplicate-category"))).toEqual([
      {
        file: "duplicate-category/taxonomy.yaml",
        pointer: "/categories/1/name",
        message: 'category "question answering" duplicates /categories/0/name.',
      },
    ]);
  });

  test("a missing taxonomy file is a config error naming the file", async () => {
    const error = await loadTaxonomy(path.join(FIXTURES, "nowhere")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe("E_CONFIG");
    expect((error as UserError).message).toContain(path.join(FIXTURES, "nowhere", "taxonomy.yaml"));
  });
});

describe("categorize", () => {
  test("task override > first label that maps > a label that is a category > suggestions", async () => {
    const taxonomy = await loadTaxonomy(path.join(FIXTURES, "valid"));
    const ps = (name: string, sourceCategories: string[]) => categorize({ source: "promptsource", name, sourceCategories }, taxonomy);
    expect(ps("pebble_qa/reviews", ["NLI"])).toEqual({ ok: true, category: "Sentiment Analysis", via: "task" });
    expect(ps("pebble_qa", [])).toEqual({ ok: true, category: "Question Answering", via: "task" });
    expect(ps("other", ["unknown", "QA_extractive", "NLI"])).toEqual({ ok: true, category: "Question Answering", via: "label" });
    expect(ps("other", ["qa extractive"])).toEqual({ ok: true, category: "Question Answering", via: "label" });
    expect(ps("other", ["semantic_parsing"])).toEqual({ ok: true, category: "Semantic Parsing", via: "identity" });
    expect(ps("other", ["Sentiment analysiss", "NLII"])).toEqual({ ok: false, suggestions: ["Sentiment Analysis"] });
    expect(ps("textual entailmnt", [])).toEqual({ ok: false, suggestions: ["Textual Entailment"] });
    // a source without a map still takes labels that are category names
    expect(categorize({ source: "flan", name: "x", sourceCategories: ["Question Answering"] }, taxonomy)).toEqual({
      ok: true,
      category: "Question Answering",
      via: "identity",
    });
  });
});

describe("dataset ids", () => {
  test("normalizeDatasetId lower-cases, joins separators with _, keeps /", () => {
    expect(normalizeDatasetId("super_glue/rte")).toBe("super_glue/rte");
    expect(normalizeDatasetId("  ai2_arc/ARC-Challenge ")).toBe("ai2_arc/arc_challenge");
    expect(normalizeDatasetId("squad2.0")).toBe("squad2_0");
    expect(normalizeDatasetId("curated_from_stack_overflow___english.")).toBe("curated_from_stack_overflow_english");
    expect(normalizeDatasetId("Glossy  NLI")).toBe("glossy_nli");
  });

  test("canonicalDataset follows aliases, else returns the normalized id", async () => {
    const taxonomy = await loadTaxonomy(path.join(FIXTURES, "valid"));
    expect(canonicalDataset("Glossy-NLI/Hard", taxonomy)).toBe("glossy_nli");
    expect(canonicalDataset("pebble_qa/v1.0", taxonomy)).toBe("pebble_qa");
    expect(canonicalDataset("pebble_qa/v2", taxonomy)).toBe("pebble_qa/v2");
  });
});

describe("closestNames", () => {
  const names = ["Textual Entailment", "Text Matching", "Text Completion", "Summarization", "Stance Detection", "Stereotype Detection"];
  test("substring matches first, then edit distance, ties by code unit", () => {
    expect(closestNames("entailment", names)).toEqual(["Textual Entailment"]);
    expect(closestNames("summarisation", names)).toEqual(["Summarization"]);
    expect(closestNames("text", names)).toEqual(["Text Matching", "Text Completion", "Textual Entailment"]);
    expect(closestNames("Stance Detectoin", ["Stereotype Detection", "Stance Detection"])).toEqual([
      "Stance Detection",
      "Stereotype Detection",
    ]);
    expect(closestNames("ab", ["ad", "ac"])).toEqual(["ac", "ad"]);
    expect(closestNames("Detection", names, 5)).toEqual(["Stance Detection", "Stereotype Detection"]);
    expect(closestNames("zzzz", names)).toEqual([]);
  });
});

describe("the shipped categories/ folder", () => {
  const rawMaps = readdirSync(path.join(SHIPPED, "maps"))
    .sort()
    .map((f) => ({
      f,
      doc: parse(readFileSync(path.join(SHIPPED, "maps", f), "utf8")) as {
        source: string;
        labels: Record<string, string>;
        tasks?: Record<string, string>;
      },
    }));

  test("loads without issues", async () => {
    const taxonomy = await loadTaxonomy(SHIPPED);
    expect(taxonomy.categories.length).toBe(79);
  });

  test("every map file is a known source, and every source has a map", () => {
    expect(rawMaps.map((m) => m.f)).toEqual(
      sourceNames()
        .sort()
        .map((s) => `${s}.yaml`),
    );
    for (const { f, doc } of rawMaps) expect(`${doc.source}.yaml`).toBe(f);
  });

  test("every category named in every map exists", async () => {
    const { categories } = await loadTaxonomy(SHIPPED);
    for (const { doc } of rawMaps) {
      for (const category of [...Object.values(doc.labels), ...Object.values(doc.tasks ?? {})]) expect(categories).toContain(category);
    }
  });

  test("the base is Super-NI's 76 types, each mapping to itself", async () => {
    const taxonomy = parse(readFileSync(path.join(SHIPPED, "taxonomy.yaml"), "utf8")) as {
      categories: { name: string; origin: string; merged_from?: string[] }[];
    };
    const base = taxonomy.categories.filter((c) => c.origin === "supernatural").map((c) => c.name);
    expect(base.length).toBe(76);
    const sni = rawMaps.find((m) => m.doc.source === "supernatural")?.doc.labels ?? {};
    expect(Object.entries(sni)).toEqual(base.map((name) => [name, name]));
  });

  test("every merged_from label maps to its category in some map", async () => {
    const taxonomy = parse(readFileSync(path.join(SHIPPED, "taxonomy.yaml"), "utf8")) as {
      categories: { name: string; merged_from?: string[] }[];
    };
    const { maps } = await loadTaxonomy(SHIPPED);
    for (const { name, merged_from: merged = [] } of taxonomy.categories) {
      for (const label of merged) {
        const targets = [...maps.values()].map((m) => m.labels.get(label)).filter((c) => c !== undefined);
        expect({ label, targets: [...new Set(targets)] }).toEqual({ label, targets: [name] });
      }
    }
  });

  test("dataset aliases are unique after normalization and ids are normalized", () => {
    const doc = parse(readFileSync(path.join(SHIPPED, "datasets.yaml"), "utf8")) as { datasets: { id: string; aliases: string[] }[] };
    const owner = new Map<string, string>();
    for (const { id, aliases } of doc.datasets) {
      expect(normalizeDatasetId(id)).toBe(id);
      for (const alias of new Set([id, ...aliases].map(normalizeDatasetId))) {
        expect(owner.get(alias) ?? id, `alias ${alias}`).toBe(id);
        owner.set(alias, id);
      }
    }
  });
});
