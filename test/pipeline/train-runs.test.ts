import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mergePlan, mergeRuns, writeRun } from "../../src/pipeline/train-runs.js";

let dir: string;
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function mergeAll(runs: string[], target: string): Promise<Awaited<ReturnType<typeof mergeRuns>>> {
  let last: Awaited<ReturnType<typeof mergeRuns>> | undefined;
  for (const generation of mergePlan(runs, dir, target)) for (const step of generation) last = await mergeRuns(step);
  return last as Awaited<ReturnType<typeof mergeRuns>>;
}

describe("train runs", () => {
  it("merges sorted runs into one key-ordered file, across several merge generations", async () => {
    dir = await mkdtemp(join(tmpdir(), "runs-"));
    const all: { key: string; line: string }[] = [];
    const runs: string[] = [];
    for (let r = 0; r < 150; r++) {
      const entries = Array.from({ length: 7 }, (_, i) => ({
        key: ((r * 7919 + i * 104729) % 100000).toString(16).padStart(6, "0"),
        line: JSON.stringify({ r, i, text: "tab\there", é: "\u{1F600}" }),
      }));
      all.push(...entries);
      runs.push(join(dir, `run-${r}.tsv`));
      await writeRun(runs.at(-1) as string, entries);
    }
    const plan = mergePlan(runs, dir, join(dir, "train.jsonl"));
    expect(plan.map((g) => g.length)).toEqual([3, 1]);
    const merged = await mergeAll(runs, join(dir, "train.jsonl"));
    const bytes = await readFile(join(dir, "train.jsonl"));
    const lines = bytes.toString("utf8").split("\n").slice(0, -1);
    expect(merged).toEqual({ records: 1050, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    const expected = all.toSorted((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.line < b.line ? -1 : 1)).map((e) => e.line);
    expect(lines).toEqual(expected);
  });

  it("writes an empty file when there are no records", async () => {
    dir = await mkdtemp(join(tmpdir(), "runs-"));
    expect((await mergeAll([], join(dir, "train.jsonl"))).records).toBe(0);
    expect(await readFile(join(dir, "train.jsonl"), "utf8")).toBe("");
  });
});
