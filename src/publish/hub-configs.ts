/**
 * The Hub's view of a build folder (its `configs`): a default `train` config; one config per held-out
 * level whose splits are that level's files, one per task (and per shot variant); with shot variants, one
 * config per level and variant whose splits are the tasks. Split names follow the Hub's `^\w+(\.\w+)*$`.
 */
import { byCodeUnit } from "../core/py-str.js";

/** A records file of the build, as the manifest lists it. */
export interface RecordsFile {
  path: string;
  records: number;
  split?: string;
  task?: string;
}

interface HubSplit {
  name: string;
  path: string;
  records: number;
  task?: string;
}

export interface HubConfig {
  name: string;
  /** The level (`train`, `heldout_task`...) its records belong to. */
  level: string;
  /** The shot variant every file of the config has, when the config is one variant's. */
  variant?: string;
  default?: true;
  splits: HubSplit[];
}

const RECORDS_FILE = /\.(jsonl|parquet)$/;
const VARIANT = /\.(\d+shot)$/;

/** Records files of a manifest's outputs (not the audit report or the card). */
export function recordsFiles<T extends RecordsFile>(outputs: readonly T[]): T[] {
  return outputs.filter((o) => RECORDS_FILE.test(o.path) && o.split !== undefined);
}

/** The file's name without folder and extension: `eval/heldout_task/rte.5shot.jsonl` → `rte.5shot`. */
function fileStem(path: string): string {
  return (path.split("/").pop() as string).replace(RECORDS_FILE, "");
}

/** A Hub split name: each dot-separated part with every character outside [A-Za-z0-9_] written `_`. */
export function splitName(stem: string): string {
  const name = stem
    .split(".")
    .map((part) => part.replace(/[^A-Za-z0-9_]/g, "_") || "_")
    .join(".");
  // `datasets` reads the split name "all" as every split.
  return name === "all" ? "all_" : name;
}

/** Names made unique in order: a name met again gets `_2`, `_3`... */
function uniqueNames<T>(items: readonly T[], name: (item: T) => string): Map<T, string> {
  const taken = new Set<string>();
  const out = new Map<T, string>();
  for (const item of items) {
    const base = name(item);
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
    taken.add(candidate);
    out.set(item, candidate);
  }
  return out;
}

/** The configs of a build, from its outputs (records files are kept, in any order; the result is sorted). */
export function hubConfigs(outputs: readonly RecordsFile[]): HubConfig[] {
  const sorted = recordsFiles(outputs).toSorted((a, b) => byCodeUnit(a.path, b.path));
  const configs: HubConfig[] = [];
  const train = sorted.filter((f) => f.split === "train");
  if (train.length > 0) {
    const names = uniqueNames(train, (f) => (train.length === 1 ? "train" : splitName(fileStem(f.path))));
    configs.push({ name: "train", level: "train", default: true, splits: train.map((f) => split(f, names.get(f) as string)) });
  }
  const levels = [...new Set(sorted.map((f) => f.split as string))].filter((l) => l !== "train").sort(byLevel);
  for (const level of levels) {
    const inLevel = sorted.filter((f) => f.split === level);
    const names = uniqueNames(inLevel, (f) => splitName(fileStem(f.path)));
    configs.push({ name: level, level, splits: inLevel.map((f) => split(f, names.get(f) as string)) });
    const variants = [...new Set(inLevel.map((f) => VARIANT.exec(fileStem(f.path))?.[1]).filter((v) => v !== undefined))];
    for (const variant of variants.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))) {
      const ofVariant = inLevel.filter((f) => fileStem(f.path).endsWith(`.${variant}`));
      const taskNames = uniqueNames(ofVariant, (f) => splitName(fileStem(f.path).slice(0, -variant.length - 1)));
      configs.push({ name: `${level}_${variant}`, level, variant, splits: ofVariant.map((f) => split(f, taskNames.get(f) as string)) });
    }
  }
  return configs;
}

/** The held-out levels from the broadest to the narrowest, then any other name. */
const LEVEL_ORDER = ["heldout_category", "heldout_task", "heldout_instance"];
function byLevel(a: string, b: string): number {
  const rank = (l: string): number => (LEVEL_ORDER.includes(l) ? LEVEL_ORDER.indexOf(l) : LEVEL_ORDER.length);
  return rank(a) - rank(b) || byCodeUnit(a, b);
}

function split(file: RecordsFile, name: string): HubSplit {
  return { name, path: file.path, records: file.records, ...(file.task !== undefined && { task: file.task }) };
}
