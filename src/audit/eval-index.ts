/**
 * The evaluation side of the audit, held in typed arrays only (no object per n-gram):
 *
 * - D distinct n-gram hashes, sorted: `hashHi`, `hashLo` (uint32 each) and `starts` (uint32, D + 1) into
 * - O postings (one per distinct n-gram per example): `ordinals` (uint32, the example's ordinals, ascending);
 * - E examples: `exampleTask` (uint32) and the example's 64-bit text hash `textHi`, `textLo`;
 * - a directory of 2^b + 1 uint32 offsets on the top b bits of `hashHi` (b chosen for about 4 distinct
 *   hashes per bucket, 8 ≤ b ≤ 24), so a lookup binary-searches a few entries;
 * - a filter of 2^f uint32 words (about 16 bits per distinct hash, a blocked Bloom filter: two bits of one
 *   word per hash), so most lookups of an n-gram no example has read one word, in cache, and stop.
 *
 * Memory = 12·D + 4·O + 12·E + 4·(2^b + 1) + 4·2^f bytes (+ the task names): at most about 16 bytes per
 * posting plus 3 per distinct hash. Building it holds each distinct hash once (a 12-byte open-addressing
 * slot, at most half full, and 12 bytes more) and 8 bytes per posting, with no sort of the raw n-grams.
 *
 * The arrays can be allocated in SharedArrayBuffers (`build({ shared: true })`): `index.parts` is then a
 * structured-cloneable value that worker threads turn back into an index (`new EvalIndex(parts)`)
 * without copying, and scan training tasks against it concurrently (the index is never written after
 * `build`).
 */
import { NgramHasher } from "./ngrams.js";
import { sortTriples, Uint32List } from "./typed.js";

export interface EvalExample {
  /** Evaluation task id. */
  task: string;
  /** The audited text of one evaluation record (see `auditText`). */
  text: string;
}

/** The index as plain data (see the header); what a worker thread is sent. */
export interface EvalIndexParts {
  n: number;
  tasks: readonly string[];
  taskExamples: Uint32Array;
  exampleTask: Uint32Array;
  textHi: Uint32Array;
  textLo: Uint32Array;
  hashHi: Uint32Array;
  hashLo: Uint32Array;
  starts: Uint32Array;
  ordinals: Uint32Array;
  directory: Uint32Array;
  filter: Uint32Array;
}

export class EvalIndex {
  readonly n: number;
  readonly tasks: readonly string[];
  readonly taskExamples: Uint32Array;
  readonly exampleTask: Uint32Array;
  readonly textHi: Uint32Array;
  readonly textLo: Uint32Array;
  readonly hashHi: Uint32Array;
  readonly hashLo: Uint32Array;
  readonly starts: Uint32Array;
  readonly ordinals: Uint32Array;
  readonly directory: Uint32Array;
  readonly filter: Uint32Array;
  private readonly shift: number;
  private readonly filterMask: number;

  constructor(readonly parts: EvalIndexParts) {
    this.n = parts.n;
    this.tasks = parts.tasks;
    this.taskExamples = parts.taskExamples;
    this.exampleTask = parts.exampleTask;
    this.textHi = parts.textHi;
    this.textLo = parts.textLo;
    this.hashHi = parts.hashHi;
    this.hashLo = parts.hashLo;
    this.starts = parts.starts;
    this.ordinals = parts.ordinals;
    this.directory = parts.directory;
    this.filter = parts.filter;
    this.shift = 32 - Math.log2(parts.directory.length - 1);
    this.filterMask = parts.filter.length - 1;
  }

  get examples(): number {
    return this.exampleTask.length;
  }

  get distinct(): number {
    return this.hashHi.length;
  }

  /** The distinct-hash id (its rank in hash order) of (hi, lo), or -1 when no evaluation example has it. */
  find(hi: number, lo: number): number {
    const bits = filterBits(lo);
    if (((this.filter[hi & this.filterMask] as number) & bits) !== bits) return -1;
    const { hashHi, hashLo, directory } = this;
    const bucket = hi >>> this.shift;
    let low = directory[bucket] as number;
    let high = directory[bucket + 1] as number;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const h = hashHi[mid] as number;
      const l = hashLo[mid] as number;
      if (h === hi && l === lo) return mid;
      if (h < hi || (h === hi && l < lo)) low = mid + 1;
      else high = mid;
    }
    return -1;
  }

  /** Bytes held in typed arrays (the memory formula above, measured). */
  byteLength(): number {
    return Object.values(this.parts).reduce((sum: number, part) => sum + (part instanceof Uint32Array ? part.byteLength : 0), 0);
  }
}

/** The two bits of a filter word that stand for a hash: bits 0-4 and 5-9 of its low lane. */
function filterBits(lo: number): number {
  return (1 << (lo & 31)) | (1 << ((lo >>> 5) & 31));
}

/** A uint32 array of `length`, in a SharedArrayBuffer when `shared`. */
function uint32s(length: number, shared: boolean): Uint32Array {
  return shared ? new Uint32Array(new SharedArrayBuffer(4 * length)) : new Uint32Array(length);
}

/**
 * Collects examples one at a time; `build()` compacts them into an EvalIndex. Each distinct hash gets an
 * id on first sight (open addressing, linear probing; the n-grams an example shares with the one before,
 * as the hasher reports, keep the ids found then); each example adds one posting per distinct id it has,
 * in ordinal order, so no posting list needs sorting; `build()` sorts the D distinct hashes once.
 */
export class EvalIndexBuilder {
  private readonly taskIds = new Map<string, number>();
  private readonly taskCounts: number[] = [];
  private readonly exampleTask = new Uint32List();
  private readonly textHi = new Uint32List();
  private readonly textLo = new Uint32List();
  private readonly hasher: NgramHasher;
  /** Slots of (hi, lo, id + 1); id + 1 = 0 marks an empty slot. */
  private slots = new Uint32Array(3 * (1 << 14));
  private slotMask = (1 << 14) - 1;
  /** By first-seen id: the hash, and 1 + the last ordinal that posted it. */
  private readonly keyHi = new Uint32List(1 << 12);
  private readonly keyLo = new Uint32List(1 << 12);
  private readonly lastPosted = new Uint32List(1 << 12);
  /** Postings as (first-seen id, ordinal), in ordinal order. */
  private readonly postingIds = new Uint32List(1 << 16);
  private readonly postingOrdinals = new Uint32List(1 << 16);
  /** The distinct ids of the last example's n-grams, by position. */
  private ids = new Uint32Array(1024);

  constructor(readonly n: number) {
    this.hasher = new NgramHasher(n);
  }

  add(task: string, text: string): void {
    let taskId = this.taskIds.get(task);
    if (taskId === undefined) {
      taskId = this.taskIds.size;
      this.taskIds.set(task, taskId);
      this.taskCounts.push(0);
    }
    this.taskCounts[taskId] = (this.taskCounts[taskId] as number) + 1;
    const ordinal = this.exampleTask.length;
    this.exampleTask.push(taskId);
    const count = this.hasher.hash(text);
    const [textHi, textLo] = this.hasher.textHash();
    this.textHi.push(textHi);
    this.textLo.push(textLo);
    const { hi: hashHi, lo: hashLo, reused } = this.hasher;
    if (count > this.ids.length) {
      const grown = new Uint32Array(Math.max(count, 2 * this.ids.length));
      grown.set(this.ids);
      this.ids = grown;
    }
    const { ids, lastPosted } = this;
    for (let i = 0; i < count; i++) {
      // The n-grams the hasher took from the previous text have the ids found for it.
      const id = i < reused ? (ids[i] as number) : this.intern(hashHi[i] as number, hashLo[i] as number);
      ids[i] = id;
      if (lastPosted.get(id) === ordinal + 1) continue;
      lastPosted.set(id, ordinal + 1);
      this.postingIds.push(id);
      this.postingOrdinals.push(ordinal);
    }
  }

  /** The first-seen id of (hi, lo), given one if new. */
  private intern(hi: number, lo: number): number {
    let slot = (hi ^ lo) & this.slotMask;
    for (;;) {
      const at = 3 * slot;
      const stored = this.slots[at + 2] as number;
      if (stored === 0) break;
      if (this.slots[at] === hi && this.slots[at + 1] === lo) return stored - 1;
      slot = (slot + 1) & this.slotMask;
    }
    const id = this.keyHi.length;
    this.keyHi.push(hi);
    this.keyLo.push(lo);
    this.lastPosted.push(0);
    this.place(slot, hi, lo, id);
    if (2 * (id + 1) > this.slotMask + 1) this.growSlots();
    return id;
  }

  private place(slot: number, hi: number, lo: number, id: number): void {
    const at = 3 * slot;
    this.slots[at] = hi;
    this.slots[at + 1] = lo;
    this.slots[at + 2] = id + 1;
  }

  private growSlots(): void {
    const size = 2 * (this.slotMask + 1);
    this.slots = new Uint32Array(3 * size);
    this.slotMask = size - 1;
    const keyHi = this.keyHi.view();
    const keyLo = this.keyLo.view();
    for (let id = 0; id < keyHi.length; id++) {
      const hi = keyHi[id] as number;
      const lo = keyLo[id] as number;
      let slot = (hi ^ lo) & this.slotMask;
      while (this.slots[3 * slot + 2] !== 0) slot = (slot + 1) & this.slotMask;
      this.place(slot, hi, lo, id);
    }
  }

  /** The index; `shared` allocates its arrays in SharedArrayBuffers (see the header). */
  build(options: { shared?: boolean } = {}): EvalIndex {
    const shared = options.shared ?? false;
    this.slots = new Uint32Array(0);
    const distinct = this.keyHi.length;
    const bits = directoryBits(distinct);
    const byHash = sortTriples({ hi: this.keyHi.view(), lo: this.keyLo.view(), payload: ascending(distinct) }, bits);
    const rank = new Uint32Array(distinct);
    for (let d = 0; d < distinct; d++) rank[byHash.payload[d] as number] = d;
    const hashHi = uint32s(distinct, shared);
    const hashLo = uint32s(distinct, shared);
    hashHi.set(byHash.hi);
    hashLo.set(byHash.lo);
    const postingIds = this.postingIds.view();
    const postingOrdinals = this.postingOrdinals.view();
    const starts = uint32s(distinct + 1, shared);
    for (let p = 0; p < postingIds.length; p++) {
      const d = (rank[postingIds[p] as number] as number) + 1;
      starts[d] = (starts[d] as number) + 1;
    }
    for (let d = 1; d <= distinct; d++) starts[d] = (starts[d] as number) + (starts[d - 1] as number);
    const next = starts.slice(0, distinct);
    const ordinals = uint32s(postingIds.length, shared);
    for (let p = 0; p < postingIds.length; p++) {
      const d = rank[postingIds[p] as number] as number;
      const at = next[d] as number;
      next[d] = at + 1;
      ordinals[at] = postingOrdinals[p] as number;
    }
    const copy = (list: Uint32List | readonly number[]) => {
      const values = list instanceof Uint32List ? list.view() : list;
      const out = uint32s(values.length, shared);
      out.set(values);
      return out;
    };
    return new EvalIndex({
      n: this.n,
      tasks: [...this.taskIds.keys()],
      taskExamples: copy(this.taskCounts),
      exampleTask: copy(this.exampleTask),
      textHi: copy(this.textHi),
      textLo: copy(this.textLo),
      hashHi,
      hashLo,
      starts,
      ordinals,
      directory: directoryOf(hashHi, bits, shared),
      filter: filterOf(hashHi, hashLo, shared),
    });
  }
}

/** 0, 1, ..., length - 1. */
function ascending(length: number): Uint32Array {
  const out = new Uint32Array(length);
  for (let i = 0; i < length; i++) out[i] = i;
  return out;
}

/** About 4 distinct hashes per directory bucket, between 2^8 and 2^24 buckets. */
function directoryBits(distinct: number): number {
  return Math.min(24, Math.max(8, Math.ceil(Math.log2(Math.max(1, distinct / 4)))));
}

/** directory[b] = the first distinct id whose top `bits` bits are ≥ b; directory[2^bits] = D. */
function directoryOf(hashHi: Uint32Array, bits: number, shared: boolean): Uint32Array {
  const size = 1 << bits;
  const directory = uint32s(size + 1, shared);
  for (let d = 0; d < hashHi.length; d++) {
    const slot = ((hashHi[d] as number) >>> (32 - bits)) + 1;
    directory[slot] = (directory[slot] as number) + 1;
  }
  for (let b = 1; b <= size; b++) directory[b] = (directory[b] as number) + (directory[b - 1] as number);
  return directory;
}

/** The filter: 2^f words for about 16 bits per distinct hash (f ≤ 28), word = low bits of hi. */
function filterOf(hashHi: Uint32Array, hashLo: Uint32Array, shared: boolean): Uint32Array {
  const words = 2 ** Math.min(28, Math.max(4, Math.ceil(Math.log2(Math.max(1, hashHi.length / 2)))));
  const filter = uint32s(words, shared);
  const mask = words - 1;
  for (let d = 0; d < hashHi.length; d++) {
    const w = (hashHi[d] as number) & mask;
    filter[w] = ((filter[w] as number) | filterBits(hashLo[d] as number)) >>> 0;
  }
  return filter;
}

/** Index every example of `examples` (read once, in order: an example's ordinal is its position). */
export async function buildEvalIndex(
  examples: AsyncIterable<EvalExample> | Iterable<EvalExample>,
  n: number,
  shared = false,
): Promise<EvalIndex> {
  const builder = new EvalIndexBuilder(n);
  for await (const example of examples) builder.add(example.task, example.text);
  return builder.build({ shared });
}
