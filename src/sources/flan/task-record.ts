/** The parts of a FLAN Task record both input modes share: categories, provenance, the empty fields. */
import { existsSync } from "node:fs";
import path from "node:path";
import { posixRelative } from "../../core/paths.js";
import type { Instance, Task, TemplateInfo } from "../../types.js";
import type { SourceRoot } from "../contract.js";
import type { FlanOptions } from "./adapter-options.js";
import { type ClusterMap, clustersOf, FLAN_2021_CLUSTERS, readClusters, readCollectionInfo } from "./clusters.js";
import { NAME } from "./name.js";

export interface CategorySources {
  clusters: ClusterMap;
  collectionInfo: Map<string, string[]>;
}

/** Clusters and collection categories, from the options' files or a checkout's default paths. */
export async function loadCategorySources(root: string, opts: FlanOptions): Promise<CategorySources> {
  const pick = (option: string | undefined, fallback: string): string | undefined => {
    if (option !== undefined) return path.resolve(root, option);
    const file = path.join(root, fallback);
    return existsSync(file) ? file : undefined;
  };
  const clustersFile = pick(opts.clusters, "flan/task_splits.py");
  const infoFile = pick(opts.collectionInfo, "flan/v2/flan_collection_info.csv");
  return {
    clusters: clustersFile ? await readClusters(clustersFile) : FLAN_2021_CLUSTERS,
    collectionInfo: infoFile ? await readCollectionInfo(infoFile) : new Map(),
  };
}

/** FLAN 2021 cluster names, then flan_collection_info.csv categories (specific, generic), deduplicated. */
export function sourceCategoriesOf(categories: CategorySources, task: string, key?: string): string[] {
  const labels = [...clustersOf(categories.clusters, task, key), ...(categories.collectionInfo.get(task) ?? [])];
  return [...new Set(labels)];
}

export function flanTask(
  fields: { name: string; dataset: string; file: string; sourceCategories: string[]; templates: TemplateInfo[]; instances: Instance[] },
  source: SourceRoot,
): Task {
  // Relative to the source root, so the record is the same on every machine.
  const provenance: Task["provenance"] = { file: posixRelative(source.path, fields.file) };
  if (source.upstream !== undefined) provenance.upstream = source.upstream;
  if (source.revision !== undefined) provenance.revision = source.revision;
  return {
    id: `flan/${fields.name}`,
    source: NAME,
    name: fields.name,
    dataset: fields.dataset,
    category: "",
    sourceCategories: fields.sourceCategories,
    languages: { input: [], output: [], instruction: [] },
    domains: [],
    demonstrations: { positive: [], negative: [] },
    license: source.license === undefined ? [] : [source.license],
    provenance,
    templates: fields.templates,
    instances: fields.instances,
  };
}
