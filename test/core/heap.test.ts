import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { siftDown, siftUp } from "../../src/core/heap.js";

describe("binary heap", () => {
  it("pops in order after pushes and root replacements, for any numbers", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 80 }), (values) => {
        const less = (a: number, b: number): boolean => a < b;
        const heap: number[] = [];
        for (const v of values) {
          heap.push(v);
          siftUp(heap, heap.length - 1, less);
        }
        const popped: number[] = [];
        while (heap.length > 0) {
          popped.push(heap[0] as number);
          const last = heap.pop() as number;
          if (heap.length > 0) {
            heap[0] = last;
            siftDown(heap, 0, less);
          }
        }
        expect(popped).toEqual([...values].sort((a, b) => a - b));
      }),
    );
  });
});
