/**
 * A synthetic Super-NaturalInstructions checkout of real-size task files, written as upstream writes them
 * (Python's json.dump with indent=4 and ensure_ascii=False), with splits/default task lists.
 *
 * Sizes follow the real corpus: file sizes and bytes per instance are drawn from the quantiles of 219 real
 * task files of allenai/natural-instructions (mean 1.1 MB, from 6 KB to 4 MB; at most 6,500 instances, as
 * upstream caps them), so 1,616 tasks make about 1.8 GB like the real 1,616. Text is random words from a
 * vocabulary with some non-ASCII words and JSON escapes. Deterministic for given parameters.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** File size (bytes) at quantiles 0, 0.05, ..., 1 of the real task files. */
const SIZE_QUANTILES = [
  6452, 39466, 49560, 67157, 99286, 140209, 182751, 271309, 374917, 569301, 831356, 992229, 1264142, 1511659, 1779953, 1996335, 2116411,
  2248681, 2702113, 3035736, 4058396,
];
/** Bytes per instance at the same quantiles. */
const BYTES_PER_INSTANCE = [180, 190, 229, 253, 274, 285, 295, 309, 319, 328, 336, 349, 369, 401, 452, 487, 547, 723, 1148, 1811, 3401];
const MAX_INSTANCES = 6500;
const CATEGORIES = [
  "Question Answering",
  "Sentiment Analysis",
  "Textual Entailment",
  "Title Generation",
  "Text Categorization",
  "Summarization",
  "Translation",
  "Program Execution",
  "Question Generation",
  "Information Extraction",
  "Coreference Resolution",
  "Named Entity Recognition",
];

export interface CorpusOptions {
  tasks: number;
  /** Scale every file's size (1 = real sizes). */
  sizeScale: number;
  seed: number;
}

export interface Corpus {
  root: string;
  files: string[];
  bytes: number;
  instances: number;
}

/** xorshift32: fast and deterministic. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = (seed * 2654435761) >>> 0 || 1;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A value at uniform u of a quantile table, interpolated in log space. */
function quantile(table: readonly number[], u: number): number {
  const at = u * (table.length - 1);
  const i = Math.min(table.length - 2, Math.floor(at));
  const lo = Math.log(table[i] as number);
  const hi = Math.log(table[i + 1] as number);
  return Math.exp(lo + (hi - lo) * (at - i));
}

const SYLLABLES = [
  "ka",
  "lo",
  "mi",
  "ren",
  "tu",
  "sa",
  "vel",
  "dor",
  "an",
  "is",
  "que",
  "pho",
  "ti",
  "ber",
  "nu",
  "gal",
  "os",
  "em",
  "zi",
  "ul",
];
const SPECIAL = ["café", "naïve", "Zürich", "東京", "données", '\\"quoted\\"', "line\\nbreak", "back\\\\slash", "\\u00e9t\\u00e9", "😀"];

/**
 * Text to draw from: random words (some non-ASCII, some JSON escapes) in one buffer, with where each word
 * starts. Strings are runs of a few words from random places, so no 13 words in a row repeat by chance.
 */
interface Pool {
  bytes: Buffer;
  starts: Int32Array;
}

function wordPool(): Pool {
  const rng = new Random(12345);
  const vocabulary: string[] = [];
  for (let i = 0; i < 30000; i++) {
    let w = "";
    const n = 1 + rng.int(3);
    for (let k = 0; k < n; k++) w += SYLLABLES[rng.int(SYLLABLES.length)];
    vocabulary.push(w);
  }
  for (const s of SPECIAL) for (let k = 0; k < 30; k++) vocabulary.push(s);
  const words = Array.from({ length: 2_000_000 }, () => vocabulary[rng.int(vocabulary.length)] as string);
  const bytes = Buffer.from(words.join(" "));
  const starts = new Int32Array(words.length + 1);
  let at = 0;
  words.forEach((w, i) => {
    starts[i] = at;
    at += Buffer.byteLength(w) + 1;
  });
  starts[words.length] = at;
  return { bytes, starts };
}

/** Builds one file's bytes in a growing buffer. */
class Writer {
  private buf = Buffer.allocUnsafe(1 << 20);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  ascii(s: string): void {
    this.ensure(s.length * 3);
    this.length += this.buf.write(s, this.length);
  }
  bytes(b: Buffer): void {
    this.ensure(b.length);
    b.copy(this.buf, this.length);
    this.length += b.length;
  }
  done(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** About `bytes` bytes of words: runs of up to 12 words from random places of the pool. */
function text(w: Writer, pool: Pool, rng: Random, bytes: number): void {
  const start = w.length;
  const words = pool.starts.length - 1;
  while (w.length - start < bytes) {
    if (w.length > start) w.ascii(" ");
    // About 6 bytes a word: the last run is cut to what is still wanted.
    const from = rng.int(words - 12);
    const to = from + Math.min(4 + rng.int(9), Math.max(1, Math.round((bytes - (w.length - start)) / 6)));
    w.bytes(pool.bytes.subarray(pool.starts[from], (pool.starts[to] as number) - 1));
  }
}

function stringList(w: Writer, key: string, values: readonly string[], last = false): void {
  if (values.length === 0) w.ascii(`    "${key}": []`);
  else w.ascii(`    "${key}": [\n${values.map((v) => `        ${JSON.stringify(v)}`).join(",\n")}\n    ]`);
  w.ascii(last ? "\n" : ",\n");
}

function examples(w: Writer, key: string, n: number, pool: Pool, rng: Random): void {
  w.ascii(`    "${key}": [\n`);
  for (let i = 0; i < n; i++) {
    for (const [field, size, end] of [
      ["input", 200 + rng.int(600), ","],
      ["output", 5 + rng.int(60), ","],
      ["explanation", 40 + rng.int(150), ""],
    ] as const) {
      w.ascii(`${field === "input" ? "        {\n" : ""}            "${field}": "`);
      text(w, pool, rng, size);
      w.ascii(`"${end}\n`);
    }
    w.ascii(i === n - 1 ? "        }\n" : "        },\n");
  }
  w.ascii("    ],\n");
}

function hex32(rng: Random): string {
  let s = "";
  for (let i = 0; i < 4; i++)
    s += Math.floor(rng.next() * 4294967296)
      .toString(16)
      .padStart(8, "0");
  return s;
}

function taskFile(id: number, pool: Pool, options: CorpusOptions): { bytes: Buffer; instances: number } {
  const rng = new Random(options.seed * 100003 + id);
  const size = quantile(SIZE_QUANTILES, rng.next()) * options.sizeScale;
  const perInstance = quantile(BYTES_PER_INSTANCE, rng.next());
  const instances = Math.max(20, Math.min(MAX_INSTANCES, Math.round(size / perInstance)));
  // What is left per instance for its text, after the instance's JSON (about 200 bytes at indent 4); the
  // input takes 0.8 of it on average, the outputs (1.45 on average, at 0.15 each) the rest.
  const textBytes = Math.max(8, (size / instances - 200) / 1.02);
  const w = new Writer();
  w.ascii("{\n");
  stringList(w, "Contributors", ["Bench Contributor"]);
  stringList(w, "Source", [`dataset_${id % 400}`]);
  stringList(w, "URL", [`https://example.org/dataset_${id % 400}`]);
  stringList(w, "Categories", [CATEGORIES[id % CATEGORIES.length] as string]);
  stringList(w, "Reasoning", []);
  w.ascii('    "Definition": [\n        "');
  text(w, pool, rng, 100 + rng.int(500));
  w.ascii('"\n    ],\n');
  stringList(w, "Input_language", ["English"]);
  stringList(w, "Output_language", ["English"]);
  stringList(w, "Instruction_language", ["English"]);
  stringList(w, "Domains", ["Synthetic"]);
  examples(w, "Positive Examples", 2 + rng.int(3), pool, rng);
  examples(w, "Negative Examples", 1 + rng.int(2), pool, rng);
  w.ascii('    "Instances": [\n');
  for (let i = 0; i < instances; i++) {
    w.ascii(`        {\n            "id": "task${id}-${hex32(rng)}",\n            "input": "`);
    text(w, pool, rng, textBytes * (0.6 + 0.4 * rng.next()));
    w.ascii('",\n            "output": [\n');
    const outputs = 1 + (rng.next() < 0.3 ? 1 + rng.int(3) : 0);
    for (let k = 0; k < outputs; k++) {
      w.ascii('                "');
      text(w, pool, rng, Math.min(200, textBytes * 0.15));
      w.ascii(k === outputs - 1 ? '"\n' : '",\n');
    }
    w.ascii(i === instances - 1 ? "            ]\n        }\n" : "            ]\n        },\n");
  }
  w.ascii("    ],\n");
  stringList(w, "Instance License", ["Unknown"], true);
  w.ascii("}");
  return { bytes: w.done(), instances };
}

/** Task names as upstream: `task<number>_<words>`. */
function taskName(i: number): string {
  return `task${String(i + 1).padStart(3, "0")}_bench_${CATEGORIES[i % CATEGORIES.length]?.toLowerCase().replaceAll(" ", "_")}`;
}

/**
 * Write the checkout under `root`. The default split lists a share of the tasks like upstream's (757
 * training, 119 test of 1,616; the rest excluded).
 */
export async function writeCorpus(root: string, options: CorpusOptions): Promise<Corpus> {
  const pool = wordPool();
  await mkdir(join(root, "tasks"), { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  let instances = 0;
  const lists = { train: [] as string[], test: [] as string[], excluded: [] as string[] };
  for (let i = 0; i < options.tasks; i++) {
    const name = taskName(i);
    const file = taskFile(i + 1, pool, options);
    const path = join(root, "tasks", `${name}.json`);
    await writeFile(path, file.bytes);
    files.push(path);
    bytes += file.bytes.length;
    instances += file.instances;
    const u = new Random(options.seed * 7919 + i).next();
    (u < 757 / 1616 ? lists.train : u < 876 / 1616 ? lists.test : lists.excluded).push(name);
  }
  await mkdir(join(root, "splits", "default"), { recursive: true });
  for (const [kind, names] of Object.entries(lists))
    await writeFile(join(root, "splits", "default", `${kind}_tasks.txt`), `${names.join("\n")}\n`);
  return { root, files, bytes, instances };
}
