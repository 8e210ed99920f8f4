/**
 * The benchmarks' synthetic Super-NaturalInstructions checkout (`npm run bench` and `npm run bench:audit`):
 * real-size task files written as upstream writes them (Python's json.dump with indent=4 and
 * ensure_ascii=False), with splits/default/{train,test,excluded}_tasks.txt. Deterministic for given
 * parameters; written at about the speed of the disk (seedrandom is far too slow for 1.8 GB of text, so
 * the text comes from a hash of its position and the choices from xorshift32).
 *
 * Sizes follow the real corpus: file sizes and bytes per instance are drawn from the quantiles of 219 real
 * task files of allenai/natural-instructions (mean 1.1 MB, from 6 KB to 4 MB; at most 6,500 instances, as
 * upstream caps them), so 1,616 tasks make about 1.8 GB like the real 1,616.
 *
 * Text has the overlap structure of the real corpus, which is what the 13-gram audit reacts to: words are
 * Zipf-distributed pseudo-words (some with accents, CJK, an emoji or JSON escapes), punctuated like prose;
 * tasks come in dataset families of about four, whose inputs are passages of the family's own text, so
 * tasks of a family share passages; definitions share stock phrases (template text the audit must not
 * flag); every other text is runs of at most 12 words from random places, so 13-grams repeat only where
 * meant. The default lists are upstream's shares (757 training and 119 test of 1,616; the rest excluded),
 * training tasks outside the test tasks' families except a few (1 in 60) that leak a test task's family:
 * the contamination the audit should flag.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
// Murmur3's finalizer: a bijection on uint32, so distinct word positions get distinct hashes.
import { fmix32 } from "../src/audit/ngrams.js";

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
  /** Scale every file's size (1 = real sizes), and so its instance count (at least 20, at most 6,500). */
  sizeScale: number;
  seed: number;
}

/** What writeCorpus wrote. */
export interface Corpus {
  root: string;
  files: string[];
  bytes: number;
  instances: number;
}

/** Changes whenever the same parameters give other files: a corpus kept by an older version is not reused. */
const CORPUS_VERSION = 2;

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

const VOCABULARY_SIZE = 50_000;
const LETTERS = "etaoinshrdlcumwfgypbvkjxqz";
const ACCENTED = "éèàüöñç";
/** Words that make a JSON reader work: non-ASCII, an astral character, escapes; placed at mid ranks. */
const SPECIAL = ["東京", "😀", "naïve", "Zürich", "données", '"quoted"', "line\nbreak", "back\\slash", "tab\there"];

/** Pseudo-words by rank, frequent ones short; a few with accents, digits or an apostrophe. */
function vocabulary(): string[] {
  const rng = new Random(1);
  const words = new Set<string>();
  while (words.size < VOCABULARY_SIZE) {
    const rank = words.size;
    const length = 1 + Math.floor(Math.min(12, Math.log2(rank + 2) * 0.6 + rng.next() * 4));
    let w = "";
    for (let i = 0; i < length; i++) w += LETTERS[Math.floor(rng.next() ** 1.5 * LETTERS.length)];
    const kind = rng.next();
    if (kind < 0.01) w += ACCENTED[rng.int(ACCENTED.length)];
    else if (kind < 0.02) w = String(rng.int(10000));
    else if (kind < 0.025) w += "'s";
    words.add(w);
  }
  const list = [...words];
  SPECIAL.forEach((w, i) => {
    list[300 + i * 700] = w;
  });
  return list;
}

/** Inverse-CDF table of a Zipf(1.05) law over the vocabulary ranks. */
function zipfTable(size: number): Uint32Array {
  const weights = Float64Array.from({ length: VOCABULARY_SIZE }, (_, r) => 1 / (r + 1) ** 1.05);
  const total = weights.reduce((a, b) => a + b, 0);
  const table = new Uint32Array(size);
  let rank = 0;
  let cumulative = (weights[0] as number) / total;
  for (let i = 0; i < size; i++) {
    const u = (i + 0.5) / size;
    while (u > cumulative && rank < VOCABULARY_SIZE - 1) cumulative += (weights[++rank] as number) / total;
    table[i] = rank;
  }
  return table;
}

/** How a word is written: as is, ending a sentence (the next word capitalized), before a comma, in parentheses, quoted. */
const FORMS = 5;
const SENTENCE_END = 1;
/** Of 4,096: a word ends a sentence below 246 (6%), takes a comma below 492, parentheses below 532, quotes below 573. */
function formOf(h: number): number {
  const v = h & 0xfff;
  return v >= 573 ? 0 : v < 246 ? SENTENCE_END : v < 492 ? 2 : v < 532 ? 3 : 4;
}

/** Word positions: the general text, the stock phrases, then one region per dataset family. */
const GENERAL_WORDS = 1 << 24;
const PHRASE_BASE = GENERAL_WORDS;
const PHRASES = 60;
const PHRASE_STRIDE = 32;
const FAMILY_BASE = 1 << 25;
/**
 * Words of one family's text. Large enough that a passage is in few of a task's records (else the audit
 * takes it for template text), small enough that tasks of a family share passages.
 */
const FAMILY_WORDS = 1 << 14;
const MAX_FAMILIES = Math.floor((2 ** 32 - FAMILY_BASE) / FAMILY_WORDS);

/**
 * The text: word at position p is a function of fmix32(p ^ salt) (its rank in the Zipf table from the
 * high bits, its form from the low ones), copied from every word's forms encoded once as JSON string
 * content. Equal positions give equal words; distinct positions give independent ones.
 */
class TextModel {
  private readonly bytes: Buffer;
  /** Start of form f of rank r, capitalized or not, at ((r * FORMS + f) * 2 + capital); one more at the end. */
  private readonly starts: Int32Array;
  private readonly zipf = zipfTable(1 << 20);
  private readonly salt: number;
  /** Mean bytes of a word and its space, to cut texts to a size. */
  readonly wordBytes: number;
  /** Most bytes of a word and its space. */
  private readonly maxWordBytes: number;

  constructor(seed: number) {
    this.salt = fmix32(seed ^ 0x5bd1e995);
    const forms: string[] = [];
    for (const word of vocabulary()) {
      const capital = word.charAt(0).toUpperCase() + word.slice(1);
      for (const w of [word, capital]) forms.push(w, `${w}.`, `${w},`, `(${w})`, `"${w}"`);
    }
    // Reorder to (rank, form, capital) and escape as json.dump(ensure_ascii=False) does.
    const ordered: string[] = [];
    for (let r = 0; r < VOCABULARY_SIZE; r++)
      for (let f = 0; f < FORMS; f++) ordered.push(...[0, 1].map((c) => JSON.stringify(forms[r * 2 * FORMS + c * FORMS + f]).slice(1, -1)));
    this.bytes = Buffer.from(ordered.join(""));
    this.starts = new Int32Array(ordered.length + 1);
    let at = 0;
    let longest = 0;
    ordered.forEach((s, i) => {
      this.starts[i] = at;
      at += Buffer.byteLength(s);
      longest = Math.max(longest, at - (this.starts[i] as number));
    });
    this.starts[ordered.length] = at;
    this.maxWordBytes = longest + 1;
    let sum = 0;
    for (let i = 0; i < 4096; i++) {
      const h = fmix32(i);
      const form = ((this.zipf[h >>> 12] as number) * FORMS + formOf(h)) * 2;
      sum += (this.starts[form + 1] as number) - (this.starts[form] as number) + 1;
    }
    this.wordBytes = sum / 4096;
  }

  /** `count` words from position `from`, separated by spaces. */
  write(w: Writer, from: number, count: number): void {
    const buf = w.reserve(count * this.maxWordBytes);
    const { bytes, starts, zipf, salt } = this;
    let at = w.length;
    let capital = formOf(fmix32(((from - 1) ^ salt) >>> 0)) === SENTENCE_END ? 1 : 0;
    for (let p = from; p < from + count; p++) {
      const h = fmix32((p ^ salt) >>> 0);
      const form = formOf(h);
      const i = (((zipf[h >>> 12] as number) * FORMS + form) << 1) | capital;
      if (p > from) buf[at++] = 0x20;
      for (let j = starts[i] as number, end = starts[i + 1] as number; j < end; j++) buf[at++] = bytes[j] as number;
      capital = form === SENTENCE_END ? 1 : 0;
    }
    w.length = at;
  }

  /** About `bytes` bytes of general text: runs of 4 to 12 words from random places (no 13-gram repeats). */
  general(w: Writer, rng: Random, bytes: number): void {
    this.runs(w, rng, bytes, 0, GENERAL_WORDS, 4, 8);
  }

  /** About `bytes` bytes of passages of a family's text: runs of 6 to 76 words, fewer long than short. */
  passages(w: Writer, rng: Random, bytes: number, family: number): void {
    this.runs(w, rng, bytes, FAMILY_BASE + family * FAMILY_WORDS, FAMILY_WORDS, 6, 70, 2);
  }

  /** Stock phrase k (6 to 19 words), the same in every definition that uses it. */
  phrase(w: Writer, k: number): void {
    this.write(w, PHRASE_BASE + k * PHRASE_STRIDE, 6 + (fmix32(k ^ this.salt) % 14));
  }

  /** Runs of `min` + up to `spread` words (skewed to short ones) from [base, base + words); the last cut to size. */
  private runs(w: Writer, rng: Random, bytes: number, base: number, words: number, min: number, spread: number, skew = 1): void {
    const start = w.length;
    while (w.length - start < bytes) {
      if (w.length > start) w.ascii(" ");
      const wanted = Math.max(1, Math.round((bytes - (w.length - start)) / this.wordBytes));
      const count = Math.min(wanted, min + Math.floor(spread * rng.next() ** skew));
      this.write(w, base + rng.int(words - count), count);
    }
  }
}

/** Builds one file's bytes in a growing buffer. */
class Writer {
  private buf = Buffer.allocUnsafe(1 << 20);
  length = 0;
  /** The buffer, with room for `n` more bytes after `length`. */
  reserve(n: number): Buffer {
    if (this.length + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    return this.buf;
  }
  ascii(s: string): void {
    this.length += this.reserve(s.length * 3).write(s, this.length);
  }
  done(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

function stringList(w: Writer, key: string, values: readonly string[], last = false): void {
  if (values.length === 0) w.ascii(`    "${key}": []`);
  else w.ascii(`    "${key}": [\n${values.map((v) => `        ${JSON.stringify(v)}`).join(",\n")}\n    ]`);
  w.ascii(last ? "\n" : ",\n");
}

/** What a task writes, besides its size: its family's passages, and a question after half its inputs. */
interface TaskText {
  text: TextModel;
  family: number;
  /** Position and words of the task's question in the general text (0 words: none). */
  question: [number, number];
}

function input(w: Writer, t: TaskText, rng: Random, bytes: number): void {
  const [at, words] = t.question;
  const ask = words > 0 && rng.next() < 0.5;
  t.text.passages(w, rng, ask ? Math.max(1, bytes - 11 - words * t.text.wordBytes) : bytes, t.family);
  if (!ask) return;
  w.ascii(" Question: ");
  t.text.write(w, at, words);
}

function examples(w: Writer, key: string, n: number, t: TaskText, rng: Random): void {
  w.ascii(`    "${key}": [\n`);
  for (let i = 0; i < n; i++) {
    w.ascii('        {\n            "input": "');
    input(w, t, rng, 200 + rng.int(600));
    w.ascii('",\n            "output": "');
    t.text.general(w, rng, 5 + rng.int(60));
    w.ascii('",\n            "explanation": "');
    t.text.general(w, rng, 40 + rng.int(150));
    w.ascii(i === n - 1 ? '"\n        }\n' : '"\n        },\n');
  }
  w.ascii("    ],\n");
}

const HEX = Buffer.from("0123456789abcdef");

/** 32 random hex digits, as upstream's instance ids end. */
function hex32(w: Writer, rng: Random): void {
  const buf = w.reserve(32);
  for (let i = 0; i < 32; i += 8) {
    const x = Math.floor(rng.next() * 4294967296);
    for (let k = 0; k < 8; k++) buf[w.length + i + k] = HEX[(x >>> (28 - 4 * k)) & 15] as number;
  }
  w.length += 32;
}

function taskFile(id: number, family: number, text: TextModel, options: CorpusOptions): { bytes: Buffer; instances: number } {
  const rng = new Random(options.seed * 100003 + id);
  const size = quantile(SIZE_QUANTILES, rng.next()) * options.sizeScale;
  const perInstance = quantile(BYTES_PER_INSTANCE, rng.next());
  const instances = Math.max(20, Math.min(MAX_INSTANCES, Math.round(size / perInstance)));
  // What is left per instance for its text, after the instance's JSON (about 200 bytes at indent 4); the
  // input takes 0.8 of it on average, the outputs (1.45 on average, at 0.15 each) the rest.
  const textBytes = Math.max(8, (size / instances - 200) / 1.02);
  const t: TaskText = { text, family, question: [rng.int(GENERAL_WORDS - 12), Math.floor(12 * rng.next() ** 2)] };
  const w = new Writer();
  w.ascii("{\n");
  stringList(w, "Contributors", ["Bench Contributor"]);
  stringList(w, "Source", [`dataset_${family}`]);
  stringList(w, "URL", [`https://example.org/dataset_${family}`]);
  stringList(w, "Categories", [CATEGORIES[id % CATEGORIES.length] as string]);
  stringList(w, "Reasoning", []);
  // Stock phrases and the task's own sentences, alternately.
  w.ascii('    "Definition": [\n        "');
  for (let k = 0, parts = 2 + rng.int(3); k < parts; k++) {
    if (k > 0) w.ascii(" ");
    if (k % 2 === 0) text.phrase(w, rng.int(PHRASES));
    else text.general(w, rng, 50 + rng.int(300));
  }
  w.ascii('"\n    ],\n');
  stringList(w, "Input_language", ["English"]);
  stringList(w, "Output_language", ["English"]);
  stringList(w, "Instruction_language", ["English"]);
  stringList(w, "Domains", ["Synthetic"]);
  examples(w, "Positive Examples", 2 + rng.int(3), t, rng);
  examples(w, "Negative Examples", 1 + rng.int(2), t, rng);
  w.ascii('    "Instances": [\n');
  for (let i = 0; i < instances; i++) {
    w.ascii(`        {\n            "id": "task${id}-`);
    hex32(w, rng);
    w.ascii('",\n            "input": "');
    input(w, t, rng, textBytes * (0.6 + 0.4 * rng.next()));
    w.ascii('",\n            "output": [\n');
    const outputs = 1 + (rng.next() < 0.3 ? 1 + rng.int(3) : 0);
    for (let k = 0; k < outputs; k++) {
      w.ascii('                "');
      text.general(w, rng, Math.min(200, textBytes * 0.15));
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
 * The default lists, by task index: test tasks at random, then training tasks from outside the test tasks'
 * families but a few that leak one; the rest (among them the test families' other tasks) excluded.
 */
function lists(tasks: number, familyOf: readonly number[], seed: number): Record<"train" | "test" | "excluded", number[]> {
  const rng = new Random(seed * 7919 + 3);
  const order = Array.from({ length: tasks }, (_, t) => t);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const testCount = Math.max(1, Math.round((tasks * 119) / 1616));
  const trainCount = Math.max(1, Math.round((tasks * 757) / 1616));
  const test = order.slice(0, testCount);
  const testFamilies = new Set(test.map((t) => familyOf[t]));
  const rest = order.slice(testCount);
  const leaking = rest.filter((t) => testFamilies.has(familyOf[t])).slice(0, Math.max(1, Math.round(trainCount / 60)));
  const train = new Set([...leaking, ...rest.filter((t) => !testFamilies.has(familyOf[t]))].slice(0, trainCount));
  const ascending = (list: number[]) => list.sort((a, b) => a - b);
  return { train: ascending([...train]), test: ascending(test), excluded: ascending(rest.filter((t) => !train.has(t))) };
}

/**
 * Write the checkout under `root`: `tasks/*.json` and `splits/default/{train,test,excluded}_tasks.txt`
 * (the benchmarks call it through keptCorpus, which reuses a kept checkout).
 */
export async function writeCorpus(root: string, options: CorpusOptions): Promise<Corpus> {
  const text = new TextModel(options.seed);
  const families = Math.min(MAX_FAMILIES, Math.max(1, Math.ceil(options.tasks / 4)));
  const familyOf = Array.from({ length: options.tasks }, (_, i) => fmix32((options.seed * 40503 + i) >>> 0) % families);
  await mkdir(join(root, "tasks"), { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  let instances = 0;
  for (let i = 0; i < options.tasks; i++) {
    const file = taskFile(i + 1, familyOf[i] as number, text, options);
    const path = join(root, "tasks", `${taskName(i)}.json`);
    await writeFile(path, file.bytes);
    files.push(path);
    bytes += file.bytes.length;
    instances += file.instances;
  }
  await mkdir(join(root, "splits", "default"), { recursive: true });
  for (const [kind, indexes] of Object.entries(lists(options.tasks, familyOf, options.seed)))
    await writeFile(join(root, "splits", "default", `${kind}_tasks.txt`), indexes.map((i) => `${taskName(i)}\n`).join(""));
  return { root, files, bytes, instances };
}

/** A checkout written by keptCorpus, or found there. */
export interface KeptCorpus {
  root: string;
  files: number;
  bytes: number;
  instances: number;
  /** Time taken to write it (0 when reused). */
  seconds: number;
  reused: boolean;
}

/**
 * The checkout at `dir`/natural-instructions: reused when `dir`/corpus.json says it was written with the
 * same options by this version of the generator, else written afresh (what was there removed first).
 */
export async function keptCorpus(dir: string, options: CorpusOptions): Promise<KeptCorpus> {
  const root = join(dir, "natural-instructions");
  const stamp = join(dir, "corpus.json");
  const params = JSON.stringify({ ...options, version: CORPUS_VERSION });
  type Stamp = Pick<KeptCorpus, "files" | "bytes" | "instances"> & { params: string };
  const kept = (await readFile(stamp, "utf8").then(JSON.parse, () => undefined)) as Stamp | undefined;
  if (kept?.params === params) return { root, files: kept.files, bytes: kept.bytes, instances: kept.instances, seconds: 0, reused: true };
  await rm(root, { recursive: true, force: true });
  const start = performance.now();
  const written = await writeCorpus(root, options);
  const figures = { files: written.files.length, bytes: written.bytes, instances: written.instances };
  await writeFile(stamp, JSON.stringify({ params, ...figures }));
  return { root, ...figures, seconds: (performance.now() - start) / 1000, reused: false };
}
