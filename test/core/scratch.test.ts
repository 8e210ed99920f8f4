import { describe, expect, it } from "vitest";
import { borrow, giveBack, newReadBuffer, use } from "../../src/core/scratch.js";

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
