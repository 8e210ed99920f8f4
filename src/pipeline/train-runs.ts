/**
 * The seeded order of train.jsonl without holding the corpus in memory: each task's records are sorted
 * by their seeded key and written to a run file, with an index of where each key range starts (the
 * first two hex digits of the key: 256 ranges); train.jsonl is then written range by range, each job
 * reading its ranges' slices of every run, sorting them and writing them at their place in the file.
 * Every line is read and written once, the jobs run in parallel, and memory is bounded by a job's
 * share of the records (`RANGE_BYTES`), not by the corpus.
 *
 * The order of lines is a total order (key, then the line itself), so the result does not depend on how
 * the ranges were grouped into jobs.
 */

import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { byCodeUnit } from "../core/py-str.js";
import { borrow, giveBack, type ReadBuffer, use } from "../core/scratch.js";
import { LENGTH_MEASURES, type RecordMeasure, type RecordStats, RecordStatsAccumulator } from "../report/index.js";
import { hashBytes } from "../write/hash.js";

export interface RunEntry {
  key: string;
  /** The record's measure for the build's statistics, carried so that train.jsonl's are not read back. */
  measure: RecordMeasure;
  line: string;
}

/**
 * A run line: `<key>\t<measure>\t<record JSON>`. JSON escapes raw tabs, so the record is what follows the
 * last tab; the measure is a JSON array, in the order of `MEASURE_FIELDS`.
 */
const MEASURE_FIELDS = ["split", ...LENGTH_MEASURES, "demonstrations", "variant"] as const;

function runLine(entry: RunEntry): string {
  return `${entry.key}\t${JSON.stringify(MEASURE_FIELDS.map((f) => entry.measure[f]))}\t${entry.line}\n`;
}

/** The parts of a run line (without its newline). */
export function runLineParts(line: string): { key: string; measure: RecordMeasure; json: string } {
  const first = line.indexOf("\t");
  const last = line.lastIndexOf("\t");
  if (first < 0 || last === first) throw new Error(`not a run line: ${line.slice(0, 80)}`);
  return { key: line.slice(0, first), measure: measureOf(line.slice(first + 1, last)), json: line.slice(last + 1) };
}

/** A run line's measure from its text (the JSON array between its tabs). */
function measureOf(text: string): RecordMeasure {
  const values = JSON.parse(text) as unknown[];
  // Field by field, not Object.fromEntries: one per record written, and the entries were most of its time.
  const measure: Record<string, unknown> = {};
  for (let i = 0; i < MEASURE_FIELDS.length; i++) measure[MEASURE_FIELDS[i] as string] = values[i];
  return measure as unknown as RecordMeasure;
}

/** Key ranges: a key's range is its first two hex digits. */
const RANGES = 256;

/**
 * Where a run's key ranges lie, the ranges it has records in only (a task's few dozen records fall in a
 * few dozen of the 256): range `ranges[i]` starts at `starts[i]` (the run ends at `starts[ranges.length]`)
 * and holds `records[i]` records, whose lines take `bytes[i]` bytes without their keys. Typed arrays over
 * one buffer: a build keeps one per training task until train.jsonl is written (all 256 ranges took 3 KB).
 */
export interface RunIndex {
  ranges: Uint8Array;
  starts: Uint32Array;
  records: Uint32Array;
  bytes: Uint32Array;
}

/** A run index as a marker's JSON holds it: every range's offset (and the end), records and bytes. */
export interface RunIndexJson {
  offsets: number[];
  records: number[];
  bytes: number[];
}

/** The index of the ranges with records among every range's `offsets` (RANGES + 1), `records` and `bytes`. */
function compactRunIndex(offsets: ArrayLike<number>, records: ArrayLike<number>, bytes: ArrayLike<number>): RunIndex {
  let k = 0;
  for (let r = 0; r < RANGES; r++) if ((records[r] as number) > 0) k++;
  const buffer = new ArrayBuffer(13 * k + 4);
  const index: RunIndex = {
    starts: new Uint32Array(buffer, 0, k + 1),
    records: new Uint32Array(buffer, 4 * (k + 1), k),
    bytes: new Uint32Array(buffer, 4 * (2 * k + 1), k),
    ranges: new Uint8Array(buffer, 4 * (3 * k + 1), k),
  };
  let i = 0;
  for (let r = 0; r < RANGES; r++) {
    if ((records[r] as number) === 0) continue;
    index.ranges[i] = r;
    index.starts[i] = offsets[r] as number;
    index.records[i] = records[r] as number;
    index.bytes[i] = bytes[r] as number;
    i++;
  }
  index.starts[k] = offsets[RANGES] as number;
  return index;
}

/** Where range `r` starts in the run (its end for `r` = RANGES): where the first range from `r` with records starts. */
function offsetAt(index: RunIndex, r: number): number {
  const { ranges, starts } = index;
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ranges[mid] as number) < r) low = mid + 1;
    else high = mid;
  }
  return starts[low] as number;
}

export function runIndexJson(index: RunIndex): RunIndexJson {
  const json: RunIndexJson = { offsets: [], records: new Array(RANGES).fill(0), bytes: new Array(RANGES).fill(0) };
  for (let r = 0; r <= RANGES; r++) json.offsets.push(offsetAt(index, r));
  index.ranges.forEach((r, i) => {
    json.records[r] = index.records[i] as number;
    json.bytes[r] = index.bytes[i] as number;
  });
  return json;
}

/**
 * A run index read from JSON, or undefined when it is not one (lengths, whole non-negative numbers, offsets
 * in order, a range with no records taking no bytes).
 */
export function runIndexFromJson(json: unknown): RunIndex | undefined {
  const value = json as Partial<RunIndexJson> | null;
  const lists: Record<keyof RunIndexJson, number[]> = { offsets: [], records: [], bytes: [] };
  for (const field of ["offsets", "records", "bytes"] as const) {
    const list = value?.[field];
    if (!Array.isArray(list) || list.length !== (field === "offsets" ? RANGES + 1 : RANGES)) return undefined;
    for (const n of list) if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) return undefined;
    lists[field] = list;
  }
  const { offsets, records, bytes } = lists;
  for (let r = 0; r < RANGES; r++) {
    const length = (offsets[r + 1] as number) - (offsets[r] as number);
    if (length < 0 || ((records[r] as number) === 0 && (length > 0 || (bytes[r] as number) > 0))) return undefined;
  }
  return compactRunIndex(offsets, records, bytes);
}

function rangeOf(key: string): number {
  const range = Number.parseInt(key.slice(0, 2), 16);
  if (key.length < 2 || !(range >= 0 && range < RANGES))
    throw new Error(`a run key must start with two hex digits, got ${JSON.stringify(key)}`);
  return range;
}

/** Write one task's records (each with its sort key) as a sorted run; returns the file's sha256, size and index, and the entries in file order. */
export async function writeRun<E extends RunEntry>(
  file: string,
  entries: readonly E[],
): Promise<{ sha256: string; bytes: number; index: RunIndex; sorted: E[] }> {
  const sorted = entries.toSorted((a, b) => byCodeUnit(a.key, b.key) || byCodeUnit(a.line, b.line));
  const lines = sorted.map(runLine);
  const bytes = Buffer.from(lines.join(""));
  if (bytes.length > 0xffffffff) throw new Error(`${file}: a run of ${bytes.length} bytes is more than its index can hold`);
  const offsets = new Array<number>(RANGES + 1).fill(0);
  const records = new Array<number>(RANGES).fill(0);
  const lineBytes = new Array<number>(RANGES).fill(0);
  let offset = 0;
  let range = 0;
  sorted.forEach((e, i) => {
    const r = rangeOf(e.key);
    while (range < r) offsets[++range] = offset;
    records[r] = (records[r] as number) + 1;
    lineBytes[r] = (lineBytes[r] as number) + Buffer.byteLength(e.line) + 1;
    offset += Buffer.byteLength(lines[i] as string);
  });
  while (range < RANGES) offsets[++range] = offset;
  await writeFile(file, bytes);
  return { ...hashBytes(bytes), index: compactRunIndex(offsets, records, lineBytes), sorted };
}

/**
 * One job of train.jsonl: the slices of the runs holding its key ranges (`files[i]` from `from[i]` to
 * `to[i]`: typed arrays, as a job lists a slice of nearly every run), and where its lines go.
 */
export interface RangeJob {
  files: string[];
  from: Uint32Array;
  to: Uint32Array;
  target: string;
  /** Where its lines start in `target`, how many bytes and records they are. */
  offset: number;
  bytes: number;
  records: number;
}

/** A job's share of the runs: key ranges are grouped until they hold this many bytes (at least one range each). */
const RANGE_BYTES = 4 << 20;

/** Where a range job's lines go in the target: from `offset`, `bytes` bytes, `records` records. */
export interface RangePart {
  offset: number;
  bytes: number;
  records: number;
}

/**
 * The jobs writing a target, in file order. A job lists its slice of nearly every run (thousands of runs
 * on a large corpus), so each is made when it is taken (`at`): only the jobs in flight hold their lists.
 */
export interface RangeJobs {
  readonly length: number;
  /** Job `index`, made anew at each call. */
  at(index: number): RangeJob | undefined;
  /** Where each job's lines go. */
  parts: RangePart[];
}

/** The jobs writing `target` from `runs`, in file order. */
export function rangeJobs(runs: readonly { file: string; index: RunIndex }[], target: string, rangeBytes = RANGE_BYTES): RangeJobs {
  const input = new Array<number>(RANGES).fill(0);
  const output = new Array<number>(RANGES).fill(0);
  const records = new Array<number>(RANGES).fill(0);
  for (const { index } of runs) {
    index.ranges.forEach((r, i) => {
      input[r] = (input[r] as number) + (index.starts[i + 1] as number) - (index.starts[i] as number);
      output[r] = (output[r] as number) + (index.bytes[i] as number);
      records[r] = (records[r] as number) + (index.records[i] as number);
    });
  }
  const groups: (RangePart & { first: number; last: number })[] = [];
  let offset = 0;
  for (let first = 0; first < RANGES; ) {
    let last = first + 1;
    let size = input[first] as number;
    while (last < RANGES && size + (input[last] as number) <= rangeBytes) size += input[last++] as number;
    const sum = (counts: number[]): number => counts.slice(first, last).reduce((a, b) => a + b, 0);
    const group = { first, last, offset, bytes: sum(output), records: sum(records) };
    if (group.records > 0) groups.push(group);
    offset += group.bytes;
    first = last;
  }
  const at = (i: number): RangeJob | undefined => {
    const group = groups[i];
    if (group === undefined) return undefined;
    const slices = runs
      .map(({ file, index }) => ({ file, from: offsetAt(index, group.first), to: offsetAt(index, group.last) }))
      .filter((slice) => slice.to > slice.from);
    return {
      files: slices.map((slice) => slice.file),
      from: Uint32Array.from(slices, (slice) => slice.from),
      to: Uint32Array.from(slices, (slice) => slice.to),
      target,
      offset: group.offset,
      bytes: group.bytes,
      records: group.records,
    };
  };
  return { length: groups.length, at, parts: groups.map(({ offset, bytes, records }) => ({ offset, bytes, records })) };
}

const NEWLINE = 0x0a;
const TAB = 0x09;

/**
 * One job: its slices read, their lines sorted by (key, line) and written without keys at the job's place
 * in the target (which exists). Returns the statistics of the records written. Synchronous (it has its
 * thread): thousands of small reads, none a round trip through libuv's pool; and its input and output are
 * buffers its thread lends it (core/scratch.ts).
 */
export function writeRange(job: RangeJob): RecordStats {
  let total = 0;
  for (let i = 0; i < job.files.length; i++) total += (job.to[i] as number) - (job.from[i] as number);
  const input = borrow();
  const output = borrow();
  try {
    return writeRangeWith(job, use(input, total), output);
  } finally {
    giveBack(input);
    giveBack(output);
  }
}

function writeRangeWith(job: RangeJob, input: Buffer, out: ReadBuffer): RecordStats {
  const total = input.length;
  let at = 0;
  for (let i = 0; i < job.files.length; i++) {
    const file = job.files[i] as string;
    const length = (job.to[i] as number) - (job.from[i] as number);
    const fd = openSync(file, "r");
    try {
      if (readSync(fd, input, at, length, job.from[i] as number) !== length)
        throw new Error(`${file} is shorter than its index says: it changed after it was written`);
    } finally {
      closeSync(fd);
    }
    at += length;
  }
  const lines: { key: string; start: number; end: number }[] = [];
  const stats = new RecordStatsAccumulator();
  for (let start = 0; start < total; ) {
    const end = input.indexOf(NEWLINE, start);
    const tab = input.indexOf(TAB, start);
    const last = input.lastIndexOf(TAB, end);
    if (end < 0 || tab < 0 || last === tab || last > end)
      throw new Error(`a run line without its key, measure or end in ${job.files[0] ?? job.target}`);
    lines.push({ key: input.toString("latin1", start, tab), start: last + 1, end });
    stats.addMeasure(measureOf(input.toString("utf8", tab + 1, last)));
    start = end + 1;
  }
  // Equal keys (the same record id) are rare enough that their lines are decoded to be compared.
  lines.sort(
    (a, b) => byCodeUnit(a.key, b.key) || byCodeUnit(input.toString("utf8", a.start, a.end), input.toString("utf8", b.start, b.end)),
  );
  const output = use(out, job.bytes);
  let written = 0;
  for (const line of lines) {
    written += input.copy(output, written, line.start, line.end);
    output[written++] = NEWLINE;
  }
  if (written !== job.bytes || lines.length !== job.records)
    throw new Error(
      `the runs of ${job.target} hold ${lines.length} records (${written} bytes), not the ${job.records} (${job.bytes} bytes) their index says`,
    );
  const fd = openSync(job.target, "r+");
  try {
    writeSync(fd, output, 0, written, job.offset);
  } finally {
    closeSync(fd);
  }
  return stats.result();
}
