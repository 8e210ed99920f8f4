/**
 * k-shot means k: every k-shot evaluation record carries exactly k demonstrations. A task whose
 * demonstration pool is short reserves instances out of its evaluation pool (the same for every
 * variant, counted); a task too small for k skips that variant (counted); a demonstration a template
 * does not apply to is replaced; a k-shot record the budget would cut is not written (counted).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { build } from "../../src/pipeline/build.js";
import { SOURCES } from "../../src/sources/registry.js";
import type { OutputRecord } from "../../src/types.js";
import { lines } from "../sources/lines/index.js";
import { ROOT, readRecords, removeDir, tempDir } from "./helpers.js";

const registry = [...SOURCES, lines];
const FIXTURE = join(ROOT, "test", "fixtures", "lines");

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

/** A lines corpus of its own: tasks/<name>.txt with the given instance lines, all in category Geography. */
async function corpus(tasks: Record<string, string[]>): Promise<string> {
  const root = join(dir, "corpus");
  await mkdir(join(root, "tasks"), { recursive: true });
  for (const [name, instances] of Object.entries(tasks)) {
    const header = `# category: geography\n# dataset: ${name}\n# instruction: Answer.\n`;
    await writeFile(join(root, "tasks", `${name}.txt`), header + instances.map((l) => `${l}\n`).join(""));
  }
  await writeFile(join(root, "lines.yaml"), "version: 1\nname: lines\nadapter: lines\npath: .\n");
  return root;
}

async function buildLines(
  root: string,
  demos: string,
  extra = "",
): Promise<{ records: OutputRecord[]; drops: Record<string, Record<string, number>> }> {
  const configFile = join(dir, "split.yaml");
  const categories = join(FIXTURE, "categories");
  await writeFile(
    configFile,
    `version: 1\nname: k\nseed: 4\ncategories: ${categories}\nsources: [${join(root, "lines.yaml")}]\nheldout:\n  categories: [Geography]\n${extra}demos:\n${demos}`,
  );
  const manifest = await build({ configFile, out: join(dir, "out"), registry });
  return { records: await readRecords(join(dir, "out")), drops: manifest.drops as never };
}

const pairs = (n: number, prefix = "q"): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i} => a${i}`);

describe("k-shot evaluation", () => {
  it("gives every k-shot record exactly k demonstrations, reserving them from a fully evaluated task", async () => {
    const { records, drops } = await buildLines(await corpus({ small: pairs(6), large: pairs(12) }), "  k: 0\n  eval_shots: [0, 2, 3]\n");
    for (const k of [0, 2, 3]) {
      const variant = records.filter((r) => r.variant === `${k}shot`);
      expect(variant.length, `${k}shot`).toBeGreaterThan(0);
      for (const r of variant) {
        expect(r.demonstrations, r.id).toHaveLength(k);
        expect(r.demonstration_spans, r.id).toHaveLength(k);
      }
    }
    // Every instance was evaluated (no cap), so the largest k was reserved out of each task's evaluation pool.
    expect(drops.instances?.reserved_for_demonstrations).toBe(6);
    const evaluated = (k: number, task: string) => [
      ...new Set(records.filter((r) => r.variant === `${k}shot` && r.task === task).map((r) => r.instance)),
    ];
    for (const task of ["lines/small", "lines/large"]) {
      expect(evaluated(2, task)).toEqual(evaluated(0, task));
      expect(evaluated(3, task)).toEqual(evaluated(0, task));
      expect(evaluated(0, task)).toHaveLength(task === "lines/small" ? 3 : 9);
    }
    for (const r of records)
      for (const d of r.demonstrations ?? []) expect(records.some((e) => e.task === r.task && e.instance === d)).toBe(false);
  });

  it("skips and counts a k-shot variant a task is too small for, keeping one instance evaluated", async () => {
    const { records, drops } = await buildLines(await corpus({ tiny: pairs(3) }), "  k: 0\n  eval_shots: [0, 2, 5]\n");
    expect(records.filter((r) => r.variant === "5shot")).toEqual([]);
    const twoShot = records.filter((r) => r.variant === "2shot");
    expect(twoShot).toHaveLength(2); // one instance evaluated, two templates
    for (const r of twoShot) expect(r.demonstrations).toHaveLength(2);
    expect(drops.prompts?.too_few_demonstrations).toBe(2);
  });

  it("replaces a demonstration its template does not apply to, and counts it", async () => {
    const broken = ["b0 =>  ", "b1 =>  ", "b2 =>  "];
    // Three evaluated; the pool holds the other five and the three broken ones (lines 12-14 of the file).
    const { records, drops } = await buildLines(
      await corpus({ mixed: [...pairs(8), ...broken] }),
      "  k: 0\n  eval_shots: [4]\n",
      "caps:\n  eval: 3\n",
    );
    const four = records.filter((r) => r.variant === "4shot");
    expect(four.length).toBe(6);
    for (const r of four) {
      expect(r.demonstrations).toHaveLength(4);
      for (const d of r.demonstrations ?? []) expect(["mixed-12", "mixed-13", "mixed-14"]).not.toContain(d);
    }
    expect(drops.prompts?.demonstration_not_applicable ?? 0).toBeGreaterThan(0);
  });

  it("does not write a k-shot record the budget would cut, and counts it", async () => {
    const long = Array.from({ length: 10 }, (_, i) => `${"word ".repeat(40 + i)}=> a${i}`);
    const { records, drops } = await buildLines(await corpus({ long }), "  k: 0\n  eval_shots: [0, 3]\n  budget: {tokens: 150}\n");
    for (const r of records.filter((x) => x.variant === "3shot")) expect(r.demonstrations).toHaveLength(3);
    expect(drops.prompts?.k_shot_over_budget).toBeGreaterThan(0);
    expect(records.filter((x) => x.variant === "0shot").length).toBeGreaterThan(0);
  });
});

describe("FLAN few-shot templates", () => {
  it("keep enough exemplars out of evaluation for a fully evaluated task", async () => {
    const configFile = join(dir, "flan.yaml");
    const config = [
      "version: 1",
      "name: fs",
      "seed: 2",
      `categories: ${join(ROOT, "categories")}`,
      "sources: [flan]",
      "heldout:",
      "  categories: [Textual Entailment]",
      "instance_splits: {train: [train], eval: [train, validation]}",
      "source_options:",
      "  flan: {templateTypes: [fs_opt]}",
      "",
    ].join("\n");
    await writeFile(configFile, config);
    const manifest = await build({ configFile, out: join(dir, "out") });
    expect(manifest.drops.instances.reserved_for_demonstrations).toBeGreaterThan(0);
  });
});
