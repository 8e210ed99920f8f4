/**
 * `npm run bench`: build throughput against the floor of simply parsing the same input, in one run.
 * Generates a synthetic Super-NI checkout (sizes from the environment), then times:
 *   floor  = read + JSON.parse every task file (what any reader must do);
 *   build  = a full `iml-bench build` (two passes over the files, render, shuffle, write, hash).
 * Prints instances/s for both, the ratio, and the peak RSS of the build.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../src/config/package-root.js";
import { rngFor } from "../src/core/rng.js";
import { build } from "../src/pipeline/build.js";

const TASKS = Number(process.env.BENCH_TASKS ?? 60);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3000);
const CATEGORIES = ["Question Answering", "Sentiment Analysis", "Textual Entailment", "Title Generation", "Text Categorization"];

async function makeCorpus(root: string): Promise<string[]> {
  await mkdir(join(root, "tasks"), { recursive: true });
  const names: string[] = [];
  for (let t = 0; t < TASKS; t++) {
    const rng = rngFor(0, "bench", t);
    const name = `task${String(9500 + t)}_bench_${t}`;
    const words = () => Array.from({ length: 20 + rng.int(60) }, () => `w${rng.int(5000)}`).join(" ");
    const task = {
      Contributors: ["bench"],
      Source: [`bench_${t % 40}`],
      URL: [],
      Categories: [CATEGORIES[t % CATEGORIES.length]],
      Reasoning: [],
      Definition: [`Definition of task ${t}: ${words()}`],
      Input_language: ["English"],
      Output_language: ["English"],
      Instruction_language: ["English"],
      Domains: ["Synthetic"],
      "Positive Examples": [0, 1, 2].map(() => ({ input: words(), output: words(), explanation: words() })),
      "Negative Examples": [0].map(() => ({ input: words(), output: words(), explanation: words() })),
      Instances: Array.from({ length: INSTANCES }, (_, i) => ({
        id: `task${9500 + t}-${i.toString(16).padStart(32, "0")}`,
        input: words(),
        output: [words()],
      })),
      "Instance License": ["MIT"],
    };
    await writeFile(join(root, "tasks", `${name}.json`), JSON.stringify(task, null, 4));
    names.push(name);
  }
  return names;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "iml-bench-bench-"));
  try {
    const root = join(dir, "natural-instructions");
    const names = await makeCorpus(root);
    const total = TASKS * INSTANCES;
    const floorStart = performance.now();
    let parsed = 0;
    for (const name of names)
      parsed += (JSON.parse(await readFile(join(root, "tasks", `${name}.json`), "utf8")) as { Instances: unknown[] }).Instances.length;
    const floorSeconds = (performance.now() - floorStart) / 1000;

    const config = join(dir, "bench.yaml");
    const lines = [
      "version: 1",
      "name: bench",
      "seed: 1",
      "sources: [supernatural]",
      "heldout:",
      "  categories: [Textual Entailment]",
      "  instances: {fraction: 0.05}",
      "prompts:",
      "  supernatural: {encoding: def+pos2}",
      `audit: {enabled: ${process.env.BENCH_NO_AUDIT ? "false" : "true"}}`,
      `categories: ${join(packageRoot(), "categories")}`,
    ];
    await writeFile(config, `${lines.join("\n")}\n`);
    const buildStart = performance.now();
    const manifest = await build({ configFile: config, out: join(dir, "out"), sourceOverrides: new Map([["supernatural", root]]) });
    const buildSeconds = (performance.now() - buildStart) / 1000;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString("en-US")} instances/s`;
    console.log(
      `corpus: ${TASKS} tasks x ${INSTANCES} instances = ${total.toLocaleString("en-US")} instances (${parsed === total ? "ok" : "MISMATCH"})`,
    );
    console.log(`floor (read + JSON.parse):  ${floorSeconds.toFixed(2)} s  ${rate(total, floorSeconds)}`);
    console.log(
      `build (full pipeline):      ${buildSeconds.toFixed(2)} s  ${rate(total, buildSeconds)}  -> ${manifest.counts.records.toLocaleString("en-US")} records`,
    );
    console.log(`build / floor time ratio:   ${(buildSeconds / floorSeconds).toFixed(2)}x`);
    console.log(
      `peak RSS:                   ${rssMb.toFixed(0)} MB (largest task file ~${((await readFile(join(root, "tasks", `${names[0]}.json`))).length / 1e6).toFixed(1)} MB)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
