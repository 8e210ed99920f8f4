/**
 * Every export's card lets Python `datasets` load it: each config's splits have the rows export.json counts
 * (the card's features fix the types `datasets` would otherwise infer file by file). Runs when python3 with
 * `datasets` is installed, else is skipped with a message; CI does not install it.
 */
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_FORMATS, exportBuild } from "../../src/export/index.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";
import { buildDemo, SHOTS } from "../publish/helpers.js";

const hasDatasets = spawnSync("python3", ["-c", "import datasets, yaml"], { encoding: "utf8" }).status === 0;
if (!hasDatasets) console.warn("[datasets] python3 with the datasets package not found: loading exports with load_dataset skipped");

let dir: string;
let build: string;
beforeAll(async () => {
  dir = await tempDir();
  build = (await buildDemo(dir, "build", "jsonl", SHOTS)).out;
});
afterAll(async () => removeDir(dir));

describe.skipIf(!hasDatasets)("load_dataset on an export folder", () => {
  it.each(EXPORT_FORMATS)(
    "%s: train by default, every level's rows as export.json counts them",
    async (format) => {
      const out = join(dir, format);
      await exportBuild({ build, out, format });
      const run = spawnSync("python3", [join(import.meta.dirname, "..", "publish", "load_counts.py"), out, join(dir, "hf-cache")], {
        encoding: "utf8",
      });
      expect(run.status, run.stderr).toBe(0);
      const counts = JSON.parse(run.stdout) as Record<string, Record<string, number>>;
      const summary = JSON.parse(await readFile(join(out, "export.json"), "utf8")) as { files: { split: string; rows: number }[] };
      const rowsOf = (level: string): number => summary.files.filter((f) => f.split === level).reduce((n, f) => n + f.rows, 0);
      expect(counts["(default)"]).toEqual({ train: rowsOf("train") });
      for (const level of new Set(summary.files.map((f) => f.split))) {
        expect(
          Object.values(counts[level] ?? {}).reduce((a, b) => a + b, 0),
          level,
        ).toBe(rowsOf(level));
      }
    },
    120_000,
  );
});
