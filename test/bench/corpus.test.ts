/**
 * The benchmarks' synthetic Super-NI checkout (bench/corpus.ts): deterministic, laid out as Python's
 * json.dump(indent=4, ensure_ascii=False) writes, every task in one default list, and the overlap the
 * audit benchmark relies on: tasks of a dataset family share 13-grams, other tasks do not, and some
 * training task shares a test task's family.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keptCorpus, writeCorpus } from "../../bench/corpus.js";
import { tokenize } from "../../src/audit/ngrams.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";

interface Task {
  Source: string[];
  Definition: string[];
  Instances: { id: string; input: string; output: string[] }[];
}

const OPTIONS = { tasks: 40, sizeScale: 0.1, seed: 1 };

describe("bench corpus", () => {
  let dir: string;
  let root: string;
  const tasks = new Map<string, { raw: string; task: Task }>();
  const lists = new Map<string, string[]>();

  beforeAll(async () => {
    dir = await tempDir();
    root = join(dir, "a");
    await writeCorpus(root, OPTIONS);
    for (const file of (await readdir(join(root, "tasks"))).sort()) {
      const raw = await readFile(join(root, "tasks", file), "utf8");
      tasks.set(file.slice(0, -".json".length), { raw, task: JSON.parse(raw) as Task });
    }
    for (const kind of ["train", "test", "excluded"])
      lists.set(kind, (await readFile(join(root, "splits", "default", `${kind}_tasks.txt`), "utf8")).split("\n").filter(Boolean));
  });
  afterAll(() => removeDir(dir));

  it("writes the same bytes for the same parameters, and reuses a kept checkout", async () => {
    const again = join(dir, "b");
    const written = await writeCorpus(again, OPTIONS);
    expect(written.files).toHaveLength(OPTIONS.tasks);
    for (const [name, { raw }] of tasks) expect(await readFile(join(again, "tasks", `${name}.json`), "utf8")).toBe(raw);
    const first = await keptCorpus(join(dir, "kept"), OPTIONS);
    const second = await keptCorpus(join(dir, "kept"), OPTIONS);
    expect(first.reused).toBe(false);
    expect(second).toMatchObject({ reused: true, files: first.files, bytes: first.bytes, instances: first.instances });
  });

  it("lays files out as json.dump(indent=4, ensure_ascii=False), non-ASCII raw", () => {
    let nonAscii = false;
    for (const { raw, task } of tasks.values()) {
      expect(JSON.stringify(task, null, 4)).toBe(raw);
      nonAscii ||= /[^\x00-\x7f]/.test(raw);
    }
    expect(nonAscii).toBe(true);
  });

  it("lists every task in exactly one default list, a few as tests", () => {
    const listed = [...lists.values()].flat().sort();
    expect(listed).toEqual([...tasks.keys()].sort());
    expect(lists.get("test")?.length).toBe(3);
    expect(lists.get("train")?.length).toBe(19);
  });

  it("shares 13-grams of inputs within a dataset family only, and leaks a family into training", () => {
    const grams = new Map<string, Set<string>>();
    for (const [name, { task }] of tasks) {
      const set = new Set<string>();
      for (const { input } of task.Instances) {
        const tokens = tokenize(input);
        for (let i = 0; i + 13 <= tokens.length; i++) set.add(tokens.slice(i, i + 13).join(" "));
      }
      grams.set(name, set);
    }
    const family = (name: string) => tasks.get(name)?.task.Source[0];
    const names = [...tasks.keys()];
    let within = 0;
    for (const [i, a] of names.entries())
      for (const b of names.slice(i + 1)) {
        const shared = [...(grams.get(a) as Set<string>)].some((g) => grams.get(b)?.has(g));
        if (family(a) === family(b)) within += shared ? 1 : 0;
        else expect(shared, `${a} and ${b}`).toBe(false);
      }
    expect(within).toBeGreaterThan(0);
    const testFamilies = new Set(lists.get("test")?.map(family));
    expect(lists.get("train")?.some((name) => testFamilies.has(family(name)))).toBe(true);
  });

  it("starts definitions with stock phrases that other tasks' definitions share", () => {
    const starts = [...tasks.values()].map(({ task }) =>
      tokenize(task.Definition[0] as string)
        .slice(0, 6)
        .join(" "),
    );
    expect(new Set(starts).size).toBeLessThan(starts.length);
  });
});
