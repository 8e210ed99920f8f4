import { describe, expect, it } from "vitest";
import { growTo, newMemory, PAGE } from "../../src/core/wasm-memory.js";

describe("WebAssembly memories as buffers", () => {
  it("grow in whole pages of zeros, keeping their bytes, and not beyond 4 GB", () => {
    const memory = newMemory();
    if (memory === undefined) throw new Error("no WebAssembly memory could be reserved on this machine");
    expect(memory.buffer.byteLength).toBe(0);
    expect(growTo(memory, 1)).toBe(true);
    expect(memory.buffer.byteLength).toBe(PAGE);
    new Uint8Array(memory.buffer).fill(9);
    const old = memory.buffer;
    expect(growTo(memory, 3 * PAGE + 1)).toBe(true);
    expect(old.byteLength).toBe(0);
    const bytes = new Uint8Array(memory.buffer);
    expect(bytes.length).toBe(4 * PAGE);
    expect(bytes.subarray(0, PAGE).every((b) => b === 9)).toBe(true);
    expect(bytes.subarray(PAGE).every((b) => b === 0)).toBe(true);
    expect(growTo(memory, PAGE)).toBe(true);
    expect(memory.buffer.byteLength).toBe(4 * PAGE);
    expect(growTo(memory, 2 ** 32 + 1)).toBe(false);
    expect(memory.buffer.byteLength).toBe(4 * PAGE);
  });
});
