import { describe, expect, it } from "vitest";
import { Uint32Chunks, Uint32List } from "../../src/audit/typed.js";

describe("Uint32Chunks", () => {
  it("holds what a plain list holds across chunk boundaries, and copies it out in order", () => {
    const chunks = new Uint32Chunks();
    const list = new Uint32List(1);
    const count = 3 * 65_536 + 17;
    for (let i = 0; i < count; i++) {
      const value = (i * 2_654_435_761) >>> 0;
      chunks.push(value);
      list.push(value);
    }
    expect(chunks.length).toBe(count);
    for (const i of [0, 1, 65_535, 65_536, 65_537, 131_071, 131_072, count - 1]) expect(chunks.get(i)).toBe(list.get(i));
    chunks.set(65_536, 7);
    list.set(65_536, 7);
    expect(chunks.copyTo(new Uint32Array(count))).toEqual(list.view());
    expect(new Uint32Chunks().copyTo(new Uint32Array(0))).toEqual(new Uint32Array(0));
  });
});
