/**
 * Source quirks in a build: every one a counted note in the manifest, files relative to the source root
 * (two checkouts in different folders give the same manifest), tasks without instances dropped as
 * `no_instances`, split-list tasks absent from the checkout named; bad bytes stop the build with exit 1
 * and no output, a huge token does not crash it.
 */
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { formatStats } from "../../src/commands/stats.js";
import { build } from "../../src/pipeline/build.js";
import { validate } from "../../src/pipeline/validate.js";
import { copySample, ROOT, removeDir, tempDir } from "./helpers.js";

const FIXTURES = join(ROOT, "test/fixtures/supernatural");
const SUPERNI_DEFAULT = join(ROOT, "splits/superni-default.yaml");
const QUIRKS = "task9907_fixture_quirks";
const EMPTY = "task9908_fixture_no_instances";

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

/** The sample corpus plus the quirks and no-instances fixtures, copied under `into`. */
async function quirkyCheckout(into: string): Promise<string> {
  await mkdir(into, { recursive: true });
  const root = await copySample(into);
  await copyFile(join(FIXTURES, "quirks/tasks", `${QUIRKS}.json`), join(root, "tasks", `${QUIRKS}.json`));
  await copyFile(join(FIXTURES, "empty/tasks", `${EMPTY}.json`), join(root, "tasks", `${EMPTY}.json`));
  return root;
}

/** A config over Super-NI alone, without task lists, so every task of the checkout is built. */
async function allTasksConfig(): Promise<string> {
  const file = join(dir, "all.yaml");
  await writeFile(file, "version: 1\nname: all\nseed: 3\nsources: [supernatural]\ncaps: {train: 5, eval: 5}\n");
  return file;
}

const sources = (root: string) => new Map([["supernatural", root]]);

/** A CLI io that keeps what was printed. */
function collector() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { out: (t: string) => void (out.stdout += t), err: (t: string) => void (out.stderr += t) } };
}

describe("source issues in the manifest", () => {
  it("counts every quirk by kind, names files relative to the source root, and is the same for checkouts in different folders", async () => {
    const config = await allTasksConfig();
    const near = await quirkyCheckout(join(dir, "a"));
    const far = await quirkyCheckout(join(dir, "b", "deeper", "still"));
    const manifest = await build({ configFile: config, out: join(dir, "out-a"), sourceOverrides: sources(near) });
    await build({ configFile: config, out: join(dir, "out-b"), sourceOverrides: sources(far) });
    const text = await readFile(join(dir, "out-a", "manifest.json"), "utf8");
    expect(await readFile(join(dir, "out-b", "manifest.json"), "utf8")).toBe(text);
    expect(text).not.toContain(dir);

    expect(manifest.issues.map((i) => i.file)).toEqual([
      ...Array(9).fill(`supernatural/tasks/${QUIRKS}.json`),
      `supernatural/tasks/${EMPTY}.json`,
    ]);
    expect(manifest.issue_counts).toEqual({
      total: 13,
      by_kind: { no_instances: 1, non_finite_number: 2, unknown_field: 1, unusable_value: 8, unused_entries: 1 },
    });
    // The task without instances takes no place in the partition: dropped under its own reason.
    expect(manifest.tasks.find((t) => t.task === `supernatural/${EMPTY}`)).toMatchObject({ assignment: "dropped", reason: "no_instances" });
    expect(manifest.drops.tasks.no_instances).toBe(1);
    expect(manifest.tasks.find((t) => t.task === `supernatural/${QUIRKS}`)?.assignment).not.toBe("dropped");
    const stats = formatStats(manifest);
    expect(stats).toContain("source notes (13)");
    expect(stats).toMatch(/\n {2}unusable_value +8\n/);
  });

  it("names the tasks of the split lists that the checkout does not have, one counted note per list", async () => {
    const root = await copySample(dir);
    const lists = join(root, "splits", "default");
    const [firstTrain, secondTrain] = (await readFile(join(lists, "train_tasks.txt"), "utf8")).split("\n");
    const [firstTest] = (await readFile(join(lists, "test_tasks.txt"), "utf8")).split("\n");
    for (const name of [firstTrain, secondTrain, firstTest]) await rm(join(root, "tasks", `${name}.json`));
    const manifest = await build({ configFile: SUPERNI_DEFAULT, out: join(dir, "out"), sourceOverrides: sources(root) });
    expect(manifest.issues.filter((i) => i.kind === "listed_task_absent")).toEqual([
      {
        file: "supernatural/splits/default",
        kind: "listed_task_absent",
        count: 2,
        message: `2 of the 9 task(s) of the train list are not in the source (${firstTrain}, ${secondTrain})`,
      },
      {
        file: "supernatural/splits/default",
        kind: "listed_task_absent",
        count: 1,
        message: `1 of the 4 task(s) of the test list are not in the source (${firstTest})`,
      },
    ]);
    expect(manifest.issue_counts.by_kind.listed_task_absent).toBe(3);
  });
});

describe("validate on quirky sources", () => {
  it("says how many tasks have no instances and where their instances were looked for", async () => {
    const root = await quirkyCheckout(dir);
    const report = await validate({ configFile: await allTasksConfig(), sourceOverrides: sources(root) });
    expect(report.problems).toEqual([]);
    expect(report.noInstances).toEqual([
      `supernatural/${EMPTY}: ${join(root, "tasks", `${EMPTY}.json`)}#/Instances: the task has no instances (Instances is []); the build drops it`,
    ]);
    expect(report.notes).toHaveLength(10);
  });

  it("prints the count and the tasks on the command line", async () => {
    const root = await quirkyCheckout(dir);
    const { io, out } = collector();
    expect(await main(["validate", "--config", await allTasksConfig(), "--source", `supernatural=${root}`], io)).toBe(0);
    expect(out.stdout).toContain(`no instances: supernatural/${EMPTY}: `);
    expect(out.stdout).toMatch(
      /all\.yaml: 16 tasks, 0 problem\(s\), 10 note\(s\), 1 task\(s\) with no instances \(a build drops them\)\n$/,
    );
  });
});

describe("bad input on the command line", () => {
  it("fails with exit 1 naming the file and the byte offset of invalid UTF-8, and leaves no output", async () => {
    const root = await copySample(dir);
    const file = join(root, "tasks", "task9003_wsc_pronoun_resolution.json");
    const bytes = await readFile(file);
    const at = bytes.indexOf("Definition");
    bytes[at] = 0xff;
    await writeFile(file, bytes);
    const { io, out } = collector();
    const code = await main(["build", "--config", SUPERNI_DEFAULT, "--out", join(dir, "out"), "--source", `supernatural=${root}`], io);
    expect(code).toBe(1);
    expect(out.stderr).toContain(`[adapter:supernatural] ${file}: invalid UTF-8 at byte offset ${at} (line `);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("builds a task whose instance input is one 50 MB token (exit 0)", async () => {
    const root = await copySample(dir);
    const file = join(root, "tasks", "task9003_wsc_pronoun_resolution.json");
    const task = JSON.parse(await readFile(file, "utf8")) as { Instances: { input: string }[] };
    (task.Instances[0] as { input: string }).input = "z".repeat(50_000_000);
    await writeFile(file, JSON.stringify(task));
    const io = { out: () => {}, err: () => {} };
    expect(await main(["build", "--config", SUPERNI_DEFAULT, "--out", join(dir, "out"), "--source", `supernatural=${root}`], io)).toBe(0);
  });

  it("summarises the source notes after a build", async () => {
    const root = await quirkyCheckout(dir);
    const { io, out } = collector();
    expect(
      await main(["build", "--config", await allTasksConfig(), "--out", join(dir, "out"), "--source", `supernatural=${root}`], io),
    ).toBe(0);
    expect(out.stdout).toContain(
      "  source notes: no_instances 1, non_finite_number 2, unknown_field 1, unusable_value 8, unused_entries 1 (manifest.json#/issues)\n",
    );
  });
});
