import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TrainRuns } from "../../src/pipeline/train-runs.js";

let dir: string;
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe("TrainRuns", () => {
  it("merges sorted runs into one key-ordered file, across several merge generations", async () => {
    dir = await mkdtemp(join(tmpdir(), "runs-"));
    const runs = new TrainRuns(dir);
    const all: { key: string; line: string }[] = [];
    for (let r = 0; r < 150; r++) {
      const entries = Array.from({ length: 7 }, (_, i) => ({
        key: ((r * 7919 + i * 104729) % 100000).toString(16).padStart(6, "0"),
        line: JSON.stringify({ r, i, text: "tab\there" }),
      }));
      all.push(...entries);
      await runs.add(entries);
    }
    await runs.add([]);
    const n = await runs.mergeInto(join(dir, "train.jsonl"));
    const lines = (await readFile(join(dir, "train.jsonl"), "utf8")).split("\n").slice(0, -1);
    expect(n).toBe(1050);
    const expected = all.toSorted((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.line < b.line ? -1 : 1)).map((e) => e.line);
    expect(lines).toEqual(expected);
  });

  it("writes an empty file when there are no records", async () => {
    dir = await mkdtemp(join(tmpdir(), "runs-"));
    const runs = new TrainRuns(dir);
    expect(await runs.mergeInto(join(dir, "train.jsonl"))).toBe(0);
    expect(await readFile(join(dir, "train.jsonl"), "utf8")).toBe("");
  });
});
