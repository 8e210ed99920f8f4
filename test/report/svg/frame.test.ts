/** Ticks: round steps from zero past the maximum, with no binary dust. */
import { describe, expect, it } from "vitest";
import { niceTicks } from "../../../src/report/svg/frame.js";

describe("niceTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten, at most six ticks, ending at or past the maximum", () => {
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(184)).toEqual([0, 100, 200]);
    expect(niceTicks(600)).toEqual([0, 200, 400, 600]);
    expect(niceTicks(253)).toEqual([0, 100, 200, 300]);
    expect(niceTicks(0.45)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(niceTicks(0.013)).toEqual([0, 0.01, 0.02]);
    expect(niceTicks(0)).toEqual([0, 1]);
    for (const max of [1, 7, 99, 1234, 98765, 0.3, 0.07]) {
      const ticks = niceTicks(max);
      expect(ticks.length, String(max)).toBeLessThanOrEqual(7);
      expect(ticks.at(-1) as number).toBeGreaterThanOrEqual(max);
    }
  });
});
