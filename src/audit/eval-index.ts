/**
 * The evaluation side of the audit, held in typed arrays only (no object per n-gram):
 *
 * - D distinct n-gram hashes, sorted: `hashHi`, `hashLo` (uint32 each) and `starts` (uint32, D + 1) into
 * - O postings (one per distinct n-gram per example): `ordinals` (uint32, the example's ordinal);
 * - E examples: `exampleTask` (uint32) and the example's 64-bit text hash `textHi`, `textLo`;
 * - a directory of 2^b + 1 uint32 offsets on the top b bits of `hashHi` (b chosen for about 8 raw
 *   postings per bucket, 8 ≤ b ≤ 24), so a lookup binary-searches a few entries.
 *
 * Memory = 12·D + 4·O + 12·E + 4·(2^b + 1) bytes (+ the task names): at most 16 bytes per posting plus
 * 1 for the directory. Building it holds the raw postings (12 bytes each, in doubling buffers) and a
 * sorted copy of them (12 more) at the same time.
 */
import { ngramHashes, textHash, tokenize } from "./ngrams.js";
import { sortTriples, type Triples, Uint32List } from "./typed.js";

export interface EvalExample {
  /** Evaluation task id. */
  task: string;
  /** The audited text of one evaluation record (see `auditText`). */
  text: string;
}

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
  ) {
    this.shift = 32 - Math.log2(directory.length - 1);
  }

  private readonly shift: number;

  get examples(): number {
    return this.exampleTask.length;
  }

  get distinct(): number {
    return this.hashHi.length;
  }

  /** The distinct-hash id (its rank in hash order) of (hi, lo), or -1 when no evaluation example has it. */
  find(hi: number, lo: number): number {
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
    const arrays = [
      this.taskExamples,
      this.exampleTask,
      this.textHi,
      this.textLo,
      this.hashHi,
      this.hashLo,
      this.starts,
      this.ordinals,
      this.directory,
    ];
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
    const bits = directoryBits(this.rawHi.length);
    const sorted = sortTriples({ hi: this.rawHi.view(), lo: this.rawLo.view(), payload: this.rawOrdinal.view() }, bits);
    const { hi, lo, payload: ordinal } = sorted;
    const { distinct, postings } = countDistinct(sorted);
    const hashHi = new Uint32Array(distinct);
    const hashLo = new Uint32Array(distinct);
    const starts = new Uint32Array(distinct + 1);
    const ordinals = new Uint32Array(postings);
    let d = -1;
    let p = 0;
    for (let k = 0; k < hi.length; k++) {
      const o = ordinal[k] as number;
      const newHash = d < 0 || hi[k] !== hashHi[d] || lo[k] !== hashLo[d];
      if (newHash) {
        d++;
        hashHi[d] = hi[k] as number;
        hashLo[d] = lo[k] as number;
        starts[d] = p;
      }
      if (newHash || ordinals[p - 1] !== o) ordinals[p++] = o;
    }
    starts[distinct] = p;
    const tasks = [...this.taskIds.keys()];
    return new EvalIndex(
      this.n,
      tasks,
      Uint32Array.from(this.taskCounts),
      this.exampleTask.toArray(),
      this.textHi.toArray(),
      this.textLo.toArray(),
      hashHi,
      hashLo,
      starts,
      ordinals,
      directoryOf(hashHi, bits),
    );
  }
}

/** About 8 raw postings per directory bucket, between 2^8 and 2^24 buckets (at most 1 byte per posting). */
function directoryBits(raw: number): number {
  return Math.min(24, Math.max(8, Math.ceil(Math.log2(Math.max(1, raw / 8)))));
}

/** Distinct hashes and distinct (hash, example) postings of the sorted raw postings. */
function countDistinct({ hi, lo, payload }: Triples): { distinct: number; postings: number } {
  let distinct = 0;
  let postings = 0;
  for (let k = 0; k < hi.length; k++) {
    const newHash = k === 0 || hi[k] !== hi[k - 1] || lo[k] !== lo[k - 1];
    if (newHash) distinct++;
    if (newHash || payload[k] !== payload[k - 1]) postings++;
  }
  return { distinct, postings };
}

/** directory[b] = the first distinct id whose top `bits` bits are ≥ b; directory[2^bits] = D. */
function directoryOf(hashHi: Uint32Array, bits: number): Uint32Array {
  const size = 1 << bits;
  const directory = new Uint32Array(size + 1);
  for (let d = 0; d < hashHi.length; d++) {
    const slot = ((hashHi[d] as number) >>> (32 - bits)) + 1;
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
