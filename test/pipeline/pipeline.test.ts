import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertSchema } from "../../src/config/schemas.js";
import { build } from "../../src/pipeline/build.js";
import { copySample, ROOT, readRecords, readTree, removeDir, tempDir } from "./helpers.js";

const DEMO = join(ROOT, "splits", "demo.yaml");
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

describe("build", () => {
  it("gives identical bytes for identical builds, and other samples for another seed", async () => {
    await build({ configFile: DEMO, out: join(dir, "a") });
    await build({ configFile: DEMO, out: join(dir, "b") });
    await build({ configFile: DEMO, out: join(dir, "c"), seed: 2 });
    const a = await readTree(join(dir, "a"));
    expect(a).toEqual(await readTree(join(dir, "b")));
    const c = await readTree(join(dir, "c"));
    expect(c.get("train.jsonl")).not.toEqual(a.get("train.jsonl"));
  });

  it("writes schema-valid records and a schema-valid manifest that lists every output", async () => {
    const manifest = await build({ configFile: DEMO, out: join(dir, "out") });
    const tree = await readTree(join(dir, "out"));
    assertSchema("manifest", JSON.parse(tree.get("manifest.json") as string), "manifest.json");
    const records = await readRecords(join(dir, "out"));
    for (const r of records) assertSchema("output-record", r, r.id);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    expect(manifest.outputs.map((o) => o.path).sort()).toEqual([...tree.keys()].filter((p) => p !== "manifest.json").sort());
    expect(manifest.outputs.reduce((n, o) => n + o.records, 0)).toBe(records.length);
    for (const level of ["heldout_category", "heldout_task", "heldout_instance", "train"])
      expect(manifest.counts.by_split[level]).toBeGreaterThan(0);
  });

  it("keeps held-out datasets out of training and held-out instances out of training", async () => {
    await build({ configFile: DEMO, out: join(dir, "out") });
    const records = await readRecords(join(dir, "out"));
    const train = records.filter((r) => r.split === "train");
    const heldDatasets = new Set(records.filter((r) => r.split === "heldout_category" || r.split === "heldout_task").map((r) => r.dataset));
    expect(train.filter((r) => heldDatasets.has(r.dataset))).toEqual([]);
    const trainInstances = new Set(train.map((r) => `${r.task}/${r.instance}`));
    expect(records.filter((r) => r.split === "heldout_instance" && trainInstances.has(`${r.task}/${r.instance}`))).toEqual([]);
  });

  it("accounts for every instance read: written once, or counted under a drop reason", async () => {
    const manifest = await build({ configFile: DEMO, out: join(dir, "out") });
    const records = await readRecords(join(dir, "out"));
    const read = manifest.tasks.reduce((n, t) => n + t.instances, 0);
    const dropped = Object.values(manifest.drops.instances).reduce((a, b) => a + b, 0);
    expect(new Set(records.map((r) => `${r.task}/${r.instance}`)).size + dropped).toBe(read);
  });

  it("changes no other task's records when a task is added", async () => {
    const root = await copySample(dir);
    const sources = new Map([["supernatural", root]]);
    await build({ configFile: DEMO, out: join(dir, "before"), sourceOverrides: sources });
    const extra = JSON.parse(await readFile(join(root, "tasks", "task9013_ag_news_topic_classification.json"), "utf8")) as {
      Source: string[];
      Instances: { id: string }[];
    };
    extra.Source = ["ag_news_copy"];
    extra.Instances = extra.Instances.map((inst, i) => ({ ...inst, id: `task9099-${String(i).padStart(32, "0")}` }));
    await writeFile(join(root, "tasks", "task9099_added_task.json"), JSON.stringify(extra, null, 4));
    await build({ configFile: DEMO, out: join(dir, "after"), sourceOverrides: sources });
    const key = (r: { task: string; split: string }) => `${r.task} ${r.split}`;
    const group = async (out: string) => {
      const m = new Map<string, string[]>();
      for (const r of await readRecords(join(dir, out))) m.set(key(r), [...(m.get(key(r)) ?? []), JSON.stringify(r)].sort());
      return m;
    };
    const before = await group("before");
    const after = await group("after");
    expect(before.size).toBeGreaterThan(0);
    expect(after.size).toBeGreaterThan(before.size);
    for (const [k, records] of before) expect(after.get(k)).toEqual(records);
  });

  it("fails on a corrupt task file with its path and position, leaving no output", async () => {
    const root = await copySample(dir);
    await writeFile(join(root, "tasks", "task9098_broken.json"), '{\n    "Definition": ["x"],\n    "Instances": [\n');
    const out = join(dir, "out");
    await expect(build({ configFile: DEMO, out, sourceOverrides: new Map([["supernatural", root]]) })).rejects.toThrow(
      /task9098_broken\.json.*line \d+, column \d+/,
    );
    expect(existsSync(out)).toBe(false);
    expect((await readTree(dir)).size).toBeGreaterThan(0);
  });

  it("refuses a non-empty output folder unless forced", async () => {
    const out = join(dir, "out");
    await build({ configFile: DEMO, out });
    await expect(build({ configFile: DEMO, out })).rejects.toThrow("is not empty. Choose another --out, or pass --force to replace it.");
    await rm(join(out, "train.jsonl"));
    await build({ configFile: DEMO, out, force: true });
    expect(existsSync(join(out, "train.jsonl"))).toBe(true);
  });
});
