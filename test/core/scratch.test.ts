import { describe, expect, it } from "vitest";
import { borrow, giveBack, grow, newReadBuffer, type ReadBuffer, use } from "../../src/core/scratch.js";

describe("scratch buffers", () => {
  it("grow to the largest use in 64 KB steps, count their uses, and keep their memory for smaller ones", () => {
    const buffer = newReadBuffer();
    const first = use(buffer, 100_000);
    expect(first.length).toBe(100_000);
    expect(buffer.bytes.length).toBe(131_072);
    const smaller = use(buffer, 10);
    expect(smaller.buffer).toBe(first.buffer);
    expect(smaller.byteOffset).toBe(first.byteOffset);
    expect(use(buffer, 200_000).length).toBe(200_000);
    expect(buffer.bytes.length).toBe(262_144);
    expect(use(buffer, 0).length).toBe(0);
    expect(buffer.reads).toBe(4);
  });

  it("are WebAssembly memories, grown in place, outside the allocator", () => {
    const buffer = newReadBuffer();
    const before = use(buffer, 70_000);
    expect(buffer.memory).toBeDefined();
    expect(buffer.bytes.buffer).toBe(buffer.memory?.buffer);
    before.fill(7);
    grow(buffer, 1_000_000, 70_000);
    expect(buffer.bytes.length).toBe(1_048_576);
    expect(buffer.bytes.buffer).toBe(buffer.memory?.buffer);
    // What was taken before the growth is gone (its memory's old buffer is detached); the bytes are kept.
    expect(before.length).toBe(0);
    expect(buffer.bytes.subarray(0, 70_000).every((b) => b === 7)).toBe(true);
  });

  it("keep the bytes asked for when a plain buffer grows by copying", () => {
    const plain: ReadBuffer = { bytes: Buffer.from("abcdef"), reads: 0 };
    grow(plain, 100, 4);
    expect(plain.memory).toBeUndefined();
    expect(plain.bytes.length).toBe(65_536);
    expect(plain.bytes.subarray(0, 4).toString()).toBe("abcd");
    const kept = plain.bytes;
    grow(plain, 10, 10);
    expect(plain.bytes).toBe(kept);
  });

  it("lend a thread's buffers one borrower at a time and take them back for the next", () => {
    const a = borrow();
    const b = borrow();
    expect(b).not.toBe(a);
    giveBack(a);
    expect(borrow()).toBe(a);
    giveBack(a);
    giveBack(b);
    const again = [borrow(), borrow()];
    expect(new Set(again)).toEqual(new Set([a, b]));
    for (const buffer of again) giveBack(buffer);
  });
});
