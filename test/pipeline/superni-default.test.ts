/**
 * The superni-default preset: a golden build over the project's own sample corpus (always runs), and a
 * conformance build over the real Super-NI files in ../shared (skipped, visibly, when absent): exactly
 * the default task lists, and every prompt equal to the Python reference Tk-Instruct encoding.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/pipeline/build.js";
import type { Manifest } from "../../src/pipeline/manifest.js";
import { ROOT, readRecords, removeDir, SHARED, tempDir } from "./helpers.js";

const CONFIG = join(ROOT, "splits", "superni-default.yaml");
const GOLDEN = join(ROOT, "test", "golden", "superni-default.json");

/** What the golden pins: every output's hash and count, every task's assignment, the drops. */
function goldenView(manifest: Manifest) {
  return {
    outputs: manifest.outputs.map(({ path, sha256, records }) => ({ path, sha256, records })),
    tasks: manifest.tasks.map(({ task, assignment, reason }) => ({ task, assignment, ...(reason && { reason }) })),
    drops: manifest.drops,
  };
}

describe("superni-default on the sample corpus (golden)", () => {
  let dir: string;
  afterAll(async () => removeDir(dir));
  it("matches the committed golden", async () => {
    dir = await tempDir();
    const view = goldenView(await build({ configFile: CONFIG, out: join(dir, "out") }));
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(view, null, 2)}\n`);
    expect(view).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
  });
});

const shared = join(SHARED, "supernatural");
const hasShared = existsSync(shared);
const hasPython = spawnSync("python3", ["--version"]).status === 0;
if (!hasShared) console.warn(`[skip] superni-default conformance: ${shared} is absent`);
if (hasShared && !hasPython) console.warn("[skip] superni-default reference prompts: python3 is not available");

describe.skipIf(!hasShared)("superni-default on the real Super-NI sample files", () => {
  let dir: string;
  let manifest: Manifest;
  beforeAll(async () => {
    dir = await tempDir();
    manifest = await build({ configFile: CONFIG, out: join(dir, "out"), sourceOverrides: new Map([["supernatural", shared]]) });
  });
  afterAll(async () => removeDir(dir));

  it("assigns exactly the default task lists", () => {
    const list = (kind: string) =>
      new Set(
        readFileSync(join(shared, "splits", "default", `${kind}_tasks.txt`), "utf8")
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean),
      );
    const present = readdirSync(join(shared, "tasks")).map((f) => f.replace(/\.json$/, ""));
    const assigned = (level: string) =>
      manifest.tasks
        .filter((t) => t.assignment === level)
        .map((t) => t.task.replace("supernatural/", ""))
        .sort();
    expect(assigned("train")).toEqual(present.filter((n) => list("train").has(n)).sort());
    expect(assigned("heldout_task")).toEqual(present.filter((n) => list("test").has(n)).sort());
    expect(assigned("dropped").length).toBe(present.filter((n) => !list("train").has(n) && !list("test").has(n)).length);
  });

  it.skipIf(!hasPython)("gives every instance the reference Tk-Instruct def+pos2 prompt", async () => {
    const records = await readRecords(join(dir, "out"));
    const files = manifest.tasks
      .filter((t) => t.assignment !== "dropped")
      .map((t) => join(shared, "tasks", `${t.task.replace("supernatural/", "")}.json`));
    const request = {
      files,
      encodings: [{ add_task_name: false, add_task_definition: true, num_pos_examples: 2, num_neg_examples: 0, add_explanation: false }],
      max_chars: null,
    };
    const result = spawnSync("python3", [join(ROOT, "test", "reference", "tk_encode.py")], {
      input: JSON.stringify(request),
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    expect(result.status, result.stderr).toBe(0);
    const reference = new Map<string, string>();
    for (const line of result.stdout.split("\n").filter(Boolean)) {
      const { task, instance, source } = JSON.parse(line) as { task: string; instance: number; source: string };
      const raw = JSON.parse(readFileSync(join(shared, "tasks", `${task}.json`), "utf8")) as { Instances: { id: string }[] };
      reference.set(`supernatural/${task}/${raw.Instances[instance]?.id}`, source);
    }
    for (const r of records) expect(r.prompt, r.id).toBe(reference.get(`${r.task}/${r.instance}`));
    expect(records.length).toBeGreaterThan(0);
    console.log(`superni-default conformance: ${records.length} prompts equal the reference encoding`);
    const test = records.filter((r) => r.split === "heldout_task");
    for (const t of manifest.tasks.filter((x) => x.assignment === "heldout_task")) {
      expect(test.filter((r) => r.task === t.task).length).toBe(Math.min(100, t.instances));
    }
  });
});
