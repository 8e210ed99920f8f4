/**
 * A build folder is a Hub dataset: Python `datasets` loads it, `load_dataset(<out>)` gives `train` and
 * `load_dataset(<out>, "<level>")` the level's tasks as splits, with the manifest's counts, for JSON Lines
 * and Parquet builds. Runs when python3 with `datasets` is installed (pip install datasets), else is skipped
 * with a message; CI does not install it.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../../src/pipeline/manifest.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";
import { buildDemo, SHOTS } from "./helpers.js";

const hasDatasets = spawnSync("python3", ["-c", "import datasets, yaml"], { encoding: "utf8" }).status === 0;
if (!hasDatasets) console.warn("[datasets] python3 with the datasets package not found: loading builds with load_dataset skipped");

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => removeDir(dir));

function loadCounts(out: string): Record<string, Record<string, number>> {
  const run = spawnSync("python3", [join(import.meta.dirname, "load_counts.py"), out, join(dir, "hf-cache")], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`load_counts.py failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, Record<string, number>>;
}

/** What the manifest says each config holds: records per level, and per file. */
function expected(manifest: Manifest, counts: Record<string, Record<string, number>>): void {
  expect(counts["(default)"]).toEqual({ train: manifest.counts.by_split.train });
  for (const level of ["train", "heldout_category", "heldout_task", "heldout_instance"]) {
    const splits = counts[level] ?? {};
    expect(
      Object.values(splits).reduce((a, b) => a + b, 0),
      level,
    ).toBe(manifest.counts.by_split[level]);
    const files = manifest.outputs.filter((o) => o.split === level);
    expect(Object.keys(splits).length, level).toBe(files.length);
  }
}

describe.skipIf(!hasDatasets)("load_dataset on a build folder", () => {
  it("gives train by default and each level's tasks as splits, with the manifest's counts (JSON Lines)", async () => {
    const { out, manifest } = await buildDemo(dir, "jsonl", "jsonl");
    expected(manifest, loadCounts(out));
  }, 120_000);

  it("does the same on a Parquet build with shot variants, each variant's config holding the tasks", async () => {
    const { out, manifest } = await buildDemo(dir, "parquet", "parquet", SHOTS);
    const counts = loadCounts(out);
    expected(manifest, counts);
    const twoShot = manifest.outputs.filter((o) => o.split === "heldout_instance" && o.path.endsWith(".2shot.parquet"));
    expect(Object.values(counts.heldout_instance_2shot ?? {}).reduce((a, b) => a + b, 0)).toBe(twoShot.reduce((n, o) => n + o.records, 0));
  }, 120_000);
});
