import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type RangeJob,
  type RangeJobs,
  type RunEntry,
  rangeJobs,
  runIndexFromJson,
  runIndexJson,
  writeRange,
  writeRun,
} from "../../src/pipeline/train-runs.js";
import { measureRecord, RecordStatsAccumulator, type StatsRecord } from "../../src/report/index.js";

let dir: string;
afterEach(async () => rm(dir, { recursive: true, force: true }));

const record = (r: number, i: number): StatsRecord & { r: number; i: number } => ({
  r,
  i,
  split: i % 3 === 0 ? "heldout_instance" : "train",
  prompt: `tab\there é \u{1F600} ${"word ".repeat((r + i) % 9)}`,
  completion: "x".repeat(i),
  demonstrations: i % 2 ? ["d"] : null,
});

/** Runs of hex keys (some shared between runs, some equal within one), written and indexed. */
async function writeRuns(count: number, perRun: number) {
  const all: RunEntry[] = [];
  const runs: { file: string; index: Awaited<ReturnType<typeof writeRun>>["index"] }[] = [];
  for (let r = 0; r < count; r++) {
    const entries = Array.from({ length: perRun }, (_, i) => ({
      // Equal keys within a run (i and i + 2) and across runs (r and r + 50).
      key: createHash("sha256")
        .update(`${r % 50}/${i % 2}`)
        .digest("hex")
        .slice(0, i % 2 ? 24 : 6),
      measure: measureRecord(record(r, i)),
      line: JSON.stringify(record(r, i)),
    }));
    all.push(...entries);
    const file = join(dir, `run-${r}.tsv`);
    runs.push({ file, index: (await writeRun(file, entries)).index });
  }
  return { all, runs };
}

/** Every job of a list, made. */
function everyJob(list: RangeJobs): RangeJob[] {
  return Array.from({ length: list.length }, (_, i) => list.at(i) as RangeJob);
}

describe("train runs", () => {
  it("writes train.jsonl range by range, in any job order, as one key-ordered file with its records' statistics", async () => {
    dir = await mkdtemp(join(tmpdir(), "runs-"));
    const { all, runs } = await writeRuns(150, 7);
    const target = join(dir, "train.jsonl");
    const list = rangeJobs(runs, target, 2000);
    const jobs = everyJob(list);
    expect(jobs.length).toBeGreaterThan(10);
    expect(list.parts).toEqual(jobs.map(({ offset, bytes, records }) => ({ offset, bytes, records })));
    jobs.forEach((job, i) => expect(job.offset).toBe(i === 0 ? 0 : (jobs[i - 1]?.offset ?? 0) + (jobs[i - 1]?.bytes ?? 0)));
    await writeFile(target, "");
    const stats = new RecordStatsAccumulator();
    for (const job of jobs.toReversed()) stats.addStats(writeRange(job));
    const lines = (await readFile(target, "utf8")).split("\n").slice(0, -1);
    const expected = all.toSorted((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.line < b.line ? -1 : 1)).map((e) => e.line);
    expect(lines).toEqual(expected);
    expect(jobs.reduce((n, j) => n + j.records, 0)).toBe(1050);
    const direct = new RecordStatsAccumulator();
    for (const line of expected) direct.add(JSON.parse(line) as StatsRecord);
    expect(stats.result()).toEqual(direct.result());
  });

  it("gives the same file whatever the share of each job", async () => {
    dir = await mkdtemp(join(tmpdir(), "runs-"));
    const { runs } = await writeRuns(40, 5);
    const texts: string[] = [];
    for (const rangeBytes of [1, 3000, 1 << 30]) {
      const target = join(dir, `train-${rangeBytes}.jsonl`);
      await writeFile(target, "");
      for (const job of everyJob(rangeJobs(runs, target, rangeBytes))) writeRange(job);
      texts.push(await readFile(target, "utf8"));
    }
    expect(new Set(texts).size).toBe(1);
  });

  it("has no jobs when there are no records", async () => {
    dir = await mkdtemp(join(tmpdir(), "runs-"));
    expect(everyJob(rangeJobs([], join(dir, "train.jsonl")))).toEqual([]);
    const empty = await writeRun(join(dir, "run.tsv"), []);
    expect(everyJob(rangeJobs([{ file: join(dir, "run.tsv"), index: empty.index }], join(dir, "train.jsonl")))).toEqual([]);
  });

  it("keeps a run's index as JSON lists (a shard's marker) and reads back only what it writes", async () => {
    dir = await mkdtemp(join(tmpdir(), "runs-"));
    const { runs } = await writeRuns(1, 40);
    const index = (runs[0] as (typeof runs)[number]).index;
    const json = JSON.parse(JSON.stringify(runIndexJson(index))) as ReturnType<typeof runIndexJson>;
    expect(json.offsets).toHaveLength(257);
    expect(json.records.reduce((a, b) => a + b, 0)).toBe(40);
    expect(runIndexFromJson(json)).toEqual(index);
    // In memory, only the ranges with records; as JSON, every range.
    expect(index.ranges.length).toBe(json.records.filter((n) => n > 0).length);
    expect(index.ranges.length).toBeLessThanOrEqual(40);
    expect(runIndexJson(runIndexFromJson(json) as typeof index)).toEqual(json);
    const empty = json.records.indexOf(0);
    const full = json.records.findIndex((n) => n > 0);
    const broken = (edit: (j: typeof json) => void) => {
      const copy = structuredClone(json);
      edit(copy);
      return runIndexFromJson(copy);
    };
    expect(broken((j) => j.offsets.pop())).toBeUndefined();
    expect(broken((j) => (j.records[3] = -1))).toBeUndefined();
    expect(broken((j) => (j.bytes[0] = 1.5))).toBeUndefined();
    expect(broken((j) => (j.offsets[1] = (j.offsets[256] as number) + 1))).toBeUndefined();
    expect(broken((j) => (j.records[full] = 0))).toBeUndefined();
    expect(broken((j) => (j.bytes[empty] = 1))).toBeUndefined();
    expect(runIndexFromJson(null)).toBeUndefined();
  });

  it("refuses a run that changed after it was indexed, and a key that is not hex", async () => {
    dir = await mkdtemp(join(tmpdir(), "runs-"));
    const { runs } = await writeRuns(3, 4);
    await truncate(runs[1]?.file as string, 10);
    const target = join(dir, "train.jsonl");
    await writeFile(target, "");
    const jobs = everyJob(rangeJobs(runs, target));
    expect(() => jobs.map(writeRange)).toThrow(/changed after it was written|not the \d+/);
    await expect(writeRun(join(dir, "bad.tsv"), [{ key: "zz", measure: measureRecord(record(0, 0)), line: "{}" }])).rejects.toThrow(
      /two hex digits/,
    );
  });
});
