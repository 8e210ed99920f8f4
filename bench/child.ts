/**
 * One measurement of `npm run bench`, in a process of its own so that its peak RSS is its own. Prints one
 * JSON line.
 *
 *   node dist/bench/child.js floor <tasks dir>
 *     read + JSON.parse every task file, one after the other, on one thread (what any reader must do;
 *     a file with bare NaN is repaired and parsed again, as it must be)
 *   node dist/bench/child.js build <config> <supernatural root> <out> <workers>
 *     a full build, with the wall time of each stage
 *   node dist/bench/child.js plan <config> <supernatural root> <plan dir> <shards> <workers>
 *   node dist/bench/child.js shard <plan dir> <shards dir> <index> <workers>
 *   node dist/bench/child.js merge <plan dir> <shards dir> <out> <workers>
 *     one step of a sharded build (BENCH_SHARDS, bench/sharded.ts)
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parsePyJson } from "../src/core/py-json.js";
import { byCodeUnit } from "../src/core/py-str.js";
import { build } from "../src/pipeline/build.js";
import { makePlan, mergeShards, renderShard } from "../src/pipeline/sharded.js";

export interface FloorResult {
  seconds: number;
  files: number;
  instances: number;
  maxRssMb: number;
}

export interface BuildResult {
  seconds: number;
  /** CPU time of the process, every thread (user + system): what the machine's drift in speed moves least. */
  cpuSeconds: number;
  stages: Record<string, number>;
  records: number;
  trainRecords: number;
  maxRssMb: number;
}

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** JSON.parse; a file with Python's bare NaN (real Super-NI has some) is repaired and parsed again. */
function parse(text: string, file: string): { Instances: unknown[] } {
  try {
    return JSON.parse(text) as { Instances: unknown[] };
  } catch {
    return parsePyJson<{ Instances: unknown[] }>(text, file).value;
  }
}

async function floor(dir: string): Promise<FloorResult> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort(byCodeUnit);
  const start = performance.now();
  let instances = 0;
  for (const f of files) instances += parse(await readFile(join(dir, f), "utf8"), f).Instances.length;
  return { seconds: (performance.now() - start) / 1000, files: files.length, instances, maxRssMb: maxRssMb() };
}

async function buildOnce(configFile: string, root: string, out: string, workers: number): Promise<BuildResult> {
  const stages: Record<string, number> = {};
  const start = performance.now();
  const manifest = await build({
    configFile,
    out,
    force: true,
    workers,
    sourceOverrides: new Map([["supernatural", root]]),
    onStage: (stage, seconds) => {
      stages[stage] = seconds;
    },
  });
  return {
    seconds: (performance.now() - start) / 1000,
    cpuSeconds: cpuSeconds(),
    stages,
    records: manifest.counts.records,
    trainRecords: manifest.counts.by_split.train ?? 0,
    maxRssMb: maxRssMb(),
  };
}

export interface StepResult {
  seconds: number;
  maxRssMb: number;
  /** plan: tasks planned and their instances; shard: tasks rendered, their instances and records; merge: records written. */
  tasks: number;
  instances: number;
  records: number;
}

async function timed(step: () => Promise<Omit<StepResult, "seconds" | "maxRssMb">>): Promise<StepResult> {
  const start = performance.now();
  const result = await step();
  return { seconds: (performance.now() - start) / 1000, maxRssMb: maxRssMb(), ...result };
}

async function planOnce(configFile: string, root: string, out: string, shards: number, workers: number): Promise<StepResult> {
  return timed(async () => {
    const { plan } = await makePlan({ configFile, out, shards, workers, force: true, sourceOverrides: new Map([["supernatural", root]]) });
    const tasks = plan.tasks.filter((t) => t.shard !== undefined);
    return { tasks: tasks.length, instances: tasks.reduce((n, t) => n + t.task.instanceCount, 0), records: 0 };
  });
}

async function shardOnce(plan: string, out: string, index: number, workers: number): Promise<StepResult> {
  const { tasks } = JSON.parse(await readFile(join(plan, "plan.json"), "utf8")) as {
    tasks: { shard?: number; task: { instanceCount: number } }[];
  };
  const mine = tasks.filter((t) => t.shard === index);
  return timed(async () => {
    const result = await renderShard({ plan, out, index, workers });
    return { tasks: result.rendered, instances: mine.reduce((n, t) => n + t.task.instanceCount, 0), records: result.records };
  });
}

async function mergeOnce(plan: string, shards: string, out: string, workers: number): Promise<StepResult> {
  return timed(async () => {
    const manifest = await mergeShards({ plan, shards, out, workers, force: true });
    return { tasks: manifest.tasks.length, instances: 0, records: manifest.counts.records };
  });
}

const [command, ...args] = process.argv.slice(2);
const [a, b, c, d, e] = args as [string, string, string, string, string];
if (command === "floor") console.log(JSON.stringify(await floor(a)));
else if (command === "build") console.log(JSON.stringify(await buildOnce(a, b, c, Number(d))));
else if (command === "plan") console.log(JSON.stringify(await planOnce(a, b, c, Number(d), Number(e))));
else if (command === "shard") console.log(JSON.stringify(await shardOnce(a, b, Number(c), Number(d))));
else if (command === "merge") console.log(JSON.stringify(await mergeOnce(a, b, c, Number(d))));
else throw new Error(`bench child: unknown command ${command}`);
