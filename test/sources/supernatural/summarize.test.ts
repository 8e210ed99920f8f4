/**
 * Super-NI's summary (what a build scans with): the byte-level skim finds the Instances array and counts
 * it as JSON.parse would; the summary agrees with a full load on every fixture, fails as the load fails on
 * everything it reads, and lets through only problems inside the instances (found when the task is rendered).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TaskSummary } from "../../../src/sources/contract.js";
import { supernatural } from "../../../src/sources/supernatural/index.js";
import { findInstances } from "../../../src/sources/supernatural/skim.js";
import type { Issue, Task, TaskRef } from "../../../src/types.js";
import { ROOT, removeDir, tempDir } from "../../pipeline/helpers.js";
import { openAt } from "../conformance.js";

const bytes = (text: string): Buffer => Buffer.from(text, "utf8");

describe("the skim of a task file", () => {
  it("finds the Instances array and counts its elements as JSON.parse does, whatever the layout and content", () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), value, { maxKeys: 5 }),
        fc.array(value, { maxLength: 12 }),
        fc.nat(),
        fc.constantFrom(undefined, 0, 1, 4, "\t", " \r\n"),
        (others, instances, at, indent) => {
          const keys = Object.entries(others).filter(([k]) => k !== "Instances");
          const entries = [...keys.slice(0, at % (keys.length + 1)), ["Instances", instances], ...keys.slice(at % (keys.length + 1))];
          const text = JSON.stringify(Object.fromEntries(entries), null, indent as never);
          const b = bytes(text);
          const span = findInstances(b);
          expect(span?.count).toBe(instances.length);
          if (span) expect(JSON.parse(b.toString("utf8", span.start, span.end))).toEqual(JSON.parse(JSON.stringify(instances)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("steps over escaped quotes and backslashes inside strings", () => {
    const text = '{"a": "x\\"]}[\\\\", "Instances": [{"input": "\\\\\\"[{,"}, "a,b", [1, [2, 3]], {}], "b": "\\\\"}';
    expect(findInstances(bytes(text))).toMatchObject({ count: 4 });
    expect(findInstances(bytes(' \n{"Instances": [ ] }\n'))).toMatchObject({ count: 0 });
  });

  it("starts after a byte-order mark, and keeps the last of repeated keys as JSON.parse does", () => {
    const b = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('{"Instances": [1, 2]}')]);
    expect(findInstances(b, 3)).toMatchObject({ count: 2 });
    expect(findInstances(bytes('{"Instances": [1], "x": 1, "Instances": [1, 2, 3]}'))).toMatchObject({ count: 3 });
    expect(findInstances(bytes('{"Instances": [1], "Instances": "no"}'))).toBeUndefined();
  });

  it("gives up on what it cannot follow, so the file is read in full", () => {
    for (const text of [
      "[]",
      '{"Instances": [1, 2}',
      '{"Instances": [1, "2]}',
      '{"Instances": "x"}',
      '{"Definition": ["d"]}',
      '{"Instances": []} trailing',
      '{"Instances" [1]}',
      '{"Instances": [1],}',
      "",
    ])
      expect(findInstances(bytes(text)), text).toBeUndefined();
  });
});

const fixtures = path.join(ROOT, "test/fixtures/supernatural");

async function both(
  root: string,
  ref: TaskRef,
): Promise<{ load: { task: Task; issues: Issue[] } | Error; summary: { summary: TaskSummary; issues: Issue[] } | Error }> {
  const adapter = openAt(supernatural, root);
  const summarize = adapter.summarize as NonNullable<typeof adapter.summarize>;
  const loadIssues: Issue[] = [];
  const summaryIssues: Issue[] = [];
  return {
    load: await adapter.load(ref, loadIssues).then(
      (task) => ({ task, issues: loadIssues }),
      (error: Error) => error,
    ),
    summary: await summarize(ref, summaryIssues).then(
      (summary) => ({ summary, issues: summaryIssues }),
      (error: Error) => error,
    ),
  };
}

describe("Super-NI summaries against full loads", () => {
  const cases = readdirSync(fixtures, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(fixtures, d.name, "tasks"))
        .filter((f) => f.endsWith(".json"))
        .map((f) => ({ root: path.join(fixtures, d.name), name: f.slice(0, -".json".length) })),
    );

  it.each(cases)("$name: the same summary, or the same error unless the problem lies inside the instances", async ({ root, name }) => {
    const file = path.join(root, "tasks", `${name}.json`);
    const { load, summary } = await both(root, { name, files: [file] });
    if (load instanceof Error) {
      if (summary instanceof Error) expect(summary.message).toBe(load.message);
      else expect(load.message).toMatch(/#\/Instances\/\d+|duplicate instance id/);
      return;
    }
    if (summary instanceof Error) throw summary;
    expect(summary.summary).toEqual({
      id: load.task.id,
      source: "supernatural",
      name,
      dataset: load.task.dataset,
      sourceCategories: load.task.sourceCategories,
      instanceCount: load.task.instances.length,
      license: load.task.license,
      languages: load.task.languages,
      hashes: [{ file, sha256: createHash("sha256").update(readFileSync(file)).digest("hex"), bytes: readFileSync(file).length }],
    });
    // Every note but those about single instances; bare NaNs counted only where the summary reads.
    const nan = (issues: Issue[]): number => issues.find((i) => i.kind === "non_finite_number")?.count ?? 0;
    const notes = (issues: Issue[]): Issue[] =>
      issues.filter((i) => !i.pointer?.startsWith("/Instances/") && i.kind !== "non_finite_number");
    expect(notes(summary.issues)).toEqual(notes(load.issues));
    expect(nan(summary.issues)).toBeLessThanOrEqual(nan(load.issues));
  });
});

describe("Super-NI summaries of bad files", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
    await mkdir(path.join(dir, "tasks"));
  });
  afterEach(async () => removeDir(dir));

  const task = (instances: unknown, extra: object = {}): object => ({
    Definition: ["Say it."],
    "Positive Examples": [],
    "Negative Examples": [],
    Source: ["s"],
    Categories: ["Question Answering"],
    Instances: instances,
    ...extra,
  });

  async function compare(name: string, content: Buffer | string): Promise<Awaited<ReturnType<typeof both>>> {
    const file = path.join(dir, "tasks", `${name}.json`);
    await writeFile(file, content);
    return both(dir, { name, files: [file] });
  }

  it("fails as a load fails on invalid UTF-8, a corrupt file, and an unusable field it reads", async () => {
    const badBytes = Buffer.concat([
      bytes(JSON.stringify(task([{ id: "a", input: "x", output: ["y"] }])).slice(0, 40)),
      Buffer.from([0xff]),
    ]);
    for (const [name, content] of [
      ["task1_utf8", badBytes],
      ["task2_truncated", JSON.stringify(task([{ id: "a", input: "x", output: ["y"] }])).slice(0, -10)],
      ["task3_definition", JSON.stringify(task([{ id: "a", input: "x", output: ["y"] }], { Definition: 3 }))],
      ["task4_both", JSON.stringify(task([{ id: "a", input: 5, output: ["y"] }], { Definition: null }))],
    ] as const) {
      const { load, summary } = await compare(name, content);
      expect(load).toBeInstanceOf(Error);
      expect((summary as Error).message, name).toBe((load as Error).message);
    }
  });

  it("counts what is in the array, and leaves a bad instance to the load", async () => {
    const { load, summary } = await compare("task5_bad_instance", JSON.stringify(task([{ id: "a", input: 5, output: ["y"] }, {}])));
    expect((load as Error).message).toContain("#/Instances/0/input");
    expect(summary).toMatchObject({ summary: { instanceCount: 2 } });
    expect((summary as { issues: Issue[] }).issues.filter((i) => i.pointer?.startsWith("/Instances"))).toEqual([]);
  });

  it("notes NaN in the fields it reads, and none in the instances it skips", async () => {
    const text = JSON.stringify(task([{ id: "a", input: "x", output: ["y"] }], { Domains: ["__NAN__"] }))
      .replace('"__NAN__"', "NaN")
      .replace('"y"]', '"y", NaN]');
    const { load, summary } = await compare("task6_nan", text);
    expect((load as { issues: Issue[] }).issues.find((i) => i.kind === "non_finite_number")?.count).toBe(2);
    expect((summary as { issues: Issue[] }).issues.find((i) => i.kind === "non_finite_number")?.count).toBe(1);
  });
});
