/**
 * The training side of the audit: one training task's texts are streamed, their n-grams looked up in
 * the evaluation index, and the overlap with every evaluation task counted. Working memory is fixed
 * (4·D + 4·E + 12·T bytes for D distinct eval n-grams, E eval examples, T eval tasks) plus 8 bytes per
 * n-gram of this training task found in the index (its hits, kept until the task's template text is
 * known) and 4 bytes per distinct eval n-gram it touches.
 *
 * Made to be run side by side: `scan(task, texts)` reads the index and never writes it, so one index (in
 * SharedArrayBuffers, see EvalIndexBuilder.build) can serve a scanner per worker thread; a scanner's own
 * arrays are scratch space, back to zero after every task, and what it remembers of the previous text
 * (its tokens and hits, reused when a text starts like the one before) is a cache that gives the same
 * answers. So a task's flagged pairs depend only on the index, the options and the task's texts, and
 * tasks can be scanned in any order, split over any number of scanners.
 */
import { type EvalIndex, RUN } from "./eval-index.js";
import { NgramHasher } from "./ngrams.js";
import { compareKeys, Uint32List } from "./typed.js";

/** Template text shared by many of a training task's records is not a content overlap. */
export interface BoilerplateRule {
  /** An n-gram in more than this fraction of the training task's records is boilerplate. */
  fraction: number;
  /** ... and in at least this many of them. */
  minRecords: number;
}

export interface ScanOptions {
  threshold: number;
  boilerplate: BoilerplateRule | null;
  /** Compare a training task with the evaluation records of the same task id (fully supervised). */
  includeSameTask: boolean;
}

/** One flagged pair, with the example chosen for the report (by content, not by input order). */
export interface PairHit {
  train: string;
  evalTask: number;
  overlapping: number;
  /** Distinct-hash id of the reported n-gram and ordinal of the reported example. */
  ngram: number;
  ordinal: number;
}

/** One training task's hits: n-gram position and distinct eval id per hit, records' end offsets. */
interface TaskHits {
  positions: Uint32List;
  ids: Uint32List;
  recordEnds: Uint32List;
  /** Distinct eval ids hit by any record. */
  touched: Uint32List;
}

const SEEN = 1;
const COUNTED = 2;
const BOILERPLATE = 0xffffffff;

export class TrainScanner {
  private readonly marks: Uint32Array;
  private readonly hitStamp: Uint32Array;
  private readonly overlap: Uint32Array;
  private readonly chosenNgram: Int32Array;
  private readonly chosenOrdinal: Uint32Array;
  private readonly hasher: NgramHasher;
  /** The hits of the last text hashed (positions ascending), whichever task it was of. */
  private readonly lastHits = { positions: new Uint32List(), ids: new Uint32List() };
  private stamp = 0;

  constructor(
    private readonly index: EvalIndex,
    private readonly options: ScanOptions,
  ) {
    this.marks = new Uint32Array(index.distinct);
    this.hitStamp = new Uint32Array(index.examples);
    this.overlap = new Uint32Array(index.tasks.length);
    this.chosenNgram = new Int32Array(index.tasks.length).fill(-1);
    this.chosenOrdinal = new Uint32Array(index.tasks.length);
    this.hasher = new NgramHasher(index.n);
  }

  /** Scan one training task; returns its flagged pairs in evaluation-task order. */
  async scan(task: string, texts: AsyncIterable<string> | Iterable<string>): Promise<PairHit[]> {
    const hits: TaskHits = { positions: new Uint32List(), ids: new Uint32List(), recordEnds: new Uint32List(), touched: new Uint32List() };
    if (Symbol.iterator in texts) for (const text of texts) this.addRecord(text, hits);
    else for await (const text of texts) this.addRecord(text, hits);
    const touched = hits.touched.view();
    const counted = this.countedIds(hits);
    const evalTasks = this.countOverlaps(counted, this.index.tasks.indexOf(task));
    for (const d of touched) this.marks[d] = 0;
    return this.flagged(task, evalTasks);
  }

  /** Keep one text's hits (position, distinct eval n-gram id); count each id once per record. */
  private addRecord(text: string, hits: TaskHits): void {
    const count = this.hasher.hash(text);
    const { hi, lo, reused } = this.hasher;
    const first = hits.ids.length;
    // The n-grams the hasher took from the previous text hit what they hit there.
    const last = this.lastHits;
    for (let k = 0; k < last.positions.length && (last.positions.get(k) as number) < reused; k++) {
      hits.positions.push(last.positions.get(k));
      hits.ids.push(last.ids.get(k));
    }
    for (let i = reused; i < count; i++) {
      const d = this.index.find(hi[i] as number, lo[i] as number);
      if (d < 0) continue;
      hits.positions.push(i);
      hits.ids.push(d);
    }
    hits.recordEnds.push(hits.ids.length);
    last.positions.length = 0;
    last.ids.length = 0;
    for (let k = first; k < hits.ids.length; k++) {
      last.positions.push(hits.positions.get(k));
      last.ids.push(hits.ids.get(k));
    }
    if (hits.ids.length === first) return;
    const ids = hits.ids.view().slice(first).sort();
    for (let k = 0; k < ids.length; k++) {
      const d = ids[k] as number;
      if (k > 0 && d === ids[k - 1]) continue;
      if (this.marks[d] === 0) hits.touched.push(d);
      this.marks[d] = (this.marks[d] as number) + 1;
    }
  }

  /**
   * The ids that count, ascending: hits that are not template text (boilerplate) and whose tokens do not
   * touch a boilerplate hit of the same record, so "template tail + first word" is no content overlap.
   * `marks` turns from record counts into BOILERPLATE / SEEN / COUNTED flags here.
   */
  private countedIds(hits: TaskHits): Uint32Array {
    const records = hits.recordEnds.length;
    for (const d of hits.touched.view()) this.marks[d] = this.isBoilerplate(this.marks[d] as number, records) ? BOILERPLATE : SEEN;
    const positions = hits.positions.view();
    const ids = hits.ids.view();
    const n = this.index.n;
    let start = 0;
    for (const end of hits.recordEnds.view()) {
      const template: number[] = [];
      for (let k = start; k < end; k++) if (this.marks[ids[k] as number] === BOILERPLATE) template.push(positions[k] as number);
      let j = 0;
      for (let k = start; k < end; k++) {
        const d = ids[k] as number;
        const p = positions[k] as number;
        if (this.marks[d] === BOILERPLATE) continue;
        while (j < template.length && (template[j] as number) + n <= p) j++;
        if (j < template.length && (template[j] as number) < p + n) continue;
        this.marks[d] = COUNTED;
      }
      start = end;
    }
    return hits.touched
      .view()
      .filter((d) => this.marks[d] === COUNTED)
      .sort();
  }

  /**
   * Mark the eval examples sharing a non-boilerplate n-gram; count them per eval task; choose each
   * task's example: the smallest shared n-gram hash, then the smallest text hash among its examples.
   */
  private countOverlaps(ids: Uint32Array, sameTask: number): number[] {
    const { index } = this;
    const stamp = ++this.stamp;
    const touchedTasks: number[] = [];
    const { ordinals } = index;
    const run = RUN; // a local: an imported binding read in this loop is slower
    for (const d of ids) {
      for (let p = index.starts[d] as number; p < (index.starts[d + 1] as number); p++) {
        // A posting word is an ordinal, or RUN + the first of a run whose last is the next word.
        const word = ordinals[p] as number;
        const first = word < run ? word : word - run;
        const last = word < run ? word : (ordinals[++p] as number);
        for (let ordinal = first; ordinal <= last; ordinal++) {
          const e = index.exampleTask[ordinal] as number;
          if (this.hitStamp[ordinal] === stamp || (e === sameTask && !this.options.includeSameTask)) continue;
          this.hitStamp[ordinal] = stamp;
          if (this.overlap[e] === 0) {
            touchedTasks.push(e);
            this.chosenNgram[e] = d;
            this.chosenOrdinal[e] = ordinal;
          } else if (this.chosenNgram[e] === d && this.smallerText(ordinal, this.chosenOrdinal[e] as number)) {
            this.chosenOrdinal[e] = ordinal;
          }
          this.overlap[e] = (this.overlap[e] as number) + 1;
        }
      }
    }
    return touchedTasks.sort((a, b) => a - b);
  }

  private isBoilerplate(count: number, records: number): boolean {
    const rule = this.options.boilerplate;
    return rule !== null && count >= rule.minRecords && count / records > rule.fraction;
  }

  private smallerText(a: number, b: number): boolean {
    const { textHi, textLo } = this.index;
    return compareKeys(textHi[a] as number, textLo[a] as number, textHi[b] as number, textLo[b] as number) < 0;
  }

  /** The pairs above the threshold ("more than", compared as count / examples > threshold); resets counts. */
  private flagged(train: string, evalTasks: readonly number[]): PairHit[] {
    const hits: PairHit[] = [];
    for (const e of evalTasks) {
      const overlapping = this.overlap[e] as number;
      if (overlapping / (this.index.taskExamples[e] as number) > this.options.threshold) {
        hits.push({ train, evalTask: e, overlapping, ngram: this.chosenNgram[e] as number, ordinal: this.chosenOrdinal[e] as number });
      }
      this.overlap[e] = 0;
      this.chosenNgram[e] = -1;
    }
    return hits;
  }
}
