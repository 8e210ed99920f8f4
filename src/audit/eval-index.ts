/**
 * The evaluation side of the audit, held in typed arrays only (no object per n-gram):
 *
 * - D distinct n-gram hashes, sorted: `hashHi`, `hashLo` (uint32 each) and `starts` (uint32, D + 1) into
 * - O posting words, `ordinals` (uint32): for each distinct n-gram, the ordinals of the examples that have
 *   it, ascending, a run of consecutive ordinals written as two words (`RUN | first`, `last`). The
 *   examples of a task are consecutive and share its definition and demonstrations, so a task's shared
 *   text is posted once per task, not once per example (on Super-NI's evaluation side, 2.7 million
 *   postings in 0.5 million words);
 * - E examples: `exampleTask` (uint32) and the example's 64-bit text hash `textHi`, `textLo`;
 * - a directory of 2^b + 1 uint32 offsets on the top b bits of `hashHi` (b chosen for about 4 distinct
 *   hashes per bucket, 8 ≤ b ≤ 24), so a lookup binary-searches a few entries;
 * - a filter of 2^f uint32 words (about 16 bits per distinct hash, a blocked Bloom filter: two bits of one
 *   word per hash), so most lookups of an n-gram no example has read one word, in cache, and stop.
 *
 * Memory = 12·D + 4·O + 12·E + 4·(2^b + 1) + 4·2^f bytes (+ the task names): at most about 16 bytes per
 * posting word plus 3 per distinct hash. Building it holds each distinct hash once (its id in an
 * open-addressing slot, at most half full, and 16 bytes in chunks) and 8 bytes per posting word, with no
 * sort of the raw n-grams.
 *
 * The arrays can be allocated in SharedArrayBuffers (`build({ shared: true })`): `index.parts` is then a
 * structured-cloneable value that worker threads turn back into an index (`new EvalIndex(parts)`)
 * without copying, and scan training tasks against it concurrently (the index is never written after
 * `build`).
 */
import { NgramHasher } from "./ngrams.js";
import { compareKeys, Uint32Chunks } from "./typed.js";

/** Marks the first word of a run of consecutive ordinals in `ordinals` (the next word is the run's last). */
export const RUN = 0x80000000;

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

  /** The ordinals of the examples with distinct hash `d`, ascending (the posting words decoded). */
  examplesWith(d: number): number[] {
    const out: number[] = [];
    const { ordinals } = this;
    for (let p = this.starts[d] as number; p < (this.starts[d + 1] as number); p++) {
      const word = ordinals[p] as number;
      if (word < RUN) out.push(word);
      else for (let o = word - RUN, last = ordinals[++p] as number; o <= last; o++) out.push(o);
    }
    return out;
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
 * as the hasher reports, keep the ids found then); each id keeps the run of consecutive ordinals it is
 * in and writes its posting words when the run breaks (or at `build()`), in ordinal order, so no posting
 * list needs sorting; `build()` sorts the D distinct hashes once.
 */
export class EvalIndexBuilder {
  private readonly taskIds = new Map<string, number>();
  private readonly taskCounts: number[] = [];
  private readonly exampleTask = new Uint32Chunks();
  private readonly textHi = new Uint32Chunks();
  private readonly textLo = new Uint32Chunks();
  private readonly hasher: NgramHasher;
  /** Slots of id + 1 (the hash is keyHi/keyLo's); 0 marks an empty slot. */
  private slots = new Uint32Array(1 << 14);
  private slotMask = (1 << 14) - 1;
  /**
   * By first-seen id: the hash, and the open run of ordinals that have it (1 + its last, its first). In
   * chunks, as the postings: the build's thread seldom collects, and doubling arrays left every earlier
   * size allocated until it did (tens of megabytes at the build's peak).
   */
  private readonly keyHi = new Uint32Chunks();
  private readonly keyLo = new Uint32Chunks();
  private readonly lastPosted = new Uint32Chunks();
  private readonly runFirst = new Uint32Chunks();
  /** Posting words of closed runs as (first-seen id, word), in ordinal order for each id. */
  private readonly postingIds = new Uint32Chunks();
  private readonly postingWords = new Uint32Chunks();
  private built = false;
  /** The distinct ids of the last example's n-grams, by position. */
  private ids = new Uint32Array(1024);

  constructor(readonly n: number) {
    this.hasher = new NgramHasher(n);
  }

  add(task: string, text: string): void {
    if (this.built) throw new Error("[audit] an evaluation index builder takes no example once it has built its index");
    let taskId = this.taskIds.get(task);
    if (taskId === undefined) {
      taskId = this.taskIds.size;
      this.taskIds.set(task, taskId);
      this.taskCounts.push(0);
    }
    this.taskCounts[taskId] = (this.taskCounts[taskId] as number) + 1;
    const ordinal = this.exampleTask.length;
    if (ordinal >= RUN) throw new Error(`[audit] more than ${RUN} evaluation examples cannot be indexed.`);
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
    const { ids, lastPosted, runFirst } = this;
    for (let i = 0; i < count; i++) {
      // The n-grams the hasher took from the previous text have the ids found for it.
      const id = i < reused ? (ids[i] as number) : this.intern(hashHi[i] as number, hashLo[i] as number);
      ids[i] = id;
      const posted = lastPosted.get(id) as number;
      if (posted === ordinal + 1) continue;
      lastPosted.set(id, ordinal + 1);
      if (posted === ordinal && posted !== 0) continue; // the run goes on
      if (posted !== 0) this.closeRun(id, runFirst.get(id) as number, posted - 1);
      runFirst.set(id, ordinal);
    }
  }

  /** The posting words of id's run first..last: the ordinal, or RUN | first and last. */
  private closeRun(id: number, first: number, last: number): void {
    if (first === last) {
      this.postingIds.push(id);
      this.postingWords.push(first);
      return;
    }
    this.postingIds.push(id);
    this.postingWords.push(RUN + first);
    this.postingIds.push(id);
    this.postingWords.push(last);
  }

  /** The first-seen id of (hi, lo), given one if new. */
  private intern(hi: number, lo: number): number {
    const { slots, slotMask, keyHi, keyLo } = this;
    let slot = (hi ^ lo) & slotMask;
    for (;;) {
      const stored = slots[slot] as number;
      if (stored === 0) break;
      if (keyHi.get(stored - 1) === hi && keyLo.get(stored - 1) === lo) return stored - 1;
      slot = (slot + 1) & slotMask;
    }
    const id = keyHi.length;
    keyHi.push(hi);
    keyLo.push(lo);
    this.lastPosted.push(0);
    this.runFirst.push(0);
    slots[slot] = id + 1;
    if (2 * (id + 1) > slotMask + 1) this.growSlots();
    return id;
  }

  private growSlots(): void {
    const size = 2 * (this.slotMask + 1);
    const slots = new Uint32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.keyHi.length; id++) {
      let slot = ((this.keyHi.get(id) as number) ^ (this.keyLo.get(id) as number)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
    this.slotMask = mask;
  }

  /** The index; `shared` allocates its arrays in SharedArrayBuffers (see the header). */
  build(options: { shared?: boolean } = {}): EvalIndex {
    if (this.built) throw new Error("[audit] an evaluation index builder builds one index");
    this.built = true;
    const shared = options.shared ?? false;
    this.slots = new Uint32Array(0);
    const { keyHi, keyLo, lastPosted, runFirst, postingIds, postingWords } = this;
    const distinct = keyHi.length;
    for (let id = 0; id < distinct; id++) this.closeRun(id, runFirst.get(id), lastPosted.get(id) - 1);
    // The ids in hash order: counted by the top bits of their hash (the counts are the directory), then
    // each bucket (about 4 ids) sorted. The builder's arrays are reused where they are done with, so
    // building allocates little besides the index (this thread seldom collects).
    const bits = directoryBits(distinct);
    const shift = 32 - bits;
    const directory = uint32s((1 << bits) + 1, shared);
    for (let id = 0; id < distinct; id++) {
      const b = (keyHi.get(id) >>> shift) + 1;
      directory[b] = (directory[b] as number) + 1;
    }
    for (let b = 1; b < directory.length; b++) directory[b] = (directory[b] as number) + (directory[b - 1] as number);
    const order = new Uint32Array(distinct);
    const cursor = directory.slice(0, -1);
    for (let id = 0; id < distinct; id++) {
      const b = keyHi.get(id) >>> shift;
      const at = cursor[b] as number;
      cursor[b] = at + 1;
      order[at] = id;
    }
    for (let b = 0; b + 1 < directory.length; b++) sortByHash(order, directory[b] as number, directory[b + 1] as number, keyHi, keyLo);
    const hashHi = uint32s(distinct, shared);
    const hashLo = uint32s(distinct, shared);
    const rank = runFirst;
    for (let d = 0; d < distinct; d++) {
      const id = order[d] as number;
      hashHi[d] = keyHi.get(id);
      hashLo[d] = keyLo.get(id);
      rank.set(id, d);
    }
    const starts = uint32s(distinct + 1, shared);
    for (let p = 0; p < postingIds.length; p++) {
      const d = rank.get(postingIds.get(p)) + 1;
      starts[d] = (starts[d] as number) + 1;
    }
    for (let d = 1; d <= distinct; d++) starts[d] = (starts[d] as number) + (starts[d - 1] as number);
    const next = order;
    next.set(starts.subarray(0, distinct));
    const ordinals = uint32s(postingIds.length, shared);
    for (let p = 0; p < postingIds.length; p++) {
      const d = rank.get(postingIds.get(p));
      const at = next[d] as number;
      next[d] = at + 1;
      ordinals[at] = postingWords.get(p);
    }
    const copy = (list: Uint32Chunks) => list.copyTo(uint32s(list.length, shared));
    const taskExamples = uint32s(this.taskCounts.length, shared);
    taskExamples.set(this.taskCounts);
    return new EvalIndex({
      n: this.n,
      tasks: [...this.taskIds.keys()],
      taskExamples,
      exampleTask: copy(this.exampleTask),
      textHi: copy(this.textHi),
      textLo: copy(this.textLo),
      hashHi,
      hashLo,
      starts,
      ordinals,
      directory,
      filter: filterOf(hashHi, hashLo, shared),
    });
  }
}

/** Sort the ids order[from..to) by their hash (keyHi, keyLo): by insertion when few, as a bucket holds. */
function sortByHash(order: Uint32Array, from: number, to: number, keyHi: Uint32Chunks, keyLo: Uint32Chunks): void {
  if (to - from > 32) {
    const sorted = [...order.subarray(from, to)].sort((a, b) => compareKeys(keyHi.get(a), keyLo.get(a), keyHi.get(b), keyLo.get(b)));
    order.set(sorted, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const id = order[i] as number;
    const hi = keyHi.get(id);
    const lo = keyLo.get(id);
    let j = i - 1;
    while (j >= from && compareKeys(keyHi.get(order[j] as number), keyLo.get(order[j] as number), hi, lo) > 0) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = id;
  }
}

/** About 4 distinct hashes per directory bucket, between 2^8 and 2^24 buckets. */
function directoryBits(distinct: number): number {
  return Math.min(24, Math.max(8, Math.ceil(Math.log2(Math.max(1, distinct / 4)))));
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
