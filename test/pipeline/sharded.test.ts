/**
 * A sharded build is `build`'s bytes: plan, N shard processes of the compiled CLI started in a shuffled
 * order with the index an engine gives them (a Kubernetes Indexed Job's JOB_COMPLETION_INDEX, a Slurm
 * array's SLURM_ARRAY_TASK_ID, AWS Batch's AWS_BATCH_JOB_ARRAY_INDEX), then
 * merge, for N = 1, 2 and 5; a shard killed midway and run again; a wrong count, a changed config, a
 * missing shard, a changed file and another plan's folder refused with a message that says what to do.
 *
 * The CLI runs from dist/ (`npm test` builds it first).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import seedrandom from "seedrandom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, removeDir, tempDir } from "./helpers.js";

const CLI = join(ROOT, "dist", "src", "cli.js");
const DEMO = join(ROOT, "splits", "demo.yaml");
/** Sampling after the audit's drops, held-out instances, demonstrations: what the merge must compute as build does. */
const MIX = `version: 1
name: shard-mix
seed: 11
sources: [supernatural, promptsource, flan, unifiedskg]
heldout:
  categories: [Coreference Resolution]
  tasks: {fraction: 0.3}
  instances: {fraction: 0.1}
prompts:
  supernatural: {encoding: def+pos2+neg2+expl}
sampling:
  strategy: eps
  cap: 20
  proportions: {supernatural: 30, promptsource: 30, flan: 30, unifiedskg: 10}
demos:
  eval_shots: [0, 2]
audit:
  policy: drop_train
`;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: readonly string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...withoutIndexes(process.env), ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<Run>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return start(args, env).done;
}

/** The engines' variables of the test's own environment (a CI that runs in an array job) would choose an index. */
function withoutIndexes(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "AWS_BATCH_JOB_ARRAY_INDEX"];
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && !names.includes(e[0])));
}

async function ok(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const run = await cli(args, env);
  if (run.code !== 0) throw new Error(`iml-bench ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return run;
}

/** Every file under a folder, by relative path, as bytes. */
async function files(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(relative(dir, join(entry.parentPath, entry.name)), await readFile(join(entry.parentPath, entry.name)));
  }
  return out;
}

async function expectSameTree(actual: string, expected: string): Promise<void> {
  const [a, b] = [await files(actual), await files(expected)];
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [path, bytes] of b) expect((a.get(path) as Buffer).equals(bytes), `${path} differs`).toBe(true);
}

type Style = "index" | "kubernetes" | "slurm" | "aws";

/** How an engine tells a task of an array job its index. */
function shardArgs(style: Style, index: number, count: number): { args: string[]; env: Record<string, string> } {
  switch (style) {
    case "index":
      return { args: ["--index", String(index), "--count", String(count)], env: {} };
    case "kubernetes":
      return { args: ["--count", String(count)], env: { JOB_COMPLETION_INDEX: String(index) } };
    case "slurm":
      return { args: ["--count", String(count)], env: { SLURM_ARRAY_TASK_ID: String(index), SLURM_ARRAY_TASK_COUNT: String(count) } };
    case "aws":
      return { args: [], env: { AWS_BATCH_JOB_ARRAY_INDEX: String(index) } };
  }
}

/** Every shard of a plan, started at once in a seeded shuffled order. */
async function runShards(plan: string, shards: string, count: number, style: Style, seed: string): Promise<void> {
  const order = Array.from({ length: count }, (_, i) => i);
  const rng = seedrandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const runs = await Promise.all(
    order.map((index) => {
      const { args, env } = shardArgs(style, index, count);
      return ok(["shard", "--plan", plan, "--out", shards, "--workers", "1", ...args], env);
    }),
  );
  for (const run of runs) expect(run.stdout).toMatch(/^shard \d+: rendered \d+ task\(s\)/);
}

let dir: string;
let mixConfig: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error("dist/ is missing: run `npm run build` first (`npm test` does).");
  dir = await tempDir("iml-shard-");
  mixConfig = join(dir, "mix.yaml");
  await writeFile(mixConfig, MIX);
  await ok(["build", "--config", DEMO, "--out", join(dir, "demo-build"), "--quiet"]);
});
afterAll(async () => removeDir(dir));

describe("plan + shards + merge = build", () => {
  it.each([
    [1, "index" as Style],
    [2, "kubernetes" as Style],
    [5, "slurm" as Style],
  ])("the demo in %i shard(s), %s-style indexes", async (count, style) => {
    const base = join(dir, `demo-${count}`);
    await ok(["plan", "--config", DEMO, "--shards", String(count), "--out", join(base, "plan"), "--quiet"]);
    await runShards(join(base, "plan"), join(base, "shards"), count, style, `demo-${count}`);
    await ok(["merge", "--plan", join(base, "plan"), "--shards", join(base, "shards"), "--out", join(base, "out"), "--quiet"]);
    await expectSameTree(join(base, "out"), join(dir, "demo-build"));
  });

  it("with a mixture after the audit's drops, demonstrations and Parquet, in 2 and 5 shards", async () => {
    const expected = join(dir, "mix-build");
    await ok(["build", "--config", mixConfig, "--out", expected, "--format", "parquet", "--quiet"]);
    for (const [count, style] of [
      [2, "aws"],
      [5, "kubernetes"],
    ] as const) {
      const base = join(dir, `mix-${count}`);
      await ok(["plan", "--config", mixConfig, "--shards", String(count), "--out", join(base, "plan"), "--quiet"]);
      await runShards(join(base, "plan"), join(base, "shards"), count, style, `mix-${count}`);
      const out = join(base, "out");
      await ok(["merge", "--plan", join(base, "plan"), "--shards", join(base, "shards"), "--out", out, "--format", "parquet", "--quiet"]);
      await expectSameTree(out, expected);
    }
  });
});

describe("a shard killed midway", () => {
  it("is run again: finished tasks are skipped, the rest rendered, the merge gives the same bytes", async () => {
    const base = join(dir, "killed");
    const plan = join(base, "plan");
    const shards = join(base, "shards");
    await ok(["plan", "--config", DEMO, "--shards", "1", "--out", plan, "--quiet"]);
    const { doc } = JSON.parse(`{"doc": ${await readFile(join(plan, "plan.json"), "utf8")}}`) as { doc: { tasks: { shard?: number }[] } };
    const total = doc.tasks.filter((t) => t.shard !== undefined).length;
    const { child, done } = start(["shard", "--plan", plan, "--out", shards, "--index", "0", "--workers", "0"]);
    const finished = async (): Promise<string[]> => (await readdir(join(shards, "tasks")).catch(() => [])).filter((n) => /^\d+$/.test(n));
    while ((await finished()).length === 0 && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
    child.kill("SIGKILL");
    const killed = await done;
    expect(killed.signal).toBe("SIGKILL");
    const before = (await finished()).length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(total);

    const early = await cli(["merge", "--plan", plan, "--shards", shards, "--out", join(base, "out")]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain(`${total - before} of ${total} task(s) have no completion marker in ${join(shards, "tasks")}`);
    expect(early.stderr).toContain("Run shard 0 again until it finishes");
    expect(existsSync(join(base, "out"))).toBe(false);

    const rerun = await ok(["shard", "--plan", plan, "--out", shards, "--index", "0"]);
    expect(rerun.stdout).toContain(`rendered ${total - before} task(s)`);
    expect(rerun.stdout).toContain(`${before} already done`);
    expect(await readdir(join(shards, "partial"))).toEqual([]);
    await ok(["merge", "--plan", plan, "--shards", shards, "--out", join(base, "out"), "--quiet"]);
    await expectSameTree(join(base, "out"), join(dir, "demo-build"));
    // A merge leaves the shards as they were: merging again gives the same bytes.
    await ok(["merge", "--plan", plan, "--shards", shards, "--out", join(base, "again"), "--quiet"]);
    await expectSameTree(join(base, "again"), join(dir, "demo-build"));
  });
});

describe("refusals", () => {
  let plan: string;
  let config: string;
  beforeAll(async () => {
    config = join(dir, "refusals.yaml");
    await writeFile(config, (await readFile(DEMO, "utf8")).replace("seed: 1", "seed: 5"));
    plan = join(dir, "refusals-plan");
    await ok(["plan", "--config", config, "--shards", "2", "--out", plan, "--quiet"]);
  });

  it("a count that is not the plan's, an index outside it, no index", async () => {
    const shards = join(dir, "refusals-count");
    const flag = await cli(["shard", "--plan", plan, "--out", shards, "--index", "0", "--count", "3"]);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toBe(
      "iml-bench: the job runs 3 shards, but the plan was made for 2. Start 2 shards (indexes 0 to 1), or make a new plan with --shards 3.\n",
    );
    const slurm = await cli(["shard", "--plan", plan, "--out", shards, "--count", "4"], { SLURM_ARRAY_TASK_ID: "1" });
    expect(slurm.code).toBe(1);
    expect(slurm.stderr).toContain("the job runs 4 shards, but the plan was made for 2");
    const outside = await cli(["shard", "--plan", plan, "--out", shards], { JOB_COMPLETION_INDEX: "2" });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toBe(
      "iml-bench: JOB_COMPLETION_INDEX 2: the plan has 2 shard(s), indexes 0 to 1 (a Slurm array is --array=0-1).\n",
    );
    const none = await cli(["shard", "--plan", plan, "--out", shards]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no shard index: pass --index, or run the shard as an array job's task");
    expect(existsSync(join(shards, "tasks"))).toBe(false);
  });

  it("a config changed since the plan, for shard and merge", async () => {
    const shards = join(dir, "refusals-changed");
    await ok(["shard", "--plan", plan, "--out", shards, "--index", "0"]);
    await writeFile(config, (await readFile(config, "utf8")).replace("fraction: 0.2", "fraction: 0.25"));
    try {
      const shard = await cli(["shard", "--plan", plan, "--out", shards, "--index", "1"]);
      expect(shard.code).toBe(1);
      expect(shard.stderr).toBe(
        `iml-bench: ${join(plan, "plan.json")}: the build's settings changed since the plan was made (they differ at /config/heldout/instances/fraction; config ${config}). Make a new plan with iml-bench plan, or restore what changed.\n`,
      );
      const merge = await cli(["merge", "--plan", plan, "--shards", shards, "--out", join(dir, "refusals-out")]);
      expect(merge.code).toBe(1);
      expect(merge.stderr).toContain("the build's settings changed since the plan was made");
    } finally {
      await writeFile(config, (await readFile(config, "utf8")).replace("fraction: 0.25", "fraction: 0.2"));
    }
  });

  it("a shard's file changed after it finished, and a shards folder of another plan", async () => {
    const shards = join(dir, "refusals-files");
    await ok(["shard", "--plan", plan, "--out", shards, "--index", "0"]);
    await ok(["shard", "--plan", plan, "--out", shards, "--index", "1"]);
    const task = join(shards, "tasks", (await readdir(join(shards, "tasks")))[0] as string);
    const evalFile = (await readdir(task, { recursive: true })).find((f) => f.endsWith(".jsonl")) as string;
    await writeFile(join(task, evalFile), "{}\n");
    const merge = await cli(["merge", "--plan", plan, "--shards", shards, "--out", join(dir, "refusals-out")]);
    expect(merge.code).toBe(1);
    expect(merge.stderr).toMatch(/has sha256 [0-9a-f]{64} \(3 bytes\), but its task's marker says sha256 [0-9a-f]{64}/);
    expect(merge.stderr).toContain(`Remove ${task} and run shard`);
    expect(existsSync(join(dir, "refusals-out"))).toBe(false);

    const other = join(dir, "refusals-other-plan");
    await ok(["plan", "--config", config, "--shards", "1", "--out", other, "--quiet"]);
    const shard = await cli(["shard", "--plan", other, "--out", shards, "--index", "0"]);
    expect(shard.code).toBe(1);
    expect(shard.stderr).toMatch(/this task was rendered for another plan \(sha256 [0-9a-f]{64}, not [0-9a-f]{64}\)/);
    await rm(shards, { recursive: true, force: true });
  });

  /** Shards 0 and 1 rendered, the first marker with staged records edited; the task and its folder. */
  async function editedMarker(shards: string, edit: (staged: { index?: { offsets: number[] } }) => void) {
    await ok(["shard", "--plan", plan, "--out", shards, "--index", "0"]);
    await ok(["shard", "--plan", plan, "--out", shards, "--index", "1"]);
    for (const folder of (await readdir(join(shards, "tasks"))).sort()) {
      const file = join(shards, "tasks", folder, "done.json");
      const marker = JSON.parse(await readFile(file, "utf8")) as { task: string; staged_file?: { index?: { offsets: number[] } } };
      if (!marker.staged_file) continue;
      edit(marker.staged_file);
      await writeFile(file, `${JSON.stringify(marker)}\n`);
      return { task: marker.task, folder: join(shards, "tasks", folder), file };
    }
    throw new Error("no marker with staged records");
  }

  it("a marker without the run index of its staged records (a shard of an older iml-bench)", async () => {
    const shards = join(dir, "refusals-older");
    const edited = await editedMarker(shards, (staged) => {
      delete staged.index;
    });
    const merge = await cli(["merge", "--plan", plan, "--shards", shards, "--out", join(dir, "refusals-out")]);
    expect(merge.code).toBe(1);
    expect(merge.stderr).toContain(
      `the marker of task ${edited.task} has no run index: its shard was rendered by an older iml-bench. Remove ${edited.folder} and run shard`,
    );
    expect(existsSync(join(dir, "refusals-out"))).toBe(false);
    await rm(shards, { recursive: true, force: true });
  });

  it("a marker whose run index is not one iml-bench writes", async () => {
    const shards = join(dir, "refusals-index");
    const edited = await editedMarker(shards, (staged) => {
      (staged.index as { offsets: number[] }).offsets[1] = 2 ** 31;
    });
    const merge = await cli(["merge", "--plan", plan, "--shards", shards, "--out", join(dir, "refusals-index-out")]);
    expect(merge.code).toBe(1);
    expect(merge.stderr).toContain(
      `${edited.file}: the run index of this task's staged records is not one this iml-bench writes (257 offsets in order, 256 record counts, 256 byte counts). Remove ${edited.folder} and run its shard again.`,
    );
    expect(existsSync(join(dir, "refusals-index-out"))).toBe(false);
    await rm(shards, { recursive: true, force: true });
  });

  it("a plan.json changed by hand", async () => {
    const edited = join(dir, "refusals-edited");
    await ok(["plan", "--config", config, "--shards", "2", "--out", edited, "--quiet"]);
    const file = join(edited, "plan.json");
    await writeFile(file, (await readFile(file, "utf8")).replace('"shards": 2', '"shards": 3'));
    const shard = await cli(["shard", "--plan", edited, "--out", join(dir, "refusals-edited-shards"), "--index", "2"]);
    expect(shard.code).toBe(1);
    expect(shard.stderr).toBe(
      `iml-bench: ${file}: not a plan as iml-bench plan writes it (its sha256 does not match its content). Make the plan again.\n`,
    );
  });
});
