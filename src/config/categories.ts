/**
 * The category taxonomy (categories/taxonomy.yaml), each source's label map (categories/maps/<source>.yaml)
 * and dataset identity (categories/datasets.yaml). Everything is checked at load time: schema, unknown
 * categories (with the closest names), unresolvable task labels and duplicate dataset aliases, all issues at once.
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { closestNames } from "../core/closest-names.js";
import { byCodeUnit } from "../core/py-str.js";
import { SchemaError, type SchemaIssue } from "../errors.js";
import { SOURCES, type Sources } from "../sources/registry.js";
import { assertSchema, schemaIssues } from "./schemas.js";
import { readYamlFile } from "./yaml-file.js";

interface SourceMap {
  labels: ReadonlyMap<string, string>;
  tasks: ReadonlyMap<string, string>;
}
export interface Taxonomy {
  readonly dir: string;
  readonly categories: readonly string[];
  readonly maps: ReadonlyMap<string, SourceMap>;
  /** Normalized alias (and normalized id) → dataset id. */
  readonly datasetAliases: ReadonlyMap<string, string>;
}
export type Categorized = { ok: true; category: string; via: "task" | "label" | "identity" } | { ok: false; suggestions: string[] };

interface TaxonomyDoc {
  version: 1;
  categories: { name: string; merged_from?: string[] }[];
}
interface MapDoc {
  version: 1;
  source: string;
  labels: Record<string, string>;
  task_labels?: Record<string, string>;
  tasks?: Record<string, string>;
}
interface DatasetsDoc {
  version: 1;
  datasets: { id: string; aliases: string[] }[];
}

/** Reads and validates a taxonomy directory (taxonomy.yaml, maps/*.yaml, datasets.yaml); every issue at once. */
export async function loadTaxonomy(dir: string, sources: Sources = SOURCES): Promise<Taxonomy> {
  const taxonomyFile = join(dir, "taxonomy.yaml");
  const doc = assertSchema<TaxonomyDoc>("taxonomy", await readYamlFile(taxonomyFile), taxonomyFile);
  const categories = doc.categories.map((c) => c.name);
  const issues: SchemaIssue[] = duplicateCategoryIssues(categories, taxonomyFile);
  const maps = new Map<string, SourceMap>();
  for (const file of await mapFiles(dir)) {
    const map = await readChecked<MapDoc>("category-map", file, issues, sources);
    if (!map) continue;
    if (file !== join(dir, "maps", `${map.source}.yaml`)) {
      issues.push({
        file,
        pointer: "/source",
        message: `the map for source "${map.source}" must be maps/${map.source}.yaml (one file per source).`,
      });
    }
    maps.set(map.source, resolveMap(map, categories, file, issues));
  }
  const datasetsFile = join(dir, "datasets.yaml");
  const datasets = await readChecked<DatasetsDoc>("datasets", datasetsFile, issues);
  const datasetAliases = datasets ? aliasIndex(datasets, datasetsFile, issues) : new Map<string, string>();
  if (issues.length > 0) throw new SchemaError(issues);
  return { dir, categories, maps, datasetAliases };
}

async function readChecked<T>(schema: string, file: string, issues: SchemaIssue[], sources: Sources = SOURCES): Promise<T | undefined> {
  const doc = await readYamlFile(file);
  const found = schemaIssues(schema, doc, file, sources);
  issues.push(...found);
  return found.length === 0 ? (doc as T) : undefined;
}

/** The canonical category of a task: task override > first label that maps (in order) > a label that is a category. */
export function categorize(task: { source: string; name: string; sourceCategories: readonly string[] }, taxonomy: Taxonomy): Categorized {
  const map = taxonomy.maps.get(task.source);
  const override = map?.tasks.get(task.name);
  if (override !== undefined) return { ok: true, category: override, via: "task" };
  if (map) {
    const index = normalizedIndex(map.labels);
    for (const label of task.sourceCategories) {
      const category = map.labels.get(label) ?? index.get(normalizeLabel(label));
      if (category !== undefined) return { ok: true, category, via: "label" };
    }
  }
  for (const label of task.sourceCategories) {
    const category = canonicalIndex(taxonomy.categories).get(normalizeLabel(label));
    if (category !== undefined) return { ok: true, category, via: "identity" };
  }
  return { ok: false, suggestions: closestNames(task.sourceCategories[0] ?? task.name, taxonomy.categories) };
}

/** The dataset id an alias names, else the normalized id itself. */
export function canonicalDataset(id: string, taxonomy: Taxonomy): string {
  const normalized = normalizeDatasetId(id);
  return taxonomy.datasetAliases.get(normalized) ?? normalized;
}

/**
 * Lower-case, trim; within each "/"-separated part, runs of whitespace, ".", "_" and "-" become one "_" and
 * edge "_" go. "/" stays, so "super_glue/rte" keeps its subset and "ai2_arc/ARC-Challenge" → "ai2_arc/arc_challenge".
 */
export function normalizeDatasetId(id: string): string {
  return id
    .trim()
    .toLowerCase()
    .split("/")
    .map((part) => part.replace(/[\s._-]+/g, "_").replace(/^_+|_+$/g, ""))
    .join("/");
}

/** Labels match ignoring case and the difference between spaces, "_" and "-" ("structure_to_text" = "Structure to text"). */
function normalizeLabel(label: string): string {
  return label
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
}

const canonicalCache = new WeakMap<readonly string[], Map<string, string>>();
function canonicalIndex(categories: readonly string[]): Map<string, string> {
  let index = canonicalCache.get(categories);
  if (!index) canonicalCache.set(categories, (index = new Map(categories.map((c) => [normalizeLabel(c), c]))));
  return index;
}

const indexCache = new WeakMap<ReadonlyMap<string, string>, Map<string, string>>();
function normalizedIndex(labels: ReadonlyMap<string, string>): Map<string, string> {
  let index = indexCache.get(labels);
  if (!index) {
    index = new Map();
    for (const [label, category] of labels) if (!index.has(normalizeLabel(label))) index.set(normalizeLabel(label), category);
    indexCache.set(labels, index);
  }
  return index;
}

function resolveMap(doc: MapDoc, categories: readonly string[], file: string, issues: SchemaIssue[]): SourceMap {
  const known = new Set(categories);
  const checkCategory = (section: string, key: string, category: string): void => {
    if (known.has(category)) return;
    const closest = closestNames(category, categories);
    const hint = closest.length > 0 ? ` Closest: ${closest.map((c) => JSON.stringify(c)).join(", ")}.` : "";
    issues.push({ file, pointer: `/${section}/${escapePointer(key)}`, message: `unknown category "${category}".${hint}` });
  };
  const labels = new Map(Object.entries(doc.labels));
  for (const [label, category] of labels) checkCategory("labels", label, category);
  const tasks = new Map<string, string>();
  const index = normalizedIndex(labels);
  for (const [task, label] of Object.entries(doc.task_labels ?? {})) {
    const category = labels.get(label) ?? index.get(normalizeLabel(label)) ?? canonicalIndex(categories).get(normalizeLabel(label));
    if (category === undefined)
      issues.push({
        file,
        pointer: `/task_labels/${escapePointer(task)}`,
        message: `label "${label}" is not in labels and is not a category. Add it to labels.`,
      });
    else tasks.set(task, category);
  }
  for (const [task, category] of Object.entries(doc.tasks ?? {})) {
    checkCategory("tasks", task, category);
    tasks.set(task, category);
  }
  return { labels, tasks };
}

function aliasIndex(doc: DatasetsDoc, file: string, issues: SchemaIssue[]): Map<string, string> {
  const owner = new Map<string, { id: string; pointer: string; entry: number }>();
  doc.datasets.forEach((entry, i) => {
    const pointer = `/datasets/${i}`;
    if (normalizeDatasetId(entry.id) !== entry.id)
      issues.push({
        file,
        pointer: `${pointer}/id`,
        message: `dataset id "${entry.id}" is not normalized; write "${normalizeDatasetId(entry.id)}".`,
      });
    const names = [{ name: entry.id, at: `${pointer}/id` }, ...entry.aliases.map((a, j) => ({ name: a, at: `${pointer}/aliases/${j}` }))];
    for (const { name, at } of names) {
      const key = normalizeDatasetId(name);
      const previous = owner.get(key);
      // Repeating a name inside one entry is harmless; naming another entry's dataset is the error.
      if (!previous) owner.set(key, { id: entry.id, pointer: at, entry: i });
      else if (previous.entry !== i) {
        issues.push({
          file,
          pointer: at,
          message: `alias "${name}" (normalized "${key}") already names dataset "${previous.id}" at ${previous.pointer}. An alias names exactly one dataset.`,
        });
      }
    }
  });
  return new Map([...owner].map(([key, { id }]) => [key, id]));
}

function duplicateCategoryIssues(categories: readonly string[], file: string): SchemaIssue[] {
  const seen = new Map<string, number>();
  const issues: SchemaIssue[] = [];
  categories.forEach((name, i) => {
    const first = seen.get(normalizeLabel(name));
    if (first !== undefined)
      issues.push({ file, pointer: `/categories/${i}/name`, message: `category "${name}" duplicates /categories/${first}/name.` });
    else seen.set(normalizeLabel(name), i);
  });
  return issues;
}

async function mapFiles(dir: string): Promise<string[]> {
  const mapsDir = join(dir, "maps");
  if (!existsSync(mapsDir)) return [];
  const names = (await readdir(mapsDir)).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort(byCodeUnit);
  return names.map((f) => join(mapsDir, f));
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
