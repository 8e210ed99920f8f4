import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { orderKey, rngFor } from "../../src/core/rng.js";

describe("rngFor", () => {
  it("gives the same stream for the same scope", () => {
    const a = rngFor(1, "stage", "task");
    const b = rngFor(1, "stage", "task");
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it("gives different streams for different seeds, stages and scopes", () => {
    const draw = (rng: ReturnType<typeof rngFor>) => Array.from({ length: 4 }, () => rng.int(1000)).join(",");
    const base = draw(rngFor(1, "s", "t"));
    expect(draw(rngFor(2, "s", "t"))).not.toBe(base);
    expect(draw(rngFor(1, "s2", "t"))).not.toBe(base);
    expect(draw(rngFor(1, "s", "t2"))).not.toBe(base);
  });

  it("does not confuse scope boundaries", () => {
    expect(rngFor(1, "ab", "c").next()).not.toBe(rngFor(1, "a", "bc").next());
  });

  it("shuffles to a permutation and samples distinct items", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = rngFor(7, "x").shuffle(items);
    expect(shuffled.toSorted((a, b) => a - b)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    const sample = rngFor(7, "y").sample(items, 10);
    expect(new Set(sample).size).toBe(10);
  });

  it("rejects empty choices and bad bounds", () => {
    expect(() => rngFor(1, "x").choice([])).toThrow("empty");
    expect(() => rngFor(1, "x").int(0)).toThrow("positive integer");
  });
});

describe("orderKey", () => {
  it("is a stable hex key", () => {
    expect(orderKey(1, "shuffle", "r1")).toMatch(/^[0-9a-f]{24}$/);
    expect(orderKey(1, "shuffle", "r1")).toBe(orderKey(1, "shuffle", "r1"));
    expect(orderKey(1, "shuffle", "r1")).not.toBe(orderKey(2, "shuffle", "r1"));
  });
});

describe("smallestRanked", () => {
  it("picks the k positions with the smallest seeded keys, independent of the other items", async () => {
    const { smallestRanked } = await import("../../src/core/rng.js");
    const ids = Array.from({ length: 30 }, (_, i) => `id${i}`);
    const chosen = smallestRanked(ids, 5, 1, "stage", "scope");
    expect(chosen.size).toBe(5);
    const keys = ids.map((id) => orderKey(1, "stage", "scope", id));
    const cutoff = [...keys].sort()[4] as string;
    for (const [i, key] of keys.entries()) expect(chosen.has(i)).toBe(key <= cutoff);
    expect(smallestRanked(ids, 0, 1, "stage", "scope").size).toBe(0);
    expect(smallestRanked(ids, 99, 1, "stage", "scope").size).toBe(30);
  });

  it("is a full sort by (key, position) cut at k, in that order, for any ids (repeats included), k and scope", async () => {
    const { smallestRanked } = await import("../../src/core/rng.js");
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 60 }),
        fc.integer({ min: -2, max: 70 }),
        fc.string(),
        (ids, k, scope) => {
          const sorted = ids
            .map((id, index) => ({ index, key: orderKey(3, "stage", scope, id) }))
            .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
            .slice(0, Math.max(0, k))
            .map((r) => r.index);
          expect([...smallestRanked(ids, k, 3, "stage", scope)]).toEqual(sorted);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("orderKeys gives orderKey's keys for any last part, escaped, long or a number", async () => {
    const { orderKeys } = await import("../../src/core/rng.js");
    const last = fc.oneof(fc.string({ unit: "binary", maxLength: 8 }), fc.string({ maxLength: 400 }), fc.integer(), fc.double());
    fc.assert(
      fc.property(fc.array(last, { maxLength: 20 }), (parts) => {
        const keyOf = orderKeys(5, "shuffle", "task");
        for (const part of parts) expect(keyOf(part)).toBe(orderKey(5, "shuffle", "task", part));
      }),
      { numRuns: 200 },
    );
  });

  it("ranks ids JSON escapes (quotes, backslashes, control characters, lone surrogates) and long ids as orderKey does", async () => {
    const { smallestRanked } = await import("../../src/core/rng.js");
    const tricky = fc.oneof(
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.string({ maxLength: 400 }),
      fc.constantFrom('a"b', "a\\b", "tab\tnew\nline\u0000", "\ud800", "x\udfffy", "\u{1F600}", "é".repeat(200), '"'.repeat(120)),
    );
    fc.assert(
      fc.property(fc.array(tricky, { maxLength: 30 }), fc.integer({ min: 0, max: 31 }), (ids, k) => {
        const sorted = ids
          .map((id, index) => ({ index, key: orderKey(7, "stage", "task", id) }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
          .slice(0, k)
          .map((r) => r.index);
        expect([...smallestRanked(ids, k, 7, "stage", "task")]).toEqual(sorted);
      }),
      { numRuns: 300 },
    );
  });
});
