/**
 * The seeded order of train.jsonl without holding the corpus in memory: each task's records are sorted
 * by their seeded key and written to a run file; the runs are then merged (k-way, fan-in limited) into
 * one file. Memory stays bounded by the largest task plus one line per open run.
 *
 * Each step is a job of its own (a task's run, one merge of at most FAN_IN runs), so the runs of a
 * generation are written and merged in parallel; the order of lines is a total order (key, then the line
 * itself), so the result does not depend on how runs were grouped.
 */

import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { siftDown, siftUp } from "../core/heap.js";
import { byCodeUnit } from "../core/py-str.js";
import { hashBytes } from "../write/hash.js";

const FAN_IN = 64;

export interface RunEntry {
  key: string;
  line: string;
}

/** Write one task's records (each with its sort key) as a sorted run; returns the file's sha256 and size. */
export async function writeRun(file: string, entries: readonly RunEntry[]): Promise<{ sha256: string; bytes: number }> {
  const sorted = entries.toSorted((a, b) => byCodeUnit(a.key, b.key) || byCodeUnit(a.line, b.line));
  const bytes = Buffer.from(sorted.map((e) => `${e.key}\t${e.line}\n`).join(""));
  await writeFile(file, bytes);
  return hashBytes(bytes);
}

/** One merge: `files` into `target`. */
export interface MergeStep {
  files: string[];
  target: string;
  /** An intermediate run keeps the keys; the last merge writes JSONL without them. */
  keepKeys: boolean;
  /** Remove `files` once merged (not a shard's staged runs, which a merge may read again). */
  removeInputs: boolean;
}

/**
 * The merges that turn `runs` into `target`, generation by generation: each generation's steps are
 * independent of each other; the last generation is one step writing `target`. `keepRuns`: the runs are
 * not this merge's to remove (intermediate runs always are).
 */
export function mergePlan(runs: readonly string[], dir: string, target: string, keepRuns: boolean): MergeStep[][] {
  const generations: MergeStep[][] = [];
  let current = runs.slice();
  while (current.length > FAN_IN) {
    const steps: MergeStep[] = [];
    for (let i = 0; i < current.length; i += FAN_IN) {
      steps.push({
        files: current.slice(i, i + FAN_IN),
        target: join(dir, `merge-${generations.length}-${steps.length}.tsv`),
        keepKeys: true,
        removeInputs: generations.length > 0 || !keepRuns,
      });
    }
    generations.push(steps);
    current = steps.map((s) => s.target);
  }
  generations.push([{ files: current, target, keepKeys: false, removeInputs: generations.length > 0 || !keepRuns }]);
  return generations;
}

export interface Merged {
  records: number;
  /** sha256 and size of what was written. */
  sha256: string;
  bytes: number;
}

interface Head {
  key: string;
  /** The line without its key (and without "\n"): bytes of the run file, never decoded. */
  text: Buffer;
  lines: AsyncIterator<Buffer>;
}

const NEWLINE = 0x0a;
const TAB = 0x09;
const FLUSH_BYTES = 1 << 20;

/**
 * Merge sorted runs into `target` (and remove them, when they are its to remove). Lines stay bytes from reading to writing (the heap
 * holds only each run's key at hand), so memory is a read buffer per run and one write buffer.
 */
export async function mergeRuns(step: MergeStep): Promise<Merged> {
  const heads: Head[] = [];
  for (const file of step.files) {
    const lines = runLines(file)[Symbol.asyncIterator]();
    const head = await advance(lines);
    if (head) push(heads, head);
  }
  const out = createWriteStream(step.target);
  const hash = createHash("sha256");
  let bytes = 0;
  let records = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    const chunk = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    hash.update(chunk);
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, "drain");
  };
  const newline = Buffer.from("\n");
  while (heads.length > 0) {
    const head = heads[0] as Head;
    const parts = step.keepKeys ? [Buffer.from(`${head.key}\t`, "latin1"), head.text, newline] : [head.text, newline];
    for (const part of parts) {
      pending.push(part);
      pendingBytes += part.length;
    }
    if (pendingBytes > FLUSH_BYTES) await flush();
    records++;
    const next = await advance(head.lines);
    if (next) {
      heads[0] = next;
      down(heads, 0);
    } else {
      const last = heads.pop() as Head;
      if (heads.length > 0) {
        heads[0] = last;
        down(heads, 0);
      }
    }
  }
  if (pendingBytes > 0) await flush();
  out.end();
  await once(out, "finish");
  if (step.removeInputs) await Promise.all(step.files.map((f) => rm(f, { force: true })));
  return { records, sha256: hash.digest("hex"), bytes };
}

/** The lines of a run file (written by this module: "\n" endings), as bytes. */
async function* runLines(file: string): AsyncGenerator<Buffer> {
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    const data = rest ? Buffer.concat([rest, chunk]) : chunk;
    let from = 0;
    for (let nl = data.indexOf(NEWLINE); nl !== -1; nl = data.indexOf(NEWLINE, from)) {
      yield data.subarray(from, nl);
      from = nl + 1;
    }
    rest = from < data.length ? data.subarray(from) : undefined;
  }
  if (rest) yield rest;
}

/**
 * Lines in (key, line) order, as strings compare (UTF-16 code units). Keys are hex; two equal keys (the
 * same record id) are rare enough that their lines are decoded to be compared.
 */
function before(a: Head, b: Head): boolean {
  if (a.key !== b.key) return a.key < b.key;
  return a.text.toString("utf8") < b.text.toString("utf8");
}

function push(heap: Head[], head: Head): void {
  heap.push(head);
  siftUp(heap, heap.length - 1, before);
}

function down(heap: Head[], at: number): void {
  siftDown(heap, at, before);
}

async function advance(lines: AsyncIterator<Buffer>): Promise<Head | undefined> {
  const { value, done } = await lines.next();
  if (done) return undefined;
  const line = value as Buffer;
  const tab = line.indexOf(TAB);
  return { key: line.toString("latin1", 0, tab), text: line.subarray(tab + 1), lines };
}
