import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pyRstrip, pyStrip } from "../../src/core/py-str.js";
import { rngFor } from "../../src/core/rng.js";
import {
  assembleWithDemos,
  chooseDemos,
  DEFAULT_DEMO_SEPARATOR,
  type DemoParts,
  demoSpans,
  demoText,
  drawDemoCount,
  pruneToBudget,
  shotVariant,
  zipfProbabilities,
} from "../../src/plan/demos.js";

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `i${i}` }));

describe("zipfProbabilities and drawDemoCount", () => {
  it("matches OPT-IML's zero-shot shares with the truncated (not clipped) form", () => {
    expect(zipfProbabilities(4, 5)[0]).toBeCloseTo(0.925, 3);
    expect(zipfProbabilities(2, 5)[0]).toBeCloseTo(0.671, 3);
    expect(zipfProbabilities(2, 5).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it.each([
    [4, 0.925],
    [2, 0.671],
  ])("draws k=0 about %s of the time at a=%s over 200k draws, every k near its probability", (a, zeroShare) => {
    const rng = rngFor(3, "demos", "zipf", a);
    const counts = new Array<number>(6).fill(0);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) counts[drawDemoCount({ zipf: { a, max: 5 }, separator: "\n\n\n" }, rng)]! += 1;
    expect((counts[0] as number) / draws).toBeCloseTo(zeroShare, 2);
    zipfProbabilities(a, 5).forEach((p, k) => expect(Math.abs((counts[k] as number) / draws - p)).toBeLessThan(0.004));
  });

  it("returns the fixed k, 0 by default, and refuses k with zipf or bad values", () => {
    const rng = rngFor(1, "d");
    expect(drawDemoCount({ k: 3, separator: "" }, rng)).toBe(3);
    expect(drawDemoCount({ separator: "" }, rng)).toBe(0);
    expect(() => drawDemoCount({ k: 1, zipf: { a: 2, max: 5 }, separator: "" }, rng)).toThrow(/either k or zipf/);
    expect(() => drawDemoCount({ k: -1, separator: "" }, rng)).toThrow(/integer >= 0/);
    expect(() => zipfProbabilities(0, 5)).toThrow(/positive/);
    expect(() => zipfProbabilities(2, 1.5)).toThrow(/integer/);
  });

  it("never draws above max (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 8, noNaN: true }), fc.integer({ min: 0, max: 10 }), fc.integer(), (a, max, seed) => {
        const k = drawDemoCount({ zipf: { a, max }, separator: "" }, rngFor(seed, "demos"));
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe("chooseDemos", () => {
  it("never picks the instance or a forbidden id, never twice, and only from the pool (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 45 }),
        fc.array(fc.integer({ min: 0, max: 45 })),
        fc.integer(),
        (n, k, self, forbiddenIdx, seed) => {
          const pool = [...items(n), ...items(Math.floor(n / 3))]; // duplicates by id
          const forbidden = new Set(forbiddenIdx.map((i) => `i${i}`));
          const instance = { id: `i${self}` };
          const demos = chooseDemos(instance, pool, k, forbidden, rngFor(seed, "demos", "t", instance.id));
          const eligible = new Set(pool.map((d) => d.id).filter((id) => id !== instance.id && !forbidden.has(id)));
          expect(demos.length).toBe(Math.min(k, eligible.size));
          expect(new Set(demos.map((d) => d.id)).size).toBe(demos.length);
          for (const d of demos) expect(eligible.has(d.id)).toBe(true);
          expect(chooseDemos(instance, pool, k, forbidden, rngFor(seed, "demos", "t", instance.id))).toEqual(demos);
        },
      ),
    );
  });

  it("finds the few eligible demonstrations of a mostly forbidden pool", () => {
    const pool = items(1000);
    const forbidden = new Set(pool.slice(2).map((d) => d.id));
    const demos = chooseDemos({ id: "i0" }, pool, 5, forbidden, rngFor(1, "demos"));
    expect(demos.map((d) => d.id)).toEqual(["i1"]);
  });
});

describe("assembleWithDemos", () => {
  const demos = [
    { prompt: "Input: good film\nOutput: ", completion: " positive\n" },
    { prompt: "Input: dull\nOutput:", completion: "negative" },
  ];

  it("joins a demonstration as metaseq joins src and tgt", () => {
    expect(demoText({ prompt: "Q: 2+2?\n  ", completion: "\t4 \n" })).toBe("Q: 2+2?\n 4");
  });

  it("task_level: instruction, demonstrations, example", () => {
    const prompt = assembleWithDemos(
      { instruction: "Definition: Rate the review.", demos, query: "Input: great\nOutput:" },
      "task_level",
      DEFAULT_DEMO_SEPARATOR,
    );
    expect(prompt).toBe(
      "Definition: Rate the review.\n\n\nInput: good film\nOutput: positive\n\n\nInput: dull\nOutput: negative\n\n\nInput: great\nOutput:",
    );
  });

  it("instance_level: demonstrations, then the example; a custom separator", () => {
    expect(assembleWithDemos({ demos, query: "Review: great. Sentiment?" }, "instance_level", "\n\n")).toBe(
      "Input: good film\nOutput: positive\n\nInput: dull\nOutput: negative\n\nReview: great. Sentiment?",
    );
    expect(assembleWithDemos({ demos: [], query: "Q" }, "instance_level", "\n\n\n")).toBe("Q");
    expect(assembleWithDemos({ instruction: "", demos: [], query: "Q" }, "task_level", "\n\n\n")).toBe("Q");
  });

  it("refuses an instruction with instance_level placement rather than dropping it", () => {
    expect(() => assembleWithDemos({ instruction: "Do it.", demos, query: "Q" }, "instance_level", "\n")).toThrow(/instance_level/);
  });

  it("names variants", () => {
    expect([0, 5].map(shotVariant)).toEqual(["0shot", "5shot"]);
  });
});

describe("demoSpans", () => {
  const cp = (s: string, a: number, b: number): string => Array.from(s).slice(a, b).join("");
  it("cuts the assembled prompt exactly at each demonstration's prompt and completion, in code points", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12 });
    fc.assert(
      fc.property(
        fc.record({
          instruction: text,
          demos: fc.array(fc.record({ prompt: text, completion: text }), { maxLength: 4 }),
          query: text,
        }),
        fc.constantFrom<"task_level" | "instance_level">("task_level", "instance_level"),
        fc.constantFrom(DEFAULT_DEMO_SEPARATOR, " | ", "\n"),
        (parts: DemoParts, placement, separator) => {
          const input = placement === "instance_level" ? { demos: parts.demos, query: parts.query } : parts;
          const prompt = assembleWithDemos(input, placement, separator);
          const spans = demoSpans(input, placement, separator);
          expect(spans).toHaveLength(parts.demos.length);
          spans.forEach(([ps, pe, cs, ce], i) => {
            const demo = parts.demos[i] as { prompt: string; completion: string };
            expect(cp(prompt, ps, ce)).toBe(demoText(demo));
            expect(cp(prompt, ps, pe)).toBe(pyRstrip(demo.prompt, " "));
            expect(cp(prompt, cs, ce)).toBe(pyStrip(demo.completion));
          });
        },
      ),
    );
  });
});

describe("pruneToBudget", () => {
  const parts = (n: number, query = "Q: x?"): DemoParts => ({
    instruction: "Answer the question.",
    demos: Array.from({ length: n }, (_, i) => ({ prompt: `Q: question ${i}?`, completion: `answer ${i}` })),
    query,
  });

  it("drops demonstrations from the end until the prompt fits", () => {
    const full = assembleWithDemos(parts(3), "task_level", "\n\n\n");
    const two = assembleWithDemos({ ...parts(3), demos: parts(3).demos.slice(0, 2) }, "task_level", "\n\n\n");
    const out = pruneToBudget(parts(3), "task_level", "\n\n\n", { chars: two.length });
    expect(out).toEqual({ prompt: two, kept: 2, pruned: 1, fits: true });
    expect(pruneToBudget(parts(3), "task_level", "\n\n\n", { chars: full.length }).pruned).toBe(0);
    // "Answer the question." 3 tokens, each "Q: question i? answer i" 5, the query 2
    expect(pruneToBudget(parts(3), "task_level", "\n\n\n", { tokens: 3 + 5 + 5 + 2 })).toMatchObject({ kept: 2, pruned: 1 });
    expect(pruneToBudget(parts(3), "task_level", "\n\n\n", { tokens: 3 + 5 + 5 + 2 - 1 })).toMatchObject({ kept: 1, pruned: 2 });
  });

  it("counts code points, not UTF-16 units", () => {
    const p: DemoParts = { demos: [{ prompt: "😀", completion: "😀" }], query: "😀" };
    expect(pruneToBudget(p, "instance_level", "|", { chars: 5 }).kept).toBe(1);
    expect(pruneToBudget(p, "instance_level", "|", { chars: 4 }).kept).toBe(0);
  });

  it("uses a named tokenizer's counter when given", () => {
    const chars = (s: string) => s.length;
    expect(pruneToBudget(parts(2), "task_level", "\n", { tokens: 1000 }, chars).kept).toBe(2);
    expect(pruneToBudget(parts(2), "task_level", "\n", { tokens: 10 }, chars)).toMatchObject({ kept: 0, fits: false });
  });

  it("is monotone in the budget, keeps a prefix, and keeps as many as fit (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 100 }), (n, budget, more) => {
        const p = parts(n);
        const a = pruneToBudget(p, "task_level", "\n\n\n", { chars: budget });
        const b = pruneToBudget(p, "task_level", "\n\n\n", { chars: budget + more });
        expect(b.kept).toBeGreaterThanOrEqual(a.kept);
        expect(a.kept + a.pruned).toBe(n);
        expect(a.prompt).toBe(assembleWithDemos({ ...p, demos: p.demos.slice(0, a.kept) }, "task_level", "\n\n\n"));
        expect(a.fits).toBe(a.prompt.length <= budget);
        if (!a.fits) expect(a.kept).toBe(0);
        if (a.pruned > 0)
          expect(assembleWithDemos({ ...p, demos: p.demos.slice(0, a.kept + 1) }, "task_level", "\n\n\n").length).toBeGreaterThan(budget);
      }),
    );
  });
});

describe("demos schema fragment", () => {
  const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../schema/fragments/demos.schema.json"), "utf8")) as {
    properties: { separator: { default: string } };
  };
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

  it("defaults the separator to the code's and accepts OPT-IML's settings", () => {
    expect(schema.properties.separator.default).toBe(DEFAULT_DEMO_SEPARATOR);
    expect(validate({ zipf: { a: 4, max: 5 }, separator: "\n\n\n", budget: { chars: 8000 }, eval_shots: [0, 5] })).toBe(true);
    expect(validate({ k: 2 })).toBe(true);
  });

  it("rejects k with zipf, unknown keys, an empty budget and repeated shots", () => {
    expect(validate({ k: 2, zipf: { a: 4, max: 5 } })).toBe(false);
    expect(validate({ shots: 2 })).toBe(false);
    expect(validate({ budget: {} })).toBe(false);
    expect(validate({ eval_shots: [0, 0] })).toBe(false);
  });
});
