/** Typed-array helpers for the audit: growable uint32 lists (doubling, or in chunks) and 64-bit key comparison. */

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

  get(index: number): number {
    return this.data[index] as number;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}

const CHUNK_BITS = 16;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/**
 * A uint32 list in chunks of 2^16 values that are never moved: growing allocates a chunk and leaves no
 * garbage, where doubling leaves the old array, external memory that only a full collection frees (on a
 * thread that collects seldom, a list's every earlier size stays allocated).
 */
export class Uint32Chunks {
  private readonly chunks: Uint32Array[] = [];
  length = 0;

  push(value: number): void {
    const chunk = this.length >>> CHUNK_BITS;
    if (chunk === this.chunks.length) this.chunks.push(new Uint32Array(CHUNK_MASK + 1));
    (this.chunks[chunk] as Uint32Array)[this.length++ & CHUNK_MASK] = value;
  }

  get(index: number): number {
    return (this.chunks[index >>> CHUNK_BITS] as Uint32Array)[index & CHUNK_MASK] as number;
  }

  set(index: number, value: number): void {
    (this.chunks[index >>> CHUNK_BITS] as Uint32Array)[index & CHUNK_MASK] = value;
  }

  /** The values, copied into `out` (of at least `length` values) from its start. */
  copyTo(out: Uint32Array): Uint32Array {
    for (let c = 0, at = 0; at < this.length; c++, at += CHUNK_MASK + 1) {
      const chunk = this.chunks[c] as Uint32Array;
      out.set(this.length - at < chunk.length ? chunk.subarray(0, this.length - at) : chunk, at);
    }
    return out;
  }
}

/** Compare two 64-bit keys given as (hi, lo) lanes. */
export function compareKeys(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1;
  if (aLo !== bLo) return aLo < bLo ? -1 : 1;
  return 0;
}
