/**
 * The evaluation side of the audit, held in typed arrays only (no object per n-gram):
 *
 * - D distinct n-gram hashes, sorted: `hashHi`, `hashLo` (uint32 each) and `starts` (uint32, D + 1) into
 * - O postings (one per distinct n-gram per example): `ordinals` (uint32, the example's ordinal);
 * - E examples: `exampleTask` (uint32) and the example's 64-bit text hash `textHi`, `textLo`;
 * - a directory of 65,537 uint32 offsets on the top 16 bits of `hashHi`, so a lookup binary-searches
 *   one bucket.
 *
 * Memory = 12·D + 4·O + 12·E + 262,148 bytes (+ the task names), at most 16 bytes per posting; building
 * it needs about 20 bytes per raw posting on top while sorting (a radix sort of a permutation).
 */
import { textHash, ngramHashes, tokenize } from "./ngrams.js";
import { compareKeys, sortPermutation, Uint32List } from "./typed.js";

export interface EvalExample {
  /** Evaluation task id. */
  task: string;
  /** The audited text of one evaluation record (see `auditText`). */
  text: string;
}

const DIRECTORY_BITS = 16;

export class EvalIndex {
  constructor(
    readonly n: number,
    readonly tasks: readonly string[],
    readonly taskExamples: Uint32Array,
    readonly exampleTask: Uint32Array,
    readonly textHi: Uint32Array,
    readonly textLo: Uint32Array,
    readonly hashHi: Uint32Array,
    readonly hashLo: Uint32Array,
    readonly starts: Uint32Array,
    readonly ordinals: Uint32Array,
    readonly directory: Uint32Array,
  ) {}

  get examples(): number {
    return this.exampleTask.length;
  }

  get distinct(): number {
    return this.hashHi.length;
  }

  /** The distinct-hash id (its rank in hash order) of (hi, lo), or -1 when no evaluation example has it. */
  find(hi: number, lo: number): number {
    const bucket = hi >>> (32 - DIRECTORY_BITS);
    let low = this.directory[bucket] as number;
    let high = this.directory[bucket + 1] as number;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const c = compareKeys(this.hashHi[mid] as number, this.hashLo[mid] as number, hi, lo);
      if (c === 0) return mid;
      if (c < 0) low = mid + 1;
      else high = mid;
    }
    return -1;
  }

  /** Bytes held in typed arrays (the memory formula above, measured). */
  byteLength(): number {
    const arrays = [this.taskExamples, this.exampleTask, this.textHi, this.textLo, this.hashHi, this.hashLo, this.starts, this.ordinals, this.directory];
    return arrays.reduce((sum, a) => sum + a.byteLength, 0);
  }
}

/** Collects examples one at a time; `build()` sorts and compacts them into an EvalIndex. */
export class EvalIndexBuilder {
  private readonly taskIds = new Map<string, number>();
  private readonly taskCounts: number[] = [];
  private readonly exampleTask = new Uint32List();
  private readonly textHi = new Uint32List();
  private readonly textLo = new Uint32List();
  private readonly rawHi = new Uint32List(1 << 16);
  private readonly rawLo = new Uint32List(1 << 16);
  private readonly rawOrdinal = new Uint32List(1 << 16);

  constructor(readonly n: number) {}

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
    const [hi, lo] = textHash(text);
    this.textHi.push(hi);
    this.textLo.push(lo);
    const hashes = ngramHashes(tokenize(text), this.n);
    for (let i = 0; i < hashes.hi.length; i++) {
      this.rawHi.push(hashes.hi[i] as number);
      this.rawLo.push(hashes.lo[i] as number);
      this.rawOrdinal.push(ordinal);
    }
  }

  build(): EvalIndex {
    const hi = this.rawHi.view();
    const lo = this.rawLo.view();
    const ordinal = this.rawOrdinal.view();
    const order = sortPermutation(hi, lo);
    const { distinct, postings } = countDistinct(order, hi, lo, ordinal);
    const hashHi = new Uint32Array(distinct);
    const hashLo = new Uint32Array(distinct);
    const starts = new Uint32Array(distinct + 1);
    const ordinals = new Uint32Array(postings);
    let d = -1;
    let p = 0;
    for (let k = 0; k < order.length; k++) {
      const at = order[k] as number;
      const h = hi[at] as number;
      const l = lo[at] as number;
      const o = ordinal[at] as number;
      const newHash = d < 0 || h !== hashHi[d] || l !== hashLo[d];
      if (newHash) {
        d++;
        hashHi[d] = h;
        hashLo[d] = l;
        starts[d] = p;
      }
      if (newHash || ordinals[p - 1] !== o) ordinals[p++] = o;
    }
    starts[distinct] = p;
    const tasks = [...this.taskIds.keys()];
    return new EvalIndex(this.n, tasks, Uint32Array.from(this.taskCounts), this.exampleTask.toArray(), this.textHi.toArray(), this.textLo.toArray(), hashHi, hashLo, starts, ordinals, directoryOf(hashHi));
  }
}

/** Distinct hashes and distinct (hash, example) postings of the sorted raw postings. */
function countDistinct(order: Uint32Array, hi: Uint32Array, lo: Uint32Array, ordinal: Uint32Array): { distinct: number; postings: number } {
  let distinct = 0;
  let postings = 0;
  for (let k = 0; k < order.length; k++) {
    const at = order[k] as number;
    const prev = k > 0 ? (order[k - 1] as number) : -1;
    const newHash = prev < 0 || hi[at] !== hi[prev] || lo[at] !== lo[prev];
    if (newHash) distinct++;
    if (newHash || ordinal[at] !== ordinal[prev]) postings++;
  }
  return { distinct, postings };
}

/** directory[b] = the first distinct id whose top bits are ≥ b; directory[2^bits] = D. */
function directoryOf(hashHi: Uint32Array): Uint32Array {
  const size = 1 << DIRECTORY_BITS;
  const directory = new Uint32Array(size + 1);
  for (let d = 0; d < hashHi.length; d++) {
    const slot = ((hashHi[d] as number) >>> (32 - DIRECTORY_BITS)) + 1;
    directory[slot] = (directory[slot] as number) + 1;
  }
  for (let b = 1; b <= size; b++) directory[b] = (directory[b] as number) + (directory[b - 1] as number);
  return directory;
}

/** Index every example of `examples` (read once, in order: an example's ordinal is its position). */
export async function buildEvalIndex(examples: AsyncIterable<EvalExample> | Iterable<EvalExample>, n: number): Promise<EvalIndex> {
  const builder = new EvalIndexBuilder(n);
  for await (const example of examples) builder.add(example.task, example.text);
  return builder.build();
}
