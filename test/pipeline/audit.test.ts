/**
 * The content audit inside a build, on the mixed-source sample corpus: clean data flags nothing, a
 * planted overlap is caught, and each policy removes what it says (counted in the manifest).
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertSchema } from "../../src/config/schemas.js";
import { build } from "../../src/pipeline/build.js";
import { copySample, ROOT, readRecords, removeDir, tempDir } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

const LEAKED = "The council approved a new cycle lane on Mill Road after a two-year campaign by local residents.";

/** Plant an evaluation instance's sentence (task9001, held out by category) inside a training task. */
async function plantOverlap(root: string): Promise<void> {
  const file = join(root, "tasks", "task9008_sst2_sentiment_classification.json");
  const task = JSON.parse(await readFile(file, "utf8")) as { Instances: { input: string }[] };
  task.Instances = task.Instances.map((inst) => ({ ...inst, input: `${inst.input} ${LEAKED}` }));
  await writeFile(file, JSON.stringify(task, null, 4));
}

async function demoWithPolicy(policy: string): Promise<string> {
  const text = readFileSync(join(ROOT, "splits", "demo.yaml"), "utf8");
  const file = join(dir, `demo-${policy}.yaml`);
  await writeFile(file, `${text}\ncategories: ${join(ROOT, "categories")}\naudit:\n  policy: ${policy}\n  boilerplate: false\n`);
  return file;
}

describe("content audit in a build", () => {
  it("flags nothing on the clean sample corpus, and no evaluation prompt is inside training", async () => {
    await build({ configFile: join(ROOT, "splits", "demo.yaml"), out: join(dir, "out") });
    const audit = JSON.parse(readFileSync(join(dir, "out", "audit.json"), "utf8")) as { pairs: unknown[] };
    assertSchema("audit", audit, "audit.json");
    expect(audit.pairs).toEqual([]);
    const records = await readRecords(join(dir, "out"));
    const train = records.filter((r) => r.split === "train").map((r) => r.prompt);
    const evals = records.filter((x) => x.split !== "train");
    expect(train.length).toBeGreaterThan(0);
    expect(evals.length).toBeGreaterThan(0);
    for (const r of evals) expect(train.some((p) => p.includes(r.prompt))).toBe(false);
  });

  it("catches a planted overlap and, with drop_train, removes that training task", async () => {
    const root = await copySample(dir);
    await plantOverlap(root);
    const sources = new Map([["supernatural", root]]);
    const report = await build({ configFile: await demoWithPolicy("report"), out: join(dir, "report"), sourceOverrides: sources });
    const audit = JSON.parse(readFileSync(join(dir, "report", "audit.json"), "utf8")) as {
      pairs: { train: string; eval: string; fraction: number; example: { ngram: string } }[];
    };
    const pair = audit.pairs.find(
      (p) =>
        p.train === "supernatural/task9008_sst2_sentiment_classification" &&
        p.eval === "supernatural/task9001_rte_entailment_classification",
    );
    expect(pair).toBeDefined();
    expect(pair?.fraction).toBeGreaterThan(0.01);
    expect(LEAKED.toLowerCase()).toContain(pair?.example.ngram.split(" ").slice(0, 3).join(" "));
    expect(report.counts.by_task["supernatural/task9008_sst2_sentiment_classification"]?.train).toBeGreaterThan(0);

    const dropped = await build({ configFile: await demoWithPolicy("drop_train"), out: join(dir, "drop"), sourceOverrides: sources });
    const train = (await readRecords(join(dir, "drop"))).filter((r) => r.split === "train");
    expect(train.some((r) => r.task === "supernatural/task9008_sst2_sentiment_classification")).toBe(false);
    expect(dropped.drops.prompts.ngram_overlap).toBeGreaterThan(0);
    expect(dropped.tasks.find((t) => t.task === "supernatural/task9008_sst2_sentiment_classification")?.reason).toContain("ngram_overlap");
  });

  it("with drop_eval, removes the evaluation task's file and counts it", async () => {
    const root = await copySample(dir);
    await plantOverlap(root);
    const manifest = await build({
      configFile: await demoWithPolicy("drop_eval"),
      out: join(dir, "out"),
      sourceOverrides: new Map([["supernatural", root]]),
    });
    expect(existsSync(join(dir, "out", "eval", "heldout_category", "task9001_rte_entailment_classification.jsonl"))).toBe(false);
    expect(manifest.outputs.some((o) => o.task === "supernatural/task9001_rte_entailment_classification")).toBe(false);
    expect(manifest.counts.by_task["supernatural/task9001_rte_entailment_classification"]).toEqual({});
    expect(manifest.drops.prompts.ngram_overlap).toBe(22);
  });
});
