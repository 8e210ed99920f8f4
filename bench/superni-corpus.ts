/**
 * A synthetic Super-NaturalInstructions checkout shaped like the real one, for benchmarks: `tasks/*.json`
 * (4-space indented, as upstream) and `splits/default/{train,test}_tasks.txt`. The default sizes follow the
 * full upstream corpus: 1,616 task files of about 1.1 MB each (1.8 GB), 756 training and 119 test tasks in
 * the default lists; per task 20 to 6,500 instances (mean about 2,400, median about 1,900), a definition of
 * about 340 characters, inputs of about 170 and outputs of about 55.
 *
 * The text is Zipf-distributed pseudo-words (so 13-grams do not repeat by chance), with the overlap that
 * real tasks have: definitions share stock phrases, tasks over the same dataset family share passages, and
 * a few training tasks share a family with a test task (contamination the audit should flag).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface CorpusSizes {
  /** Task files. @default 1616 */
  tasks: number;
  /** Scales every task's instance count (1 = real size). @default 1 */
  instanceScale: number;
}

export interface Corpus {
  root: string;
  tasks: number;
  trainTasks: number;
  testTasks: number;
  instances: number;
  bytes: number;
}

/** mulberry32: fast and seeded (seedrandom is far too slow for a gigabyte of text). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) h = Math.imul(h ^ p, 0x01000193) ^ (h >>> 15);
  return h >>> 0;
}

const VOCABULARY_SIZE = 50_000;
const LETTERS = "etaoinshrdlcumwfgypbvkjxqz";
const ACCENTED = "éèàüöñç";

/** Pseudo-words, frequent ones short; a few with accents, digits or an apostrophe. */
function vocabulary(): string[] {
  const rng = random(1);
  const words = new Set<string>();
  while (words.size < VOCABULARY_SIZE) {
    const rank = words.size;
    const length = 1 + Math.floor(Math.min(12, Math.log2(rank + 2) * 0.6 + rng() * 4));
    let w = "";
    for (let i = 0; i < length; i++) w += LETTERS[Math.floor(rng() ** 1.5 * LETTERS.length)];
    const kind = rng();
    if (kind < 0.01) w += ACCENTED[Math.floor(rng() * ACCENTED.length)];
    else if (kind < 0.02) w = String(Math.floor(rng() * 10000));
    else if (kind < 0.025) w += "'s";
    words.add(w);
  }
  return [...words];
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

class TextMaker {
  private readonly words = vocabulary();
  private readonly table = zipfTable(1 << 20);
  /** Stock phrases that many definitions use ("In this task, you are given ..."). */
  readonly phrases: string[];

  constructor() {
    const rng = random(2);
    this.phrases = Array.from({ length: 60 }, () => this.sentence(rng, 6 + Math.floor(rng() * 14)));
  }

  /** `count` words, capitalized and punctuated like prose. */
  sentence(rng: () => number, count: number): string {
    let out = "";
    let capital = true;
    for (let i = 0; i < count; i++) {
      let w = this.words[this.table[Math.floor(rng() * this.table.length)] as number] as string;
      if (capital) w = w.charAt(0).toUpperCase() + w.slice(1);
      capital = false;
      const p = rng();
      if (i === count - 1) w += ".";
      else if (p < 0.06) {
        w += ".";
        capital = true;
      } else if (p < 0.12) w += ",";
      else if (p < 0.13) w = `(${w})`;
      else if (p < 0.14) w = `"${w}"`;
      out += i === 0 ? w : ` ${w}`;
    }
    return out;
  }
}

/** Words per text: `min` plus a skewed draw up to `spread` more. */
function length(rng: () => number, min: number, spread: number, skew = 2): number {
  return min + Math.floor(spread * rng() ** skew);
}

const FAMILY_PASSAGES = 4000;

function passage(maker: TextMaker, family: number, k: number): string {
  const rng = random(seedOf(7, family, k));
  return maker.sentence(rng, length(rng, 6, 70));
}

function taskName(t: number): string {
  return `task${String(t + 1).padStart(4, "0")}_synthetic_${t % 7 === 0 ? "question_answering" : "classification"}_${t}`;
}

/** Which tasks are in the default lists: test tasks, then training tasks outside their families but a few. */
function lists(tasks: number, familyOf: (t: number) => number): { train: number[]; test: number[]; excluded: number[] } {
  const rng = random(3);
  const order = Array.from({ length: tasks }, (_, t) => t);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const testCount = Math.max(1, Math.round((tasks * 119) / 1616));
  const trainCount = Math.max(1, Math.round((tasks * 756) / 1616));
  const test = order.slice(0, testCount);
  const testFamilies = new Set(test.map(familyOf));
  const rest = order.slice(testCount);
  const clean = rest.filter((t) => !testFamilies.has(familyOf(t)));
  const leaking = rest.filter((t) => testFamilies.has(familyOf(t))).slice(0, Math.max(1, Math.round(trainCount / 60)));
  const train = [...leaking, ...clean].slice(0, trainCount);
  const excluded = rest.filter((t) => testFamilies.has(familyOf(t)) && !leaking.includes(t));
  const ascending = (list: number[]) => list.sort((a, b) => a - b);
  return { train: ascending(train), test: ascending(test), excluded: ascending(excluded) };
}

function makeTask(maker: TextMaker, t: number, family: number, scale: number): { json: string; instances: number } {
  const rng = random(seedOf(5, t));
  const definition = Array.from({ length: 2 + Math.floor(rng() * 3) }, (_, i) =>
    i % 2 === 0 ? (maker.phrases[Math.floor(rng() * maker.phrases.length)] as string) : maker.sentence(rng, length(rng, 5, 30)),
  ).join(" ");
  const question = maker.sentence(rng, length(rng, 0, 12));
  const input = () => {
    const p = passage(maker, family, Math.floor(rng() * FAMILY_PASSAGES));
    return question.length > 0 && rng() < 0.5 ? `${p} Question: ${question}` : p;
  };
  const output = () => maker.sentence(rng, length(rng, 1, 20));
  const example = () => ({ input: input(), output: output(), explanation: maker.sentence(rng, length(rng, 5, 25)) });
  const count = Math.max(1, Math.round((20 + 6480 * rng() ** 1.8) * scale));
  const name = taskName(t);
  const task = {
    Contributors: ["synthetic"],
    Source: [`family_${family}`],
    URL: [`https://example.org/${family}`],
    Categories: [t % 5 === 0 ? "Question Answering" : t % 5 === 1 ? "Sentiment Analysis" : "Text Categorization"],
    Reasoning: [],
    Definition: [definition],
    Input_language: ["English"],
    Output_language: ["English"],
    Instruction_language: ["English"],
    Domains: ["Synthetic"],
    "Positive Examples": [example(), example(), example()],
    "Negative Examples": [example()],
    Instances: Array.from({ length: count }, (_, i) => ({
      id: `${name.split("_")[0]}-${i.toString(16).padStart(32, "0")}`,
      input: input(),
      output: rng() < 0.3 ? [output(), output()] : [output()],
    })),
    "Instance License": ["Unknown"],
  };
  return { json: JSON.stringify(task, null, 4), instances: count };
}

/** Write the corpus under `root` unless a complete one with the same sizes is already there. */
export async function makeSuperNiCorpus(root: string, sizes: CorpusSizes): Promise<Corpus> {
  const stamp = join(root, "corpus.json");
  try {
    const existing = JSON.parse(await readFile(stamp, "utf8")) as Corpus & { sizes: CorpusSizes };
    if (existing.sizes.tasks === sizes.tasks && existing.sizes.instanceScale === sizes.instanceScale) return existing;
  } catch {
    // not made yet
  }
  await mkdir(join(root, "tasks"), { recursive: true });
  await mkdir(join(root, "splits", "default"), { recursive: true });
  const maker = new TextMaker();
  const families = Math.max(1, Math.ceil(sizes.tasks / 4));
  const familyOf = (t: number) => seedOf(9, t) % families;
  let bytes = 0;
  let instances = 0;
  for (let t = 0; t < sizes.tasks; t++) {
    const { json, instances: count } = makeTask(maker, t, familyOf(t), sizes.instanceScale);
    await writeFile(join(root, "tasks", `${taskName(t)}.json`), json);
    bytes += Buffer.byteLength(json);
    instances += count;
  }
  const split = lists(sizes.tasks, familyOf);
  for (const kind of ["train", "test", "excluded"] as const)
    await writeFile(join(root, "splits", "default", `${kind}_tasks.txt`), split[kind].map((t) => `${taskName(t)}\n`).join(""));
  const { train, test } = split;
  const corpus: Corpus = { root, tasks: sizes.tasks, trainTasks: train.length, testTasks: test.length, instances, bytes };
  await writeFile(stamp, JSON.stringify({ ...corpus, sizes }, null, 2));
  return corpus;
}
