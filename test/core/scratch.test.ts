import { describe, expect, it } from "vitest";
import { scratch } from "../../src/core/scratch.js";

describe("scratch", () => {
  it("gives each role one buffer per thread, grown to the largest use in 64 KB steps and kept", () => {
    const first = scratch("input", 100_000);
    expect(first.length).toBe(100_000);
    expect(first.buffer.byteLength).toBeGreaterThanOrEqual(131_072);
    const smaller = scratch("input", 10);
    expect(smaller.buffer).toBe(first.buffer);
    expect(smaller.byteOffset).toBe(first.byteOffset);
    const output = scratch("output", 10);
    expect(output.buffer === first.buffer && output.byteOffset === first.byteOffset).toBe(false);
    const grown = scratch("input", 200_000);
    expect(grown.length).toBe(200_000);
    expect(scratch("input", 150_000).byteOffset).toBe(grown.byteOffset);
    expect(scratch("input", 0).length).toBe(0);
  });
});
