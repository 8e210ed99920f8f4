/** The sample corpus sources/sample/supernatural/: loads cleanly, has what the demo split needs, and is what the generator writes. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { schemaIssues } from "../../../src/config/schemas.js";
import { openSource } from "../../../src/sources/open.js";
import { supernatural } from "../../../src/sources/supernatural/index.js";
import { readSuperNiSplit } from "../../../src/sources/supernatural/task-lists.js";
import type { Issue, Task } from "../../../src/types.js";

const root = path.resolve(import.meta.dirname, "../../..");
const sample = path.join(root, "sources/sample/supernatural");
const hasPython = spawnSync("python3", ["-c", "import json"]).status === 0;
if (!hasPython) console.warn("[skip] Super-NI sample generator check: python3 is not available.");

async function loadAll(): Promise<{ tasks: Task[]; issues: Issue[] }> {
  const adapter = openSource(supernatural, { root: { path: sample, file: path.join(root, "sources/supernatural.yaml") } });
  const issues: Issue[] = [];
  const tasks: Task[] = [];
  for (const ref of await adapter.list()) tasks.push(await adapter.load(ref, issues));
  return { tasks, issues };
}

describe("the Super-NI sample corpus", () => {
  it("loads 14 tasks without issues, with unique ids and 20-40 instances each", async () => {
    const { tasks, issues } = await loadAll();
    expect(issues).toEqual([]);
    expect(tasks).toHaveLength(14);
    expect(tasks.flatMap((task) => schemaIssues("task", task, task.provenance.file))).toEqual([]);
    expect(schemaIssues("task", { ...tasks[0], dataset: "" }, "probe")).not.toEqual([]);
    for (const task of tasks) {
      expect(task.instances.length, task.name).toBeGreaterThanOrEqual(20);
      expect(task.instances.length, task.name).toBeLessThanOrEqual(40);
      expect(new Set(task.instances.map((i) => i.id)).size).toBe(task.instances.length);
      expect(task.instances.every((i) => i.id.startsWith(`${task.name.split("_")[0]}-`) && /-[0-9a-f]{32}$/.test(i.id))).toBe(true);
      expect(task.demonstrations.positive.length).toBeGreaterThanOrEqual(2);
      expect(task.demonstrations.negative.length).toBeGreaterThanOrEqual(1);
      expect(task.demonstrations.positive.every((d) => d.explanation !== undefined)).toBe(true);
    }
  });

  it("has multi-reference outputs, edge whitespace and non-ASCII text", async () => {
    const instances = (await loadAll()).tasks.flatMap((t) => t.instances);
    expect(instances.some((i) => i.outputs.length > 1)).toBe(true);
    expect(instances.some((i) => i.outputs.some((o) => o !== o.trim()))).toBe(true);
    expect(instances.some((i) => /[^\x00-\x7f]/.test(i.input + i.outputs.join("")))).toBe(true);
  });

  it("has a default split: entailment and coreference tested, the non-English task excluded", async () => {
    const { tasks } = await loadAll();
    const byName = new Map(tasks.map((t) => [t.name, t]));
    const split = await readSuperNiSplit(sample, "default");
    expect(split.test.map((n) => byName.get(n)?.sourceCategories[0])).toEqual([
      "Textual Entailment",
      "Textual Entailment",
      "Coreference Resolution",
      "Coreference Resolution",
    ]);
    expect(split.excluded).toEqual(["task9014_tatoeba_translation_en_de"]);
    expect(byName.get("task9014_tatoeba_translation_en_de")?.languages.output).toEqual(["German"]);
    expect([...split.train, ...split.test, ...split.excluded].toSorted()).toEqual([...byName.keys()]);
    const testDatasets = new Set(split.test.map((n) => byName.get(n)?.dataset));
    expect(split.train.filter((n) => testDatasets.has(byName.get(n)?.dataset))).toEqual([]);
    const squad = tasks.filter((t) => t.dataset === "squad1.1").map((t) => t.sourceCategories[0]);
    expect(squad).toEqual(["Question Answering", "Question Answering", "Question Generation"]);
  });
});

describe.skipIf(!hasPython)("the sample corpus generator", () => {
  it("writes exactly the committed files", () => {
    const out = mkdtempSync(path.join(tmpdir(), "superni-sample-"));
    try {
      const run = spawnSync("python3", [path.join(root, "test/reference/make_superni_sample.py"), out], { encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      const files = (dir: string): string[] =>
        readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
          .toSorted();
      expect(files(out)).toEqual(files(sample));
      for (const file of files(sample))
        expect(readFileSync(path.join(out, file), "utf8"), file).toBe(readFileSync(path.join(sample, file), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
