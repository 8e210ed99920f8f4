/**
 * `npm run bench:audit`: what the 13-gram content audit costs a build. Over the synthetic Super-NI checkout
 * of `npm run bench` (bench/corpus.ts: real-size task files, dataset families sharing passages, a few
 * training tasks leaking a test task's family) and the superni-default config, each in its own process
 * (so each peak RSS is its own):
 *   build with the audit, build without it (`audit: {enabled: false}`), their difference as the audit's
 *   share of the build; the audit alone as the build runs it (from the build's eval files and one file per
 *   training task); and its phases on texts already in memory (index, scan, quoting), with the n-gram
 *   lookups made and the cost per lookup.
 *
 * Environment: BENCH_AUDIT_TASKS (task files, default 1616), BENCH_AUDIT_SCALE (task file sizes, and so
 * instances per task, against the real ones: the corpus's sizeScale, default 1), BENCH_AUDIT_CORPUS (a
 * checkout to use instead, e.g. a real one, with splits/default lists), BENCH_AUDIT_DIR (keep the corpus
 * and outputs there and reuse the corpus; default a temporary folder removed afterwards). `--prepare` only
 * writes the corpus and configs and prints the build commands (to time them as whole processes).
 *
 * `benchAudit()` returns the figures, for the main benchmark to call.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { auditOverlap } from "../src/audit/audit.js";
import { buildEvalIndex, type EvalExample } from "../src/audit/eval-index.js";
import { tokenize } from "../src/audit/ngrams.js";
import { evalExamplesFromFiles, trainTasksFromFiles } from "../src/audit/records.js";
import { TrainScanner } from "../src/audit/train-scan.js";
import { packageRoot } from "../src/config/package-root.js";
import { byCodeUnit } from "../src/core/py-str.js";
import { build } from "../src/pipeline/build.js";
import { keptCorpus } from "./corpus.js";

const N = 13;

export interface ProcessFigures {
  /** Wall time of the measured work (not the process's start). */
  seconds: number;
  /** CPU time (user + system) of the whole process: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  rssMb: number;
}

export interface AuditPhases {
  evalExamples: number;
  trainRecords: number;
  /** Training n-grams looked up in the evaluation index. */
  lookups: number;
  indexSeconds: number;
  scanSeconds: number;
  /** The whole audit (index, scan, quoting) on texts in memory. */
  totalSeconds: number;
  nsPerLookup: number;
  /** Bytes of the evaluation index's typed arrays. */
  indexBytes: number;
}

/** The checkout measured: its task files and default lists. */
export interface Corpus {
  root: string;
  tasks: number;
  trainTasks: number;
  testTasks: number;
  /** Not counted for a checkout given in BENCH_AUDIT_CORPUS (NaN). */
  instances: number;
  bytes: number;
}

export interface AuditBenchFigures {
  corpus: Corpus;
  buildWithAudit: ProcessFigures;
  buildWithoutAudit: ProcessFigures;
  /** (with − without) / with: the part of a build's wall time the audit takes. */
  auditShareOfBuild: number;
  /** (with − without) / without: what the audit adds to a build. */
  auditAddsToBuild: number;
  /** The audit alone as the build runs it: reading the build's files, writing nothing. */
  auditAlone: ProcessFigures & { pairs: number; sameReportAsBuild: boolean };
  phases: AuditPhases;
}

interface Paths {
  dir: string;
  corpusRoot: string;
  withAudit: string;
  withoutAudit: string;
}

/** How many tasks the default lists of the checkout at `root` name. */
async function listed(root: string, kind: string): Promise<number> {
  return (await readFile(join(root, "splits", "default", `${kind}_tasks.txt`), "utf8")).split("\n").filter(Boolean).length;
}

/** A checkout given in BENCH_AUDIT_CORPUS (e.g. a real one), described without parsing its files. */
async function givenCorpus(root: string): Promise<Corpus> {
  const files = (await readdir(join(root, "tasks"))).filter((f) => f.endsWith(".json"));
  let bytes = 0;
  for (const f of files) bytes += (await stat(join(root, "tasks", f))).size;
  return {
    root,
    tasks: files.length,
    trainTasks: await listed(root, "train"),
    testTasks: await listed(root, "test"),
    instances: Number.NaN,
    bytes,
  };
}

/** The synthetic checkout under `dir`, written or (kept there with the same sizes) reused. */
async function syntheticCorpus(dir: string): Promise<Corpus> {
  const { root, files, bytes, instances } = await keptCorpus(dir, {
    tasks: Number(process.env.BENCH_AUDIT_TASKS ?? 1616),
    sizeScale: Number(process.env.BENCH_AUDIT_SCALE ?? 1),
    seed: 1,
  });
  return { root, tasks: files, trainTasks: await listed(root, "train"), testTasks: await listed(root, "test"), instances, bytes };
}

async function prepare(dir: string): Promise<{ paths: Paths; corpus: Corpus }> {
  const given = process.env.BENCH_AUDIT_CORPUS;
  const corpus = given ? await givenCorpus(given) : await syntheticCorpus(dir);
  const corpusRoot = corpus.root;
  const base = await readFile(join(packageRoot(), "splits", "superni-default.yaml"), "utf8");
  const config = (enabled: boolean) => `${base}audit: {enabled: ${enabled}}\ncategories: ${join(packageRoot(), "categories")}\n`;
  const paths: Paths = { dir, corpusRoot, withAudit: join(dir, "with-audit.yaml"), withoutAudit: join(dir, "without-audit.yaml") };
  await writeFile(paths.withAudit, config(true));
  await writeFile(paths.withoutAudit, config(false));
  return { paths, corpus };
}

function cliCommand(paths: Paths, config: string, out: string): string {
  const cli = join(packageRoot(), "dist", "src", "cli.js");
  return `node ${cli} build --config ${config} --out ${out} --force --quiet --source supernatural=${paths.corpusRoot}`;
}

/** Run one measurement in a child process of this script; its last stdout line is JSON. */
async function child<T>(kind: string, args: unknown): Promise<T> {
  const script = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, [script, "--child", kind, JSON.stringify(args)], { stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  proc.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve) => proc.on("close", resolve));
  if (code !== 0) throw new Error(`bench child ${kind} exited with ${code}`);
  return JSON.parse(stdout.trim().split("\n").at(-1) as string) as T;
}

function rssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".jsonl"))
    .map((e) => join(e.parentPath, e.name))
    .sort((a, b) => byCodeUnit(relative(dir, a), relative(dir, b)));
}

/** The build's training records split back into one file per task (the audit step reads staged files so). */
async function splitTrain(out: string, trainDir: string): Promise<{ id: string; file: string }[]> {
  await rm(trainDir, { recursive: true, force: true });
  await mkdir(trainDir, { recursive: true });
  const byTask = new Map<string, string[]>();
  for (const line of (await readFile(join(out, "train.jsonl"), "utf8")).split("\n")) {
    if (line === "") continue;
    const task = (JSON.parse(line) as { task: string }).task;
    const list = byTask.get(task) ?? [];
    list.push(line);
    byTask.set(task, list);
  }
  const files: { id: string; file: string }[] = [];
  for (const [id, lines] of [...byTask].sort((a, b) => byCodeUnit(a[0], b[0]))) {
    const file = join(trainDir, `task-${String(files.length).padStart(6, "0")}.jsonl`);
    await writeFile(file, `${lines.join("\n")}\n`);
    files.push({ id, file });
  }
  return files;
}

interface AuditInputs {
  evalFiles: string[];
  trainFiles: { id: string; file: string }[];
}

const CHILDREN = {
  async build(args: { config: string; out: string; root: string }): Promise<ProcessFigures> {
    await rm(args.out, { recursive: true, force: true });
    const start = performance.now();
    await build({ configFile: args.config, out: args.out, sourceOverrides: new Map([["supernatural", args.root]]) });
    return { seconds: (performance.now() - start) / 1000, cpuSeconds: cpuSeconds(), rssMb: rssMb() };
  },

  async audit(args: AuditInputs & { expected: string }): Promise<AuditBenchFigures["auditAlone"]> {
    const start = performance.now();
    const report = await auditOverlap(evalExamplesFromFiles(args.evalFiles), trainTasksFromFiles(args.trainFiles));
    const seconds = (performance.now() - start) / 1000;
    const expected = JSON.parse(await readFile(args.expected, "utf8")) as { pairs: unknown };
    const sameReportAsBuild = JSON.stringify(report.pairs) === JSON.stringify(expected.pairs);
    return { seconds, cpuSeconds: cpuSeconds(), rssMb: rssMb(), pairs: report.pairs.length, sameReportAsBuild };
  },

  async phases(args: AuditInputs): Promise<AuditPhases> {
    const examples: EvalExample[] = [];
    for await (const example of evalExamplesFromFiles(args.evalFiles)()) if ("task" in example) examples.push(example);
    const train: { task: string; texts: string[] }[] = [];
    for await (const { task, texts } of trainTasksFromFiles(args.trainFiles)) {
      const list: string[] = [];
      for await (const text of texts) list.push(text);
      train.push({ task, texts: list });
    }
    const t0 = performance.now();
    const index = await buildEvalIndex(examples, N);
    const t1 = performance.now();
    const scanner = new TrainScanner(index, { threshold: 0.01, boilerplate: { fraction: 0.02, minRecords: 10 }, includeSameTask: false });
    for (const { task, texts } of train) await scanner.scan(task, texts);
    const t2 = performance.now();
    await auditOverlap(() => examples, train);
    const t3 = performance.now();
    let lookups = 0;
    for (const { texts } of train) for (const text of texts) lookups += Math.max(0, tokenize(text).length - N + 1);
    return {
      evalExamples: examples.length,
      trainRecords: train.reduce((sum, t) => sum + t.texts.length, 0),
      lookups,
      indexSeconds: (t1 - t0) / 1000,
      scanSeconds: (t2 - t1) / 1000,
      totalSeconds: (t3 - t2) / 1000,
      nsPerLookup: ((t2 - t1) * 1e6) / Math.max(1, lookups),
      indexBytes: index.byteLength(),
    };
  },
};

export async function benchAudit(dir?: string): Promise<AuditBenchFigures> {
  const work = dir ?? (await mkdtemp(join(tmpdir(), "iml-bench-audit-")));
  try {
    const { paths, corpus } = await prepare(work);
    const outWith = join(work, "out-with-audit");
    const outWithout = join(work, "out-without-audit");
    const buildWithoutAudit = await child<ProcessFigures>("build", { config: paths.withoutAudit, out: outWithout, root: paths.corpusRoot });
    const buildWithAudit = await child<ProcessFigures>("build", { config: paths.withAudit, out: outWith, root: paths.corpusRoot });
    const inputs: AuditInputs = {
      evalFiles: await filesUnder(join(outWith, "eval")),
      trainFiles: await splitTrain(outWith, join(work, "train-by-task")),
    };
    const auditAlone = await child<AuditBenchFigures["auditAlone"]>("audit", { ...inputs, expected: join(outWith, "audit.json") });
    const phases = await child<AuditPhases>("phases", inputs);
    const added = buildWithAudit.seconds - buildWithoutAudit.seconds;
    return {
      corpus,
      buildWithAudit,
      buildWithoutAudit,
      auditShareOfBuild: added / buildWithAudit.seconds,
      auditAddsToBuild: added / buildWithoutAudit.seconds,
      auditAlone,
      phases,
    };
  } finally {
    if (!dir) await rm(work, { recursive: true, force: true });
  }
}

function print(f: AuditBenchFigures): void {
  const s = (x: number) => `${x.toFixed(2)} s`;
  const mb = (x: number) => `${x.toFixed(0)} MB`;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const proc = (x: ProcessFigures) => `${s(x.seconds)}  (process CPU ${s(x.cpuSeconds)}, peak RSS ${mb(x.rssMb)})`;
  const p = f.phases;
  console.log(
    `corpus: ${f.corpus.tasks} task files (${(f.corpus.bytes / 1e9).toFixed(2)} GB, ${f.corpus.instances.toLocaleString("en-US")} instances); lists: ${f.corpus.trainTasks} train, ${f.corpus.testTasks} test`,
  );
  console.log(`build with audit:     ${proc(f.buildWithAudit)}`);
  console.log(`build without audit:  ${proc(f.buildWithoutAudit)}`);
  console.log(
    `audit share of build: ${pct(f.auditShareOfBuild)} of its wall time (adds ${pct(f.auditAddsToBuild)} to the build without it)`,
  );
  console.log(
    `audit alone (files):  ${proc(f.auditAlone)}  ${f.auditAlone.pairs} flagged pairs${f.auditAlone.sameReportAsBuild ? ", as the build's" : "  REPORT DIFFERS FROM THE BUILD'S"}`,
  );
  console.log(
    `audit in memory:      ${s(p.totalSeconds)}  (index ${s(p.indexSeconds)} over ${p.evalExamples.toLocaleString("en-US")} eval examples, ${(p.indexBytes / 1e6).toFixed(1)} MB; scan ${s(p.scanSeconds)} over ${p.trainRecords.toLocaleString("en-US")} train records)`,
  );
  console.log(`per lookup:           ${p.nsPerLookup.toFixed(0)} ns (scan time / ${p.lookups.toLocaleString("en-US")} training n-grams)`);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === "--child") {
    const kind = argv[1] as keyof typeof CHILDREN;
    const result = await CHILDREN[kind](JSON.parse(argv[2] as string));
    console.log(JSON.stringify(result));
    return;
  }
  const dir = process.env.BENCH_AUDIT_DIR;
  if (argv[0] === "--prepare") {
    if (!dir) throw new Error("--prepare needs BENCH_AUDIT_DIR");
    const { paths, corpus } = await prepare(dir);
    console.log(JSON.stringify(corpus));
    console.log(cliCommand(paths, paths.withAudit, join(dir, "cli-with-audit")));
    console.log(cliCommand(paths, paths.withoutAudit, join(dir, "cli-without-audit")));
    return;
  }
  print(await benchAudit(dir));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
