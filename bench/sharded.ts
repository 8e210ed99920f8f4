/**
 * The sharded mode of `npm run bench` (BENCH_SHARDS=N), on superni-default with every training example
 * written (no training cap, as OPT-IML Bench's 18M examples are): the build on one machine, then the same
 * build as plan, N shards and merge, each step in a process of its own, one after the other on this
 * machine with the same worker threads, as each shard would run on a machine of its own. Reports each
 * shard's throughput, the merge's time, that the result is the build's bytes, and what the rates project
 * for an OPT-IML-size build on N machines.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";
import type { BuildResult, StepResult } from "./child.js";

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL("./child.js", import.meta.url));

async function step<T = StepResult>(args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [CHILD, ...args], { maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split("\n").at(-1) as string) as T;
}

export interface ShardedFigures {
  shards: number;
  build: BuildResult;
  plan: StepResult;
  perShard: StepResult[];
  merge: StepResult;
  /** The merged manifest.json is the build's, byte for byte. */
  identical: boolean;
}

/** `config` without its training cap, built on one machine, then planned, rendered shard by shard in index order, merged. */
export async function shardedBench(config: string, root: string, work: string, shards: number, workers: number): Promise<ShardedFigures> {
  const [plan, shardsDir, out, buildOut] = [join(work, "plan"), join(work, "shards"), join(work, "sharded-out"), join(work, "build-out")];
  await mkdir(work, { recursive: true });
  const uncapped = join(work, "uncapped.yaml");
  const doc = parse(await readFile(config, "utf8")) as { name: string; caps: { train: number | null } };
  await writeFile(uncapped, stringify({ ...doc, name: `${doc.name}-uncapped`, caps: { ...doc.caps, train: null } }));
  const build = await step<BuildResult>(["build", uncapped, root, buildOut, String(workers)]);
  const planned = await step(["plan", uncapped, root, plan, String(shards), String(workers)]);
  const perShard: StepResult[] = [];
  for (let i = 0; i < shards; i++) perShard.push(await step(["shard", plan, shardsDir, String(i), String(workers)]));
  const merge = await step(["merge", plan, shardsDir, out, String(workers)]);
  const [merged, built] = await Promise.all([readFile(join(out, "manifest.json")), readFile(join(buildOut, "manifest.json"))]);
  return { shards, build, plan: planned, perShard, merge, identical: merged.equals(built) };
}

/** OPT-IML Bench: about 2,000 tasks and 18 million examples. */
const OPT_IML = { tasks: 2000, instances: 18e6 };

export function formatSharded(f: ShardedFigures, machineCounts: readonly number[]): string[] {
  const s = (n: number): string => `${n.toFixed(2)} s`;
  const int = (n: number): string => Math.round(n).toLocaleString("en-US");
  const lines = [
    `sharded: superni-default without its training cap (every training example written)`,
    `  build  ${s(f.build.seconds).padStart(9)}  one machine, ${int(f.build.records)} records (${int(f.build.records / f.build.seconds)}/s), peak RSS ${f.build.maxRssMb.toFixed(0)} MB`,
    `  then plan + ${f.shards} shards + merge, each in a process of its own, one after the other:`,
    `  plan   ${s(f.plan.seconds).padStart(9)}  ${int(f.plan.tasks)} tasks, ${int(f.plan.instances)} instances scanned (${int(f.plan.instances / f.plan.seconds)}/s), peak RSS ${f.plan.maxRssMb.toFixed(0)} MB`,
  ];
  f.perShard.forEach((r, i) => {
    lines.push(
      `  shard ${String(i).padStart(2)} ${s(r.seconds).padStart(9)}  ${int(r.tasks).padStart(5)} tasks ${int(r.instances).padStart(11)} instances (${int(r.instances / r.seconds)}/s)  ${int(r.records).padStart(8)} records (${int(r.records / r.seconds)}/s), peak RSS ${r.maxRssMb.toFixed(0)} MB`,
    );
  });
  lines.push(
    `  merge  ${s(f.merge.seconds).padStart(9)}  ${int(f.merge.records)} records (${int(f.merge.records / f.merge.seconds)}/s), peak RSS ${f.merge.maxRssMb.toFixed(0)} MB`,
  );
  const slowest = Math.max(...f.perShard.map((r) => r.seconds));
  lines.push(
    `  on ${f.shards} machines: plan + slowest shard + merge = ${s(f.plan.seconds + slowest + f.merge.seconds)} (the build: ${s(f.build.seconds)}); merged output identical to the build: ${f.identical ? "yes" : "NO"}`,
  );
  // Rates per machine: scanning and rendering go with input instances, merging with written records.
  const instances = f.perShard.reduce((n, r) => n + r.instances, 0);
  const renderRate = instances / f.perShard.reduce((n, r) => n + r.seconds, 0);
  const scanRate = f.plan.instances / f.plan.seconds;
  const recordsPerInstance = f.merge.records / instances;
  const mergeRate = f.merge.records / f.merge.seconds;
  lines.push(
    `projection for an OPT-IML-size build (${int(OPT_IML.tasks)} tasks, ${int(OPT_IML.instances)} instances; ${recordsPerInstance.toFixed(3)} records per instance as here):`,
  );
  for (const n of machineCounts) {
    const plan = OPT_IML.instances / scanRate;
    const shard = OPT_IML.instances / n / renderRate;
    const merge = (OPT_IML.instances * recordsPerInstance) / mergeRate;
    lines.push(
      `  ${String(n).padStart(3)} machine(s): plan ${(plan / 60).toFixed(1)} min + shards ${(shard / 60).toFixed(1)} min + merge ${(merge / 60).toFixed(1)} min = ${((plan + shard + merge) / 60).toFixed(1)} min`,
    );
  }
  return lines;
}
