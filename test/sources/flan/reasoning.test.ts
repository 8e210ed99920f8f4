/**
 * The reasoning collection end to end: the opt-iml preset's 1% reasoning share is filled by the FLAN
 * sample corpus's chain-of-thought tasks (category Reasoning, from cot_data TSVs), one of them held out
 * as Reasoning is a partially held-out category; the demo trains on them.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../../src/pipeline/build.js";
import type { Manifest } from "../../../src/pipeline/manifest.js";
import { ROOT, readRecords, removeDir, tempDir } from "../../pipeline/helpers.js";

/** The manifest's mixture (src/pipeline/mixture-report.ts), as far as these tests read it. */
interface Mixture {
  total: number;
  missing_sources: string[];
  per_source: { source: string; requested_share: number; realised_share: number; quota: number; count: number }[];
  per_task: { task: string; group: string; count: number }[];
}

describe("FLAN's chain-of-thought tasks in the presets (sample corpus)", () => {
  let dir: string;
  let manifest: Manifest;
  beforeAll(async () => {
    dir = await tempDir();
    manifest = await build({ configFile: path.join(ROOT, "splits/opt-iml.yaml"), out: path.join(dir, "opt-iml") });
  });
  afterAll(async () => removeDir(dir));

  it("opt-iml: the reasoning share is present, not renormalised away, and filled exactly to its quota", () => {
    const mixture = manifest.mixture as Mixture;
    expect(mixture.missing_sources).not.toContain("reasoning");
    const reasoning = mixture.per_source.find((g) => g.source === "reasoning");
    expect(reasoning).toMatchObject({ requested_share: 0.01 });
    expect(reasoning?.quota).toBeGreaterThan(0);
    expect(reasoning?.count).toBe(reasoning?.quota);
    expect(reasoning?.realised_share).toBeCloseTo((reasoning?.count ?? 0) / mixture.total, 6);
    const tasks = mixture.per_task.filter((t) => t.group === "reasoning").map((t) => t.task);
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) expect(task).toMatch(/^flan\/(cot|stream)_/);
  });

  it("opt-iml: every CoT task is Reasoning; one is held out, the others train, with their rationales as completions", async () => {
    const cot = manifest.tasks.filter((t) => /^flan\/(cot|stream)_/.test(t.task));
    expect(cot.map((t) => [t.task, t.category, t.dataset])).toEqual([
      ["flan/cot_gsm8k", "Reasoning", "gsm8k"],
      ["flan/cot_strategyqa", "Reasoning", "strategyqa"],
      ["flan/stream_aqua", "Reasoning", "aqua"],
    ]);
    expect(cot.map((t) => t.assignment).sort()).toEqual(["heldout_task", "train", "train"]);
    const records = (await readRecords(path.join(dir, "opt-iml"))).filter((r) => /^flan\/(cot|stream)_/.test(r.task));
    expect(records.filter((r) => r.split === "train").length).toBe(
      (manifest.mixture as Mixture).per_source.find((g) => g.source === "reasoning")?.count,
    );
    for (const r of records) expect(r.completion).toMatch(/(answer|Result|Final answer|Therefore)[^\n]*\.$/);
  });

  it("demo: the CoT tasks train (and hold out instances), rendered from the TSVs", async () => {
    const demo = await build({ configFile: path.join(ROOT, "splits/demo.yaml"), out: path.join(dir, "demo") });
    const cot = demo.tasks.filter((t) => /^flan\/(cot|stream)_/.test(t.task));
    expect(cot.map((t) => [t.task, t.assignment, t.instances])).toEqual([
      ["flan/cot_gsm8k", "train", 12],
      ["flan/cot_strategyqa", "train", 10],
      ["flan/stream_aqua", "train", 10],
    ]);
    const records = (await readRecords(path.join(dir, "demo"))).filter((r) => r.task === "flan/stream_aqua");
    expect(records.length).toBeGreaterThan(0);
    expect(records.some((r) => r.prompt.includes("\nOptions:\n(A) "))).toBe(true);
  });
});
