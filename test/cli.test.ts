import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import type { CliIO } from "../src/cli-io.js";
import { copySample, ROOT, removeDir, tempDir } from "./pipeline/helpers.js";

function collector(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

const DEMO = join(ROOT, "splits", "demo.yaml");
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

describe("iml-bench CLI", () => {
  it("builds, then summarizes the build with stats", async () => {
    const io = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "out")], io)).toBe(0);
    expect(io.stdout).toMatch(/^built demo \(seed 1\) into .*\n {2}records: \d+\n/);
    const stats = collector();
    expect(await main(["stats", join(dir, "out")], stats)).toBe(0);
    expect(stats.stdout).toContain("heldout_category");
    expect(stats.stdout).toContain("supernatural/task9001_rte_entailment_classification");
    expect(stats.stdout).toContain("shared_dataset");
    const json = collector();
    expect(await main(["stats", join(dir, "out"), "--json"], json)).toBe(0);
    expect(JSON.parse(json.stdout).counts.by_split.train).toBeGreaterThan(0);
  });

  it("says nothing with --quiet: no summary on stdout, no messages on stderr", async () => {
    const loud = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "loud"), "--progress", "never"], loud)).toBe(0);
    expect(loud.stderr).toContain("wrote ");
    const io = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "out"), "--quiet", "--progress", "never"], io)).toBe(0);
    expect(io).toMatchObject({ stdout: "", stderr: "" });
  });

  it("validates the shipped configs", async () => {
    const io = collector();
    expect(await main(["validate"], io)).toBe(0);
    expect(io.stdout).toMatch(/demo\.yaml: \d+ tasks, 0 problem\(s\)/);
  });

  it("reports every schema problem of a bad config with file, pointer and expectation, exit 1", async () => {
    const config = join(dir, "bad.yaml");
    await writeFile(config, "version: 1\nname: bad\nsources: [supernatural]\ncaps:\n  train: many\nheldout:\n  categorys: []\n");
    const io = collector();
    expect(await main(["validate", "--config", config], io)).toBe(1);
    expect(io.stdout).toContain(`${config}#/caps/train: expected integer or null.`);
    expect(io.stdout).toContain(`${config}#/heldout/categorys: unknown field "categorys". Remove it or check its spelling.`);
    expect(io.stderr).toBe("iml-bench: 2 problem(s) found.\n");
  });

  it("names unknown categories and tasks with the closest names", async () => {
    const config = join(dir, "typo.yaml");
    await writeFile(config, `version: 1\nname: typo\nsources: [supernatural]\nheldout:\n  categories: [Textual Entailmnt]\n`);
    const io = collector();
    expect(await main(["build", "--config", config, "--out", join(dir, "out")], io)).toBe(1);
    expect(io.stderr).toBe(
      `iml-bench: ${config}#/heldout/categories/0: unknown category "Textual Entailmnt". Did you mean "Textual Entailment"?\n`,
    );
    await writeFile(config, `version: 1\nname: typo\nsources: [supernatural]\nheldout:\n  tasks:\n    list: [task9001_rte_entailment]\n`);
    const io2 = collector();
    expect(await main(["build", "--config", config, "--out", join(dir, "out")], io2)).toBe(1);
    expect(io2.stderr).toContain(
      `#/heldout/tasks/list/0: no task "task9001_rte_entailment" in the sources read. Did you mean "supernatural/task9001_rte_entailment_classification"`,
    );
  });

  it("rejects a malformed or unused --source", async () => {
    const io = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "o"), "--source", "supernatural"], io)).toBe(1);
    expect(io.stderr).toContain('--source "supernatural": expected NAME=PATH');
    const io2 = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "o"), "--source", `bogus=${dir}`], io2)).toBe(1);
    expect(io2.stderr).toContain('the config does not use a source named "bogus"');
  });

  it("prints help with examples for every command, and fails on unknown commands", async () => {
    for (const command of ["build", "validate", "stats"]) {
      const io = collector();
      expect(await main([command, "--help"], io)).toBe(0);
      expect(io.stdout).toContain("Examples:");
    }
    const io = collector();
    expect(await main(["bild"], io)).toBe(1);
    expect(io.stderr).toContain("Unknown argument: bild");
  });

  it("lists an unmapped task with the closest category names", async () => {
    const root = await copySample(dir);
    const file = join(root, "tasks", "task9008_sst2_sentiment_classification.json");
    const task = JSON.parse(await readFile(file, "utf8")) as { Categories: string[] };
    task.Categories = ["Sentiment Analysys"];
    await writeFile(file, JSON.stringify(task, null, 4));
    const io = collector();
    expect(await main(["validate", "--config", DEMO, "--source", `supernatural=${root}`], io)).toBe(1);
    expect(io.stdout).toContain(
      'supernatural/task9008_sst2_sentiment_classification: no canonical category for "Sentiment Analysys". Map a label in categories/maps/supernatural.yaml; closest categories: "Sentiment Analysis"',
    );
  });

  it("exits 1 for a missing manifest", async () => {
    const io = collector();
    expect(await main(["stats", dir], io)).toBe(1);
    expect(io.stderr).toContain("manifest.json: cannot read the manifest (ENOENT)");
  });
});
