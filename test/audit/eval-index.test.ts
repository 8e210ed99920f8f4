import { describe, expect, it } from "vitest";
import { buildEvalIndex, EvalIndexBuilder } from "../../src/audit/eval-index.js";
import { ngramHashes, tokenize } from "../../src/audit/ngrams.js";
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
        const postings = [...index.ordinals.subarray(index.starts[d], index.starts[d + 1])];
        expect(postings).toContain(ordinal);
        expect(new Set(postings).size).toBe(postings.length);
      }
    });
    const [hi, lo] = hashesOf("one two three four")[0] as [number, number];
    const d = index.find(hi, lo);
    expect([...index.ordinals.subarray(index.starts[d], index.starts[d + 1])]).toEqual([0, 1, 3]);
  });

  it("answers -1 for n-grams no example has", async () => {
    const index = await buildEvalIndex(examples, N);
    for (const [hi, lo] of hashesOf("two three four six seven eight")) expect(index.find(hi, lo)).toBe(-1);
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

  it("holds ~16 bytes per posting: 200k examples in exact-size typed arrays", () => {
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
    expect(raw / buckets).toBeGreaterThan(4);
    expect(raw / buckets).toBeLessThanOrEqual(8);
    expect(index.byteLength()).toBe(12 * D + 4 * (O + 1) + 12 * E + 4 * index.tasks.length + 4 * (buckets + 1));
    expect(index.byteLength()).toBeLessThanOrEqual(16 * O + 12 * E + 4 * 50 + raw + 8);
  });
});
