/**
 * Demonstrations, k-shot evaluation variants and delimiters in a mixed-source build: demonstrations come
 * from the same task's training side, never the instance itself nor an evaluated instance; variants are
 * in file names and records; the budget prunes demonstrations first; the same seed gives the same bytes.
 */
import { readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { build } from "../../src/pipeline/build.js";
import { needsDelimiter, OPT_IML_DELIMITERS } from "../../src/plan/delimiters.js";
import type { OutputRecord } from "../../src/types.js";
import { copySample, ROOT, readRecords, readTree, removeDir, tempDir } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

async function config(extra: string): Promise<string> {
  const file = join(dir, "demos.yaml");
  await writeFile(
    file,
    `version: 1\nname: demos\nseed: 5\ncategories: ${join(ROOT, "categories")}\nsources: [supernatural, promptsource, flan, unifiedskg]\nheldout:\n  categories: [Textual Entailment]\n  instances: {fraction: 0.2}\n${extra}`,
  );
  return file;
}

describe("demonstrations in a build", () => {
  it("never uses the instance itself or an evaluated instance, and writes k-shot variants", async () => {
    const file = await config("demos:\n  zipf: {a: 2, max: 5}\n  eval_shots: [0, 2]\n");
    await build({ configFile: file, out: join(dir, "a") });
    const records = await readRecords(join(dir, "a"));
    const evaluated = new Set(records.filter((r) => r.split !== "train").map((r) => `${r.task}/${r.instance}`));
    const taskInstances = new Map<string, Set<string>>();
    for (const r of records) taskInstances.set(r.task, (taskInstances.get(r.task) ?? new Set()).add(r.instance));
    const train = records.filter((r) => r.split === "train");
    expect(train.every((r) => Array.isArray(r.demonstrations))).toBe(true);
    expect(train.filter((r) => (r.demonstrations ?? []).length > 0).length).toBeGreaterThan(0);
    const check = (r: OutputRecord): void => {
      const demos = r.demonstrations ?? [];
      expect(demos).not.toContain(r.instance);
      expect(new Set(demos).size).toBe(demos.length);
      for (const d of demos) expect(evaluated.has(`${r.task}/${d}`), `${r.id} uses evaluated ${d}`).toBe(false);
    };
    train.forEach(check);
    const shots = records.filter((r) => r.variant === "2shot");
    expect(shots.length).toBeGreaterThan(0);
    shots.forEach(check);
    for (const r of shots) expect((r.demonstrations ?? []).length).toBeLessThanOrEqual(2);
    const zeroShot = records.filter((x) => x.variant === "0shot");
    expect(zeroShot.length).toBeGreaterThan(0);
    for (const r of zeroShot) expect(r.demonstrations).toEqual([]);
    const files = readdirSync(join(dir, "a", "eval", "heldout_category"));
    expect(files).toContain("task9001_rte_entailment_classification.0shot.jsonl");
    expect(files).toContain("task9001_rte_entailment_classification.2shot.jsonl");
    await build({ configFile: file, out: join(dir, "b") });
    expect(await readTree(join(dir, "a"))).toEqual(await readTree(join(dir, "b")));
  });

  it("places Super-NI demonstrations after the instruction and before the example", async () => {
    await build({ configFile: await config("demos:\n  k: 2\n"), out: join(dir, "out") });
    const record = (await readRecords(join(dir, "out"))).find(
      (r) => r.split === "train" && r.source === "supernatural" && r.demonstrations?.length === 2,
    );
    expect(record).toBeDefined();
    const prompt = record?.prompt ?? "";
    expect(prompt.startsWith("Definition: ")).toBe(true);
    const parts = prompt.split("\n\n\n");
    expect(parts).toHaveLength(4);
    expect(parts[1]).toMatch(/^Input: [\s\S]*\nOutput: \S/);
    expect(parts[3]).toMatch(/^Now complete the following example -\nInput: /);
  });

  it("prunes demonstrations to fit the budget and counts them", async () => {
    const manifest = await build({ configFile: await config("demos:\n  k: 5\n  budget: {chars: 700}\n"), out: join(dir, "out") });
    const records = await readRecords(join(dir, "out"));
    const withDemos = records.filter((x) => (x.demonstrations ?? []).length > 0);
    expect(withDemos.length).toBeGreaterThan(0);
    for (const r of withDemos) expect([...r.prompt].length).toBeLessThanOrEqual(700);
    expect(manifest.drops.prompts.demonstration_pruned_for_budget).toBeGreaterThan(0);
  });

  it("appends one of OPT-IML's delimiters to prompts that do not end with ':'", async () => {
    await build({ configFile: await config("delimiters:\n  enabled: true\n"), out: join(dir, "out") });
    const records = await readRecords(join(dir, "out"));
    for (const r of records) {
      expect(needsDelimiter(r.prompt)).toBe(false);
    }
    const used = new Set(records.map((r) => OPT_IML_DELIMITERS.find((d) => r.prompt.endsWith(d))).filter(Boolean));
    expect(used.size).toBeGreaterThan(3);
  });

  it("places Super-NI demonstrations by the prompt's parts, not by cutting at a literal a definition may contain", async () => {
    const root = await copySample(dir);
    const file = join(root, "tasks", "task9001_rte_entailment_classification.json");
    const task = JSON.parse(await readFile(file, "utf8")) as { Definition: string[] };
    const definition = "Answer as the example shows. Now complete the following example -\nwith entailment or not_entailment";
    task.Definition = [definition];
    await writeFile(file, JSON.stringify(task));
    const configFile = join(dir, "literal.yaml");
    await writeFile(
      configFile,
      `version: 1\nname: literal\nseed: 5\ncategories: ${join(ROOT, "categories")}\nsources: [supernatural]\ndemos:\n  k: 2\n`,
    );
    await build({ configFile, out: join(dir, "out"), sourceOverrides: new Map([["supernatural", root]]) });
    const records = (await readRecords(join(dir, "out"))).filter(
      (r) => r.task === "supernatural/task9001_rte_entailment_classification" && r.demonstrations?.length === 2,
    );
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      const parts = r.prompt.split("\n\n\n");
      expect(parts).toHaveLength(4);
      expect(parts[0]).toContain(`Definition: ${definition}`);
      expect(parts[1]).toMatch(/^Input: /);
      expect(parts[3]).toMatch(/^Now complete the following example -\nInput: /);
    }
  });
});
