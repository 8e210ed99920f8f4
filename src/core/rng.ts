import { hash } from "node:crypto";
import seedrandom from "seedrandom";
import { siftDown, siftUp } from "./heap.js";

/**
 * A seeded random stream. Every random choice in iml-bench draws from one of these, never from
 * Math.random, so that the same inputs, config and seed give byte-identical outputs.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty array. */
  choice<T>(items: readonly T[]): T;
  /** A new array with the elements in a seeded random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** k distinct elements in random order (all of them when k >= length). */
  sample<T>(items: readonly T[], k: number): T[];
}

/** Canonical scope key: the JSON of the scope parts, so ("a", "bc") and ("ab", "c") differ. */
function scopeKey(parts: readonly (string | number)[]): string {
  return JSON.stringify(parts.map(String));
}

/**
 * The stream for one scope: `rngFor(seed, "partition", taskId)`. Each (seed, stage, ...scope) has
 * its own stream, so adding a task or a stage never changes the draws made for another scope.
 */
export function rngFor(seed: number | string, stage: string, ...scope: (string | number)[]): Rng {
  // Seeding costs far more than a draw, and most streams (one per template and row) are never drawn
  // from: the generator is made on the first draw, the same stream as if made here.
  let prng: (() => number) | undefined;
  return makeRng(() => (prng ??= seedrandom(scopeKey([seed, stage, ...scope])))());
}

function makeRng(next: () => number): Rng {
  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`rng.int needs a positive integer, got ${n}`);
    return Math.floor(next() * n);
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  return {
    next,
    int,
    choice: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError("rng.choice on an empty array");
      return items[int(items.length)] as T;
    },
    shuffle,
    sample: <T>(items: readonly T[], k: number): T[] => shuffle(items).slice(0, Math.max(0, k)),
  };
}

/**
 * A stable hex key for ordering records, e.g. the seeded order of train.jsonl:
 * sorting by `orderKey(seed, "shuffle", recordId)` is a seeded shuffle that needs no global state.
 */
export function orderKey(seed: number | string, stage: string, ...scope: (string | number)[]): string {
  return hash("sha256", scopeKey([seed, stage, ...scope]), "hex").slice(0, 24);
}

/** The text of `scopeKey([seed, stage, ...scope, last])` up to `last`'s JSON, built once for many keys. */
function scopePrefix(seed: number | string, stage: string, scope: readonly (string | number)[]): string {
  return `${scopeKey([seed, stage, ...scope]).slice(0, -1)},`;
}

/**
 * `orderKey(seed, stage, ...scope, last)` as a function of `last`, for many keys of one scope: the same
 * keys, with the scope's part of the text built once.
 */
export function orderKeys(seed: number | string, stage: string, ...scope: (string | number)[]): (last: string | number) => string {
  const message = new RankMessage(scopePrefix(seed, stage, scope));
  return (last) => hash("sha256", message.of(String(last)), "hex").slice(0, 24);
}

/**
 * The positions of the `k` items with the smallest seeded rank `orderKey(seed, stage, scope, id)`
 * (ties by position), in rank order. A seeded choice of k that depends only on each item's own id, so
 * adding an item changes the choice by at most the items it outranks. Takes O(n log k): a bounded heap
 * keeps the k smallest seen.
 */
export function smallestRanked(ids: readonly string[], k: number, seed: number | string, stage: string, scope: string): Set<number> {
  const prefix = scopePrefix(seed, stage, [scope]);
  const take = Math.min(Math.max(0, k), ids.length);
  if (take === 0) return new Set();
  // The rank is orderKey's 24 hex digits as the 12 bytes they spell, one char per byte ("binary", i.e. latin1): the same
  // order, made about twice as fast.
  type Ranked = { key: string; index: number };
  const message = new RankMessage(prefix);
  const rankOf = (id: string, index: number): Ranked => ({ key: hash("sha256", message.of(id), "binary").slice(0, 12), index });
  const after = (a: Ranked, b: Ranked): boolean => a.key > b.key || (a.key === b.key && a.index > b.index);
  // A max-heap: its root is the largest of the k smallest so far.
  const heap: Ranked[] = [];
  ids.forEach((id, index) => {
    const item = rankOf(id, index);
    if (heap.length < take) {
      heap.push(item);
      siftUp(heap, heap.length - 1, after);
    } else if (after(heap[0] as Ranked, item)) {
      heap[0] = item;
      siftDown(heap, 0, after);
    }
  });
  return new Set(heap.sort((a, b) => (after(a, b) ? 1 : -1)).map((r) => r.index));
}

/** Characters JSON.stringify escapes: a string without them is written as it is, between quotes. */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The bytes of `${prefix}${JSON.stringify(id)}]` for one id after another, written into one buffer after
 * the prefix's bytes, which are written once: hashing bytes skips building, flattening and encoding a
 * string per id (about a quarter of a rank's time).
 */
class RankMessage {
  private buffer: Buffer;
  private readonly start: number;
  constructor(prefix: string) {
    this.buffer = Buffer.alloc(Buffer.byteLength(prefix) + 256);
    this.start = this.buffer.write(prefix);
  }

  of(id: string): Buffer {
    const json = ESCAPED.test(id) ? JSON.stringify(id) : undefined;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8; JSON escapes at most 6 characters per unit.
    const most = this.start + (json ?? id).length * 3 + 3;
    if (most > this.buffer.length) {
      const grown = Buffer.alloc(most * 2);
      this.buffer.copy(grown, 0, 0, this.start);
      this.buffer = grown;
    }
    let n = this.start;
    if (json !== undefined) n += this.buffer.write(json, n);
    else {
      this.buffer[n++] = 0x22;
      n += this.buffer.write(id, n);
      this.buffer[n++] = 0x22;
    }
    this.buffer[n++] = 0x5d;
    return this.buffer.subarray(0, n);
  }
}
