/**
 * One measurement of `npm run bench`, in a process of its own so that its peak RSS is its own. Prints one
 * JSON line.
 *
 *   node dist/bench/child.js floor <tasks dir>
 *     read + JSON.parse every task file, one after the other, on one thread (what any reader must do;
 *     a file with bare NaN is repaired and parsed again, as it must be)
 *   node dist/bench/child.js build <config> <supernatural root> <out> <workers>
 *     a full build, with the wall time of each stage
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parsePyJson } from "../src/core/py-json.js";
import { byCodeUnit } from "../src/core/py-str.js";
import { build } from "../src/pipeline/build.js";

export interface FloorResult {
  seconds: number;
  files: number;
  instances: number;
  maxRssMb: number;
}

export interface BuildResult {
  seconds: number;
  stages: Record<string, number>;
  records: number;
  trainRecords: number;
  maxRssMb: number;
}

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;

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
    stages,
    records: manifest.counts.records,
    trainRecords: manifest.counts.by_split.train ?? 0,
    maxRssMb: maxRssMb(),
  };
}

const [command, ...args] = process.argv.slice(2);
if (command === "floor") console.log(JSON.stringify(await floor(args[0] as string)));
else if (command === "build")
  console.log(JSON.stringify(await buildOnce(args[0] as string, args[1] as string, args[2] as string, Number(args[3]))));
else throw new Error(`bench child: unknown command ${command}`);
