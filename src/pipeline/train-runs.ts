/**
 * The seeded order of train.jsonl without holding the corpus in memory: each task's records are sorted
 * by their seeded key and written to a run file; the runs are then merged (k-way, fan-in limited) into
 * one file. Memory stays bounded by the largest task plus one line per open run.
 */

import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { byCodeUnit } from "../core/py-str.js";

const FAN_IN = 64;

export class TrainRuns {
  private readonly runs: string[] = [];
  constructor(private readonly dir: string) {}

  /** Write one task's records (each with its sort key) as a sorted run. */
  async add(entries: readonly { key: string; line: string }[]): Promise<void> {
    if (entries.length === 0) return;
    const sorted = entries.toSorted((a, b) => byCodeUnit(a.key, b.key) || byCodeUnit(a.line, b.line));
    const file = join(this.dir, `run-${String(this.runs.length).padStart(6, "0")}.tsv`);
    await writeFile(file, sorted.map((e) => `${e.key}\t${e.line}\n`).join(""));
    this.runs.push(file);
  }

  /** Merge every run into `target` (JSONL without the keys); returns the record count. */
  async mergeInto(target: string): Promise<number> {
    let runs = this.runs.slice();
    let generation = 0;
    while (runs.length > FAN_IN) {
      const next: string[] = [];
      for (let i = 0; i < runs.length; i += FAN_IN) {
        const file = join(this.dir, `merge-${generation}-${next.length}.tsv`);
        await mergeRuns(runs.slice(i, i + FAN_IN), file, true);
        next.push(file);
      }
      await Promise.all(runs.map((f) => rm(f, { force: true })));
      runs = next;
      generation++;
    }
    return mergeRuns(runs, target, false);
  }
}

interface Head {
  key: string;
  text: string;
  lines: AsyncIterator<string>;
}

async function mergeRuns(files: readonly string[], target: string, keepKeys: boolean): Promise<number> {
  const out = createWriteStream(target);
  const heads: Head[] = [];
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity })[Symbol.asyncIterator]();
    const head = await advance(lines);
    if (head) heads.push(head);
  }
  let count = 0;
  while (heads.length > 0) {
    let best = 0;
    for (let i = 1; i < heads.length; i++) if (compareHeads(heads[i] as Head, heads[best] as Head) < 0) best = i;
    const head = heads[best] as Head;
    const line = keepKeys ? `${head.key}\t${head.text}\n` : `${head.text}\n`;
    if (!out.write(line)) await once(out, "drain");
    count++;
    const next = await advance(head.lines);
    if (next) heads[best] = next;
    else heads.splice(best, 1);
  }
  out.end();
  await once(out, "finish");
  return count;
}

function compareHeads(a: Head, b: Head): number {
  return byCodeUnit(a.key, b.key) || byCodeUnit(a.text, b.text);
}

async function advance(lines: AsyncIterator<string>): Promise<Head | undefined> {
  const { value, done } = await lines.next();
  if (done) return undefined;
  const tab = (value as string).indexOf("\t");
  return { key: (value as string).slice(0, tab), text: (value as string).slice(tab + 1), lines };
}
