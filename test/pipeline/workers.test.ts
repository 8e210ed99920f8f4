/**
 * Worker threads change nothing but speed: the same bytes for 0 (the calling thread), 1 and 4 worker
 * threads and for any order a source lists its tasks in, on the sample sources and on a config with
 * demonstrations, sampling and the audit; the same error when a task fails.
 *
 * Worker threads run the compiled JavaScript, so these builds run from dist/ (`npm test` builds it first).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Api from "../../src/index.js";
import { copySample, ROOT, readTree, removeDir, tempDir } from "./helpers.js";

const DIST = path.join(ROOT, "dist", "src");
const CLI = path.join(DIST, "cli.js");
const REGISTRY = path.join(DIST, "sources", "registry.js");

/** The newest modification time under a folder, in ms. */
function newest(dir: string, ext: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(ext)) latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

let api: typeof Api;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI) || newest(path.join(ROOT, "src"), ".ts") > newest(DIST, ".js")) {
    throw new Error("dist/ is missing or older than src/: run `npm run build` first (`npm test` does).");
  }
  api = (await import(pathToFileURL(path.join(DIST, "index.js")).href)) as typeof Api;
  dir = await tempDir("iml-workers-");
});
afterAll(async () => removeDir(dir));

/** The package's sources, each listing its tasks in a shuffled (seeded) order. */
function shuffledRegistry(seed: number): Api.Sources {
  return api.SOURCES.map((definition) => ({
    ...definition,
    open: (root, options, rule) => {
      const adapter = definition.open(root, options, rule);
      return Object.assign(Object.create(adapter) as Api.SourceAdapter, {
        list: async () => {
          const refs = await adapter.list();
          let state = seed;
          for (let i = refs.length - 1; i > 0; i--) {
            state = (state * 1103515245 + 12345) % 2147483648;
            const j = state % (i + 1);
            [refs[i], refs[j]] = [refs[j] as Api.TaskRef, refs[i] as Api.TaskRef];
          }
          return refs;
        },
      });
    },
  }));
}

async function plantOverlap(): Promise<string> {
  const root = await copySample(path.join(dir, "planted"));
  const file = path.join(root, "tasks", "task9008_sst2_sentiment_classification.json");
  const task = JSON.parse(await readFile(file, "utf8")) as { Instances: { input: string }[] };
  const leaked = "The council approved a new cycle lane on Mill Road after a two-year campaign by local residents.";
  task.Instances = task.Instances.map((inst) => ({ ...inst, input: `${inst.input} ${leaked}` }));
  await writeFile(file, JSON.stringify(task, null, 4));
  return root;
}

async function buildTreeOf(name: string, options: Omit<Api.BuildOptions, "out">): Promise<Map<string, string>> {
  const out = path.join(dir, name);
  await api.build({ ...options, out, force: true });
  return readTree(out);
}

const MIXED = `version: 1
name: workers-mixed
seed: 11
sources: [supernatural, promptsource, flan, unifiedskg]
heldout:
  categories: [Coreference Resolution]
  tasks: {fraction: 0.3}
  instances: {fraction: 0.1}
prompts:
  supernatural: {encoding: tk_instruct}
  promptsource: {train: all, drop_failing_eval_templates: false}
demos:
  zipf: {a: 2, max: 3}
  eval_shots: [0, 2]
sampling:
  strategy: eps
  cap: 20
  proportions: {supernatural: 30, promptsource: 30, flan: 30, unifiedskg: 10}
delimiters: {enabled: true}
audit: {policy: drop_train}
categories: ${JSON.stringify(path.join(ROOT, "categories"))}
`;

/** No held-out instances: the audit scans training tasks while they render (render-stage.ts). */
const ALONGSIDE = `version: 1
name: workers-alongside
seed: 4
sources: [supernatural, promptsource, flan, unifiedskg]
heldout:
  categories: [Textual Entailment]
demos:
  k: 2
  eval_shots: [0, 1]
audit: {policy: drop_eval, boilerplate: false}
categories: ${JSON.stringify(path.join(ROOT, "categories"))}
`;

describe("worker threads", () => {
  it.each([
    ["the sample sources (splits/demo.yaml)", "demo"],
    ["demonstrations, sampling and the audit", "mixed"],
    ["the audit alongside rendering, its policy dropping evaluation files", "alongside"],
  ])("give the same bytes for 0, 1 and 4 threads and any listing order: %s", async (_what, which) => {
    let configFile = path.join(ROOT, "splits", "demo.yaml");
    if (which !== "demo") {
      configFile = path.join(dir, `${which}.yaml`);
      await writeFile(configFile, which === "mixed" ? MIXED : ALONGSIDE);
    }
    // A training task that repeats a held-out task's sentence, for the audit to find.
    const planted = which === "alongside" ? { sourceOverrides: new Map([["supernatural", await plantOverlap()]]) } : {};
    const buildTree = (name: string, options: Omit<Api.BuildOptions, "out">) => buildTreeOf(name, { ...options, ...planted });
    const inProcess = await buildTree(`${which}-0`, { configFile, workers: 0 });
    expect([...inProcess.keys()]).toContain("manifest.json");
    if (which === "mixed") {
      const manifest = JSON.parse(inProcess.get("manifest.json") as string) as Api.Manifest;
      expect(manifest.mixture).toBeDefined();
      expect([...inProcess.keys()].some((f) => f.endsWith(".2shot.jsonl"))).toBe(true);
      expect(inProcess.has("audit.json")).toBe(true);
    }
    if (which === "alongside") {
      const audit = JSON.parse(inProcess.get("audit.json") as string) as { pairs: unknown[]; dropped: { eval: string[] } };
      expect(audit.pairs.length).toBeGreaterThan(0);
      expect(audit.dropped.eval.length).toBeGreaterThan(0);
      // The audit after rendering (a held-out fraction too small to hold out an instance) finds the same.
      const after = path.join(dir, "after.yaml");
      await writeFile(after, ALONGSIDE.replace("heldout:\n", "heldout:\n  instances: {fraction: 0.0001}\n"));
      const sequential = await buildTree("alongside-after", { configFile: after, workers: 4 });
      // Only the config differs, and the card, which quotes it.
      const config = (tree: Map<string, string>) => {
        const manifest = JSON.parse(tree.get("manifest.json") as string) as Api.Manifest;
        return { ...manifest, config: null, outputs: manifest.outputs.filter((o) => o.path !== "README.md") };
      };
      expect(config(sequential)).toEqual(config(inProcess));
      const records = (tree: Map<string, string>) => new Map([...tree].filter(([f]) => f !== "manifest.json" && f !== "README.md"));
      expect(records(sequential)).toEqual(records(inProcess));
    }
    expect(await buildTree(`${which}-1`, { configFile, workers: 1 })).toEqual(inProcess);
    expect(await buildTree(`${which}-4`, { configFile, workers: 4 })).toEqual(inProcess);
    const shuffled = { registry: shuffledRegistry(7), registryModule: REGISTRY };
    expect(await buildTree(`${which}-4s`, { configFile, workers: 4, ...shuffled })).toEqual(inProcess);
    expect(await buildTree(`${which}-0s`, { configFile, workers: 0, ...shuffled })).toEqual(inProcess);
  });

  it("are what `build --workers N` runs, with the same bytes", async () => {
    const run = promisify(execFile);
    const trees: Map<string, string>[] = [];
    for (const workers of ["1", "4"]) {
      const out = path.join(dir, `cli-${workers}`);
      await run(process.execPath, [
        CLI,
        "build",
        "--config",
        path.join(ROOT, "splits", "demo.yaml"),
        "--out",
        out,
        "--force",
        "--workers",
        workers,
      ]);
      trees.push(await readTree(out));
    }
    expect(trees[1]).toEqual(trees[0]);
  });

  it("stop the build with the error of the first failing task, as on the calling thread", async () => {
    const root = await copySample(dir);
    const file = path.join(root, "tasks", readdirSync(path.join(root, "tasks")).filter((f) => f.endsWith(".json"))[0] as string);
    const task = JSON.parse(await readFile(file, "utf8")) as { Instances: { input: unknown }[] };
    (task.Instances[0] as { input: unknown }).input = 5;
    await writeFile(file, JSON.stringify(task));
    const attempt = (workers: number): Promise<unknown> =>
      api
        .build({
          configFile: path.join(ROOT, "splits", "demo.yaml"),
          out: path.join(dir, `bad-${workers}`),
          force: true,
          workers,
          sourceOverrides: new Map([["supernatural", root]]),
        })
        .then(
          () => new Error("the build did not fail"),
          (error: unknown) => error,
        );
    const inProcess = (await attempt(0)) as Error;
    expect(api.isUserError(inProcess)).toBe(true);
    expect(inProcess.message).toContain("/Instances/0/input");
    for (const workers of [1, 4]) {
      const error = (await attempt(workers)) as Error;
      expect(api.isUserError(error)).toBe(true);
      expect(error).toBeInstanceOf(api.AdapterError);
      expect(error.message).toBe(inProcess.message);
    }
    expect(existsSync(path.join(dir, "bad-4"))).toBe(false);
  });
});
