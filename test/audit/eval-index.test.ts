import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildEvalIndex, EvalIndex, EvalIndexBuilder } from "../../src/audit/eval-index.js";
import { ngramHashes, tokenize } from "../../src/audit/ngrams.js";
import { TrainScanner } from "../../src/audit/train-scan.js";
import { rngFor } from "../../src/core/rng.js";

const N = 4;

function hashesOf(text: string, n = N): [number, number][] {
  const { hi, lo } = ngramHashes(tokenize(text), n);
  return [...hi].map((h, i) => [h, lo[i] as number]);
}

describe("EvalIndex", () => {
  const examples = [
    { task: "b", text: "one two three four five" },
    { task: "a", text: "one two three four one two three four" },
    { task: "b", text: "six seven" },
    { task: "a", text: "zero one two three four" },
  ];

  it("finds every n-gram of every example and lists each example once per n-gram", async () => {
    const index = await buildEvalIndex(examples, N);
    expect(index.tasks).toEqual(["b", "a"]);
    expect([...index.taskExamples]).toEqual([2, 2]);
    expect([...index.exampleTask]).toEqual([0, 1, 0, 1]);
    examples.forEach((example, ordinal) => {
      for (const [hi, lo] of hashesOf(example.text)) {
        const d = index.find(hi, lo);
        expect(d).toBeGreaterThanOrEqual(0);
        const postings = index.examplesWith(d);
        expect(postings).toContain(ordinal);
        expect(new Set(postings).size).toBe(postings.length);
      }
    });
    const [hi, lo] = hashesOf("one two three four")[0] as [number, number];
    const d = index.find(hi, lo);
    expect(index.examplesWith(d)).toEqual([0, 1, 3]);
  });

  it("holds exactly the naive postings, examples sharing long prefixes included", async () => {
    const template = `${"d a B c. ".repeat(300)}Input:`;
    const example = fc.tuple(
      fc.constantFrom("x", "y"),
      fc.oneof(fc.nat(40), fc.nat(3000)),
      fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 12 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(example, { minLength: 1, maxLength: 8 }), async (list) => {
        const texts = list.map(([task, cut, words]) => ({
          task,
          text: `${template.slice(0, Math.max(0, template.length - cut))} ${words.join(" ")}`,
        }));
        const index = await buildEvalIndex(texts, 3);
        const naive = new Map<string, number[]>();
        texts.forEach((e, ordinal) => {
          for (const [hi, lo] of hashesOf(e.text, 3)) {
            const postings = naive.get(`${hi}:${lo}`) ?? [];
            if (postings.at(-1) !== ordinal) postings.push(ordinal);
            naive.set(`${hi}:${lo}`, postings);
          }
        });
        const held = new Map<string, number[]>();
        for (let d = 0; d < index.distinct; d++) held.set(`${index.hashHi[d]}:${index.hashLo[d]}`, index.examplesWith(d));
        expect(held).toEqual(naive);
      }),
      { numRuns: 200 },
    );
  });

  it("posts the text consecutive examples share as one run: two words, however many examples", async () => {
    const shared = "define the task in many words then show what to do";
    const texts = Array.from({ length: 100 }, (_, i) => ({ task: "t", text: `${shared} input ${i}` }));
    texts.splice(50, 0, { task: "u", text: "nothing alike here at all" });
    const index = await buildEvalIndex(texts, N);
    const [hi, lo] = hashesOf(shared)[0] as [number, number];
    const d = index.find(hi, lo);
    expect((index.starts[d + 1] as number) - (index.starts[d] as number)).toBe(4);
    expect(index.examplesWith(d)).toEqual([...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 50 }, (_, i) => 51 + i)]);
    const [oneHi, oneLo] = hashesOf("to do input 7")[0] as [number, number];
    expect(index.examplesWith(index.find(oneHi, oneLo))).toEqual([7]);
  });

  it("can live in shared memory: a structured clone (what a worker thread gets) shares it and scans alike", async () => {
    const builder = new EvalIndexBuilder(N);
    for (const e of examples) builder.add(e.task, e.text);
    const index = builder.build({ shared: true });
    const arrays = Object.values(index.parts).filter((v) => v instanceof Uint32Array);
    expect(arrays).toHaveLength(10);
    for (const array of arrays) expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
    const clone = new EvalIndex(structuredClone(index.parts));
    clone.ordinals[0] = 7;
    expect(index.ordinals[0]).toBe(7);
    clone.ordinals[0] = (await buildEvalIndex(examples, N)).ordinals[0] as number;
    const options = { threshold: 0, boilerplate: null, includeSameTask: false };
    const texts = ["one two three four five six", "zero one two three four"];
    expect(await new TrainScanner(clone, options).scan("t", texts)).toEqual(await new TrainScanner(index, options).scan("t", texts));
    expect(await new TrainScanner(index, options).scan("t", texts)).toHaveLength(2);
  });

  it("builds one index: a builder refuses a second build and later examples", () => {
    const builder = new EvalIndexBuilder(N);
    for (const e of examples) builder.add(e.task, e.text);
    builder.build();
    expect(() => builder.build()).toThrow(/builds one index/);
    expect(() => builder.add("a", "one two three four")).toThrow(/takes no example/);
  });

  it("answers -1 for n-grams no example has", async () => {
    const index = await buildEvalIndex(examples, N);
    for (const [hi, lo] of hashesOf("two three four six seven eight")) expect(index.find(hi, lo)).toBe(-1);
  });

  it("keeps every distinct hash in the filter", async () => {
    const index = await buildEvalIndex(examples, N);
    const mask = index.filter.length - 1;
    for (let d = 0; d < index.distinct; d++) {
      const lo = index.hashLo[d] as number;
      const bits = ((1 << (lo & 31)) | (1 << ((lo >>> 5) & 31))) >>> 0;
      expect(((index.filter[(index.hashHi[d] as number) & mask] as number) & bits) >>> 0).toBe(bits);
    }
  });

  it("keeps distinct hashes sorted and the directory consistent", async () => {
    const index = await buildEvalIndex(examples, N);
    for (let d = 1; d < index.distinct; d++) {
      const before = (index.hashHi[d - 1] as number) * 2 ** 32 + (index.hashLo[d - 1] as number);
      expect((index.hashHi[d] as number) * 2 ** 32 + (index.hashLo[d] as number)).toBeGreaterThan(before);
    }
    expect(index.directory[index.directory.length - 1]).toBe(index.distinct);
    expect(index.starts[index.distinct]).toBe(index.ordinals.length);
  });

  it("holds ~16 bytes per posting and ~3 per distinct n-gram: 200k examples in exact-size typed arrays", () => {
    const rng = rngFor(7, "test", "audit-index");
    const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    const builder = new EvalIndexBuilder(13);
    const examplesCount = 200_000;
    let raw = 0;
    for (let i = 0; i < examplesCount; i++) {
      const length = 10 + rng.int(10);
      const tokens = Array.from({ length }, () => rng.choice(vocabulary));
      if (i % 10 === 0) tokens.push(...tokens.slice(0, 13));
      raw += Math.max(0, tokens.length - 12);
      builder.add(`task${i % 50}`, tokens.join(" "));
    }
    const index = builder.build();
    const D = index.distinct;
    const O = index.ordinals.length;
    const E = index.examples;
    expect(E).toBe(examplesCount);
    expect(O).toBeLessThan(raw);
    expect(D).toBeLessThanOrEqual(O);
    expect(index.hashHi.length).toBe(D);
    expect(index.hashLo.length).toBe(D);
    expect(index.starts.length).toBe(D + 1);
    expect(index.exampleTask.byteLength + index.textHi.byteLength + index.textLo.byteLength).toBe(12 * E);
    const buckets = index.directory.length - 1;
    expect(Math.log2(buckets) % 1).toBe(0);
    expect(D / buckets).toBeGreaterThan(2);
    expect(D / buckets).toBeLessThanOrEqual(4);
    const words = index.filter.length;
    expect(Math.log2(words) % 1).toBe(0);
    expect((32 * words) / D).toBeGreaterThanOrEqual(16);
    expect((32 * words) / D).toBeLessThan(32);
    expect(index.byteLength()).toBe(12 * D + 4 * (O + 1) + 12 * E + 4 * index.tasks.length + 4 * (buckets + 1) + 4 * words);
    expect(index.byteLength()).toBeLessThanOrEqual(16 * O + 12 * E + 4 * 50 + 6 * D + 4);
  });
});
