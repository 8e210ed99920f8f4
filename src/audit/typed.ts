/** Typed-array helpers for the audit index: a growable uint32 list and a bucket sort by 64-bit key. */

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

/** Postings as parallel arrays: 64-bit key (hi, lo) and a payload. */
export interface Triples {
  hi: Uint32Array;
  lo: Uint32Array;
  payload: Uint32Array;
}

/**
 * Sort triples by (hi, lo, payload): one counting-sort pass on the top `bits` of hi (sequential reads,
 * scattered writes into new arrays: 12 bytes per element on top), then each bucket on its own, small
 * ones by insertion, large ones (a frequent n-gram) by a comparator sort of their positions.
 */
export function sortTriples(input: Triples, bits: number): Triples {
  const { hi, lo, payload } = input;
  const length = hi.length;
  const shift = 32 - bits;
  const starts = new Uint32Array((1 << bits) + 1);
  for (let i = 0; i < length; i++) {
    const slot = ((hi[i] as number) >>> shift) + 1;
    starts[slot] = (starts[slot] as number) + 1;
  }
  for (let b = 1; b < starts.length; b++) starts[b] = (starts[b] as number) + (starts[b - 1] as number);
  const out: Triples = { hi: new Uint32Array(length), lo: new Uint32Array(length), payload: new Uint32Array(length) };
  const next = starts.slice(0, -1);
  for (let i = 0; i < length; i++) {
    const bucket = (hi[i] as number) >>> shift;
    const at = next[bucket] as number;
    next[bucket] = at + 1;
    out.hi[at] = hi[i] as number;
    out.lo[at] = lo[i] as number;
    out.payload[at] = payload[i] as number;
  }
  for (let b = 0; b + 1 < starts.length; b++) sortRange(out, starts[b] as number, starts[b + 1] as number);
  return out;
}

function compareAt(t: Triples, a: number, b: number): number {
  return (
    compareKeys(t.hi[a] as number, t.lo[a] as number, t.hi[b] as number, t.lo[b] as number) ||
    (t.payload[a] as number) - (t.payload[b] as number)
  );
}

function sortRange(t: Triples, from: number, to: number): void {
  if (to - from <= 32) {
    const { hi, lo, payload } = t;
    for (let i = from + 1; i < to; i++) {
      const h = hi[i] as number;
      const l = lo[i] as number;
      const p = payload[i] as number;
      let j = i - 1;
      while (j >= from && (compareKeys(hi[j] as number, lo[j] as number, h, l) || (payload[j] as number) - p) > 0) {
        hi[j + 1] = hi[j] as number;
        lo[j + 1] = lo[j] as number;
        payload[j + 1] = payload[j] as number;
        j--;
      }
      hi[j + 1] = h;
      lo[j + 1] = l;
      payload[j + 1] = p;
    }
    return;
  }
  const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => compareAt(t, a, b));
  for (const key of ["hi", "lo", "payload"] as const) {
    const copy = Uint32Array.from(order, (at) => t[key][at] as number);
    t[key].set(copy, from);
  }
}

/** Compare two 64-bit keys given as (hi, lo) lanes. */
export function compareKeys(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1;
  if (aLo !== bLo) return aLo < bLo ? -1 : 1;
  return 0;
}
