/** Record statistics: fixed bins, exact counts per split, the same result in any record order. */
import { describe, expect, it } from "vitest";
import { binLower, nextBin, RecordStatsAccumulator } from "../../src/report/stats.js";

describe("length bins", () => {
  it("are 0, 1, 2, 3, then two per doubling, and nextBin walks them", () => {
    const ladder = [0];
    while (ladder.length < 14) ladder.push(nextBin(ladder.at(-1) as number));
    expect(ladder).toEqual([0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96]);
    for (let n = 0; n < 5000; n++) {
      const lower = binLower(n);
      expect(lower).toBeLessThanOrEqual(n);
      expect(nextBin(lower)).toBeGreaterThan(n);
      expect(binLower(lower)).toBe(lower);
    }
  });
});

describe("RecordStatsAccumulator", () => {
  const records = [
    { split: "heldout_task", prompt: "a b c", completion: "x", variant: "2shot", demonstrations: ["i1", "i2"] },
    { split: "train", prompt: "one two", completion: "yes", demonstrations: ["i3"] },
    { split: "train", prompt: "𝔘 wide", completion: "" },
    { split: "heldout_task", prompt: "a", completion: "long answer here", variant: "0shot", demonstrations: [] },
  ];

  it("counts lengths in code points and whitespace tokens, demonstrations and variants, per split in level order", () => {
    const stats = new RecordStatsAccumulator();
    for (const r of records) stats.add(r);
    const result = stats.result();
    expect(Object.keys(result.by_split)).toEqual(["train", "heldout_task"]);
    const train = result.by_split.train;
    expect(train?.records).toBe(2);
    // "𝔘 wide" is 6 code points (7 UTF-16 units).
    expect(train?.prompt_chars).toEqual({ records: 2, total: 13, min: 6, max: 7, bins: [[6, 2]] });
    expect(train?.prompt_tokens).toEqual({ records: 2, total: 4, min: 2, max: 2, bins: [[2, 2]] });
    expect(train?.completion_chars).toEqual({
      records: 2,
      total: 3,
      min: 0,
      max: 3,
      bins: [
        [0, 1],
        [3, 1],
      ],
    });
    expect(train?.demonstrations).toEqual({ "1": 1 });
    expect(train?.variants).toBeUndefined();
    const heldout = result.by_split.heldout_task;
    expect(heldout?.demonstrations).toEqual({ "0": 1, "2": 1 });
    expect(heldout?.variants).toEqual({ "0shot": 1, "2shot": 1 });
    expect(heldout?.completion_tokens).toEqual({
      records: 2,
      total: 4,
      min: 1,
      max: 3,
      bins: [
        [1, 1],
        [3, 1],
      ],
    });
  });

  it("gives the same bytes whatever order the records come in", () => {
    const forward = new RecordStatsAccumulator();
    const backward = new RecordStatsAccumulator();
    for (const r of records) forward.add(r);
    for (const r of records.toReversed()) backward.add(r);
    expect(JSON.stringify(backward.result())).toBe(JSON.stringify(forward.result()));
  });
});
