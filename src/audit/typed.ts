/** Typed-array helpers for the audit index: a growable uint32 list and a radix sort by 64-bit key. */

/** A uint32 list that grows by doubling; `view()` is the filled part (no copy). */
export class Uint32List {
  private data: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint32Array(Math.max(1, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }

  /** The filled part in an array of exactly `length` elements (frees the spare capacity). */
  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * The permutation that sorts positions by (hi, lo), stable: LSD radix sort, four 16-bit passes.
 * O(length) time; 8 bytes per element for the two permutation buffers.
 */
export function sortPermutation(hi: Uint32Array, lo: Uint32Array): Uint32Array {
  const length = hi.length;
  let source = new Uint32Array(length);
  let target = new Uint32Array(length);
  for (let i = 0; i < length; i++) source[i] = i;
  const counts = new Uint32Array(0x10001);
  const passes: [Uint32Array, number][] = [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ];
  for (const [key, shift] of passes) {
    counts.fill(0);
    for (let i = 0; i < length; i++) {
      const slot = (((key[source[i] as number] as number) >>> shift) & 0xffff) + 1;
      counts[slot] = (counts[slot] as number) + 1;
    }
    for (let d = 1; d <= 0x10000; d++) counts[d] = (counts[d] as number) + (counts[d - 1] as number);
    for (let i = 0; i < length; i++) {
      const position = source[i] as number;
      const digit = ((key[position] as number) >>> shift) & 0xffff;
      const slot = counts[digit] as number;
      target[slot] = position;
      counts[digit] = slot + 1;
    }
    [source, target] = [target, source];
  }
  return source;
}

/** Compare two 64-bit keys given as (hi, lo) lanes. */
export function compareKeys(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1;
  if (aLo !== bLo) return aLo < bLo ? -1 : 1;
  return 0;
}
