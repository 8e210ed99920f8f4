import { describe, expect, it } from "vitest";
import { assignShards } from "../../src/plan/shards.js";

describe("assignShards", () => {
  it("gives the largest tasks first to the least loaded shard, ties to the lower index and the lower id", () => {
    const tasks = [
      { id: "b", size: 5 },
      { id: "a", size: 5 },
      { id: "c", size: 9 },
      { id: "d", size: 1 },
      { id: "e", size: 3 },
    ];
    // c→0; a→1; b→1 (5 < 9); e→0 (9 < 10); d→1 (10 < 12).
    expect(Object.fromEntries(assignShards(tasks, 2))).toEqual({ c: 0, a: 1, b: 1, e: 0, d: 1 });
  });

  it("depends on the tasks, not on the order they are listed in", () => {
    const tasks = Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, size: (i * 7) % 11 }));
    const once = Object.fromEntries(assignShards(tasks, 5));
    expect(Object.fromEntries(assignShards(tasks.toReversed(), 5))).toEqual(once);
  });

  it("keeps the loads within the largest task of each other", () => {
    const tasks = Array.from({ length: 200 }, (_, i) => ({ id: `t${String(i).padStart(3, "0")}`, size: 1 + ((i * 37) % 101) }));
    const loads = new Array<number>(7).fill(0);
    for (const [id, shard] of assignShards(tasks, 7)) loads[shard] = (loads[shard] as number) + (tasks.find((t) => t.id === id)?.size ?? 0);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(101);
    expect(loads.every((l) => l > 0)).toBe(true);
  });

  it("puts every task in shard 0 of 1, and refuses a count below 1", () => {
    expect([...assignShards([{ id: "x", size: 3 }], 1).values()]).toEqual([0]);
    expect(() => assignShards([], 0)).toThrow("shard count must be a whole number of 1 or more, got 0");
  });
});
