import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { build } from "../../src/pipeline/build.js";
import { readRecords, readTree, removeDir, tempDir } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

async function config(sampling: string): Promise<string> {
  const file = join(dir, "mix.yaml");
  await writeFile(
    file,
    `version: 1\nname: mix\nseed: 3\nsources: [supernatural, promptsource, flan, unifiedskg]\nheldout:\n  categories: [Textual Entailment]\nsampling:\n${sampling}`,
  );
  return file;
}

interface MixTask {
  task: string;
  group: string;
  available: number;
  count: number;
  repeats: number;
  requested_share: number;
}
interface Mixture {
  total: number;
  per_task: MixTask[];
  per_source: { source: string; requested_share: number; count: number }[];
  missing_sources: string[];
}

describe("training mixture in a build", () => {
  it("writes exactly the planned counts per task, renormalises missing sources, and counts repeats", async () => {
    const file = await config(
      "  strategy: eps\n  cap: 20\n  proportions: {supernatural: 25, promptsource: 45, flan: 20, unifiedskg: 2, crossfit: 4, exmix: 2, t5: 2}\n  total: 300\n  upsample: true\n",
    );
    const manifest = await build({ configFile: file, out: join(dir, "out") });
    const mixture = manifest.mixture as Mixture;
    const train = (await readRecords(join(dir, "out"))).filter((r) => r.split === "train");
    expect(train.length).toBe(300);
    expect(mixture.total).toBe(300);
    expect(mixture.missing_sources).toEqual(["crossfit", "exmix", "t5"]);
    const perTask = new Map<string, number>();
    for (const r of train) perTask.set(r.task, (perTask.get(r.task) ?? 0) + 1);
    for (const t of mixture.per_task) expect(perTask.get(t.task) ?? 0).toBe(t.count);
    for (const s of mixture.per_source) {
      const realised = train.filter((r) => r.source === s.source).length / train.length;
      expect(Math.abs(realised - s.requested_share)).toBeLessThanOrEqual(1 / train.length + 1e-9);
    }
    expect(mixture.per_source.find((s) => s.source === "promptsource")?.requested_share).toBeCloseTo(45 / 92, 5);
    expect(new Set(train.map((r) => r.id)).size).toBe(train.length);
    const repeats = train.filter((r) => /#r\d+$/.test(r.id)).length;
    expect(repeats).toBe(mixture.per_task.reduce((n, t) => n + t.repeats, 0));
    expect(repeats).toBeGreaterThan(0);
  });

  it("never exceeds the cap without upsampling, and is reproducible", async () => {
    const file = await config("  strategy: eps\n  cap: 10\n");
    const a = await build({ configFile: file, out: join(dir, "a") });
    await build({ configFile: file, out: join(dir, "b") });
    expect(await readTree(join(dir, "a"))).toEqual(await readTree(join(dir, "b")));
    const train = (await readRecords(join(dir, "a"))).filter((r) => r.split === "train");
    expect(train.length).toBeGreaterThan(0);
    const perTask = new Map<string, number>();
    for (const r of train) perTask.set(r.task, (perTask.get(r.task) ?? 0) + 1);
    for (const n of perTask.values()) expect(n).toBeLessThanOrEqual(10);
    expect(train.some((r) => r.id.includes("#r"))).toBe(false);
    expect(a.drops.prompts.not_in_mixture).toBeGreaterThan(0);
  });

  it("rejects an invalid sampling block before reading data", async () => {
    const file = await config("  strategy: uniform\n");
    await expect(build({ configFile: file, out: join(dir, "out") })).rejects.toThrow(/per_task/);
  });
});
