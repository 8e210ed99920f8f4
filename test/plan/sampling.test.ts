import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { planMixture, resolveSamplingSpec, selectForTask } from "../../src/plan/sampling.js";
import { DEFAULT_EPS_CAP, type SamplingSpec, type SamplingTask } from "../../src/plan/sampling-spec.js";

const task = (id: string, source: string, available: number, category = "QA"): SamplingTask => ({ id, source, category, available });
const counts = (plan: ReturnType<typeof planMixture>) => Object.fromEntries(plan.perTask.map((t) => [t.id, t.count]));

describe("planMixture: strategies", () => {
  const tasks = [task("sni/a", "supernatural", 100), task("sni/b", "supernatural", 10_000), task("ps/c", "promptsource", 3000)];

  it("all: every example", () => {
    const plan = planMixture(tasks, { strategy: "all" });
    expect(counts(plan)).toEqual({ "sni/a": 100, "sni/b": 10_000, "ps/c": 3000 });
    expect(plan.total).toBe(13_100);
  });

  it("eps: min(n, cap), the cap defaulting to OPT-IML's 4096", () => {
    const plan = planMixture(tasks, { strategy: "eps" });
    expect(counts(plan)).toEqual({ "sni/a": 100, "sni/b": 4096, "ps/c": 3000 });
    expect(plan.notes).toContain("cap 4096: 1 of 3 tasks have more examples than the cap");
    expect(resolveSamplingSpec({ strategy: "eps" })).toEqual({ strategy: "eps", cap: DEFAULT_EPS_CAP, upsample: false });
  });

  it("uniform: N per task, or what a task has; upsample repeats small tasks and counts the repeats", () => {
    expect(counts(planMixture(tasks, { strategy: "uniform", per_task: 500 }))).toEqual({ "sni/a": 100, "sni/b": 500, "ps/c": 500 });
    const up = planMixture(tasks, { strategy: "uniform", per_task: 500, upsample: true });
    expect(counts(up)).toEqual({ "sni/a": 500, "sni/b": 500, "ps/c": 500 });
    expect(up.perTask.find((t) => t.id === "sni/a")?.repeats).toBe(400);
    expect(up.notes).toContain("upsampled: 1 task(s) repeat examples, 400 repeats in all");
  });

  it("temperature: rate ∝ min(n, cap)^(1/T) (hand computation)", () => {
    const plan = planMixture([task("a", "flan", 100), task("b", "flan", 400)], { strategy: "temperature", temperature: 2, total: 30 });
    // √100 = 10, √400 = 20
    expect(counts(plan)).toEqual({ a: 10, b: 20 });
    expect(plan.perTask.map((t) => t.requestedShare)).toEqual([1 / 3, 2 / 3]);
  });

  it("holds a task at its limit and gives the rest of its source's share to the others", () => {
    // T = 100 makes the rates nearly equal: a would get about 48.7 of 100, but has only 5
    const flat = planMixture([task("a", "flan", 5), task("b", "flan", 1000)], { strategy: "temperature", temperature: 100, total: 100 });
    expect(counts(flat)).toEqual({ a: 5, b: 95 });
    expect(flat.perTask.map((t) => t.limited)).toEqual([true, false]);
    expect(flat.notes).toContain("1 task(s) held at their limit (available examples or cap) below their requested share");
  });
});

describe("planMixture: proportions and extra shares", () => {
  const four = [
    task("flan/x", "flan", 20_000),
    task("sni/y", "supernatural", 20_000),
    task("ps/z", "promptsource", 20_000),
    task("skg/w", "unifiedskg", 20_000),
  ];
  const optIml = { crossfit: 4, exmix: 2, flan: 20, supernatural: 25, promptsource: 45, t5: 2, unifiedskg: 2 };

  it("renormalises OPT-IML's 4/2/20/25/45/2/2 over the four sources present and reports the missing ones", () => {
    const plan = planMixture(four, { strategy: "eps", cap: 4096, proportions: optIml, total: 9200, upsample: true });
    const share = Object.fromEntries(plan.perSource.map((g) => [g.source, Number((g.requestedShare * 100).toFixed(2))]));
    expect(share).toEqual({ flan: 21.74, promptsource: 48.91, supernatural: 27.17, unifiedskg: 2.17 });
    expect(plan.missingSources).toEqual(["crossfit", "exmix", "t5"]);
    expect(Object.fromEntries(plan.perSource.map((g) => [g.source, g.count]))).toEqual({
      flan: 2000,
      promptsource: 4500,
      supernatural: 2500,
      unifiedskg: 200,
    });
    expect(plan.notes[0]).toBe("no tasks with examples for crossfit, exmix, t5: their shares were renormalised over the others");
  });

  it("takes an extra share out of the whole mixture (Super-NI 24 + 1% reasoning = OPT-IML's 25 → 24/1)", () => {
    const tasks = [...four, task("flan/cot", "flan", 500, "Reasoning")];
    const plan = planMixture(tasks, {
      strategy: "eps",
      proportions: { flan: 20, supernatural: 24, promptsource: 45, unifiedskg: 10 },
      extra: [{ name: "reasoning", share: 0.01, category: "Reasoning" }],
      total: 10_000,
      upsample: true,
    });
    const byGroup = Object.fromEntries(plan.perSource.map((g) => [g.source, g.count]));
    expect(byGroup).toEqual({ flan: 2000, supernatural: 2400, promptsource: 4500, unifiedskg: 1000, reasoning: 100 });
    expect(plan.perTask.find((t) => t.id === "flan/cot")).toMatchObject({ group: "reasoning", source: "flan", count: 100 });
  });

  it("renormalises an extra share away when no task has its category", () => {
    const plan = planMixture(four, { strategy: "eps", extra: [{ name: "reasoning", share: 0.05, category: "Reasoning" }] });
    expect(plan.missingSources).toEqual(["reasoning"]);
    expect(plan.total).toBe(4 * 4096);
  });

  it("reports a source that cannot fill its share without upsample", () => {
    const plan = planMixture([task("a", "flan", 10), task("b", "supernatural", 1000)], {
      strategy: "all",
      proportions: { flan: 1, supernatural: 1 },
      total: 100,
    });
    expect(counts(plan)).toEqual({ a: 10, b: 50 });
    expect(plan.total).toBe(60);
    expect(plan.notes).toContain(
      "flan: asked for 50 examples, its tasks allow 10 (available examples or the cap bind); set upsample: true to repeat examples, or lower total",
    );
  });

  it("fails once, listing every problem, before planning", () => {
    const spec = {
      strategy: "uniform",
      proportions: { flan: 1 },
      extra: [{ name: "flan", share: 1.5, category: "Reasoning" }],
      total: -1,
    } as SamplingSpec;
    const run = () => planMixture([task("a", "flan", 1), task("b", "supernatural", 1), task("a", "flan", 2)], spec);
    expect(run).toThrow(UserError);
    expect(run).toThrow(
      "sampling: strategy uniform needs per_task (examples per task); total must be an integer >= 0, got -1; extra flan: share must be a fraction 0 < share < 1 (0.01 = 1%), got 1.5; extra shares add up to 1.5; they must leave room for the sources (< 1); extra name flan is also a source in proportions; pick another name; proportions name no share for source(s) supernatural present in this build; named: flan. Add them (0 leaves a source out); duplicate task id(s): a",
    );
  });
});

// ---- properties -------------------------------------------------------------------------------

const SOURCES = ["flan", "promptsource", "supernatural", "unifiedskg"];
const tasksArb = fc
  .array(
    fc.record({
      source: fc.constantFrom(...SOURCES),
      category: fc.constantFrom("QA", "Reasoning", "Summarization"),
      available: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20_000 })),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .map((ts) => ts.map((t, i) => ({ ...t, id: `${t.source}/t${String(i).padStart(2, "0")}` })));

const specArb: fc.Arbitrary<SamplingSpec> = fc
  .record({
    strategy: fc.constantFrom("all", "uniform", "eps", "temperature"),
    per_task: fc.integer({ min: 1, max: 800 }),
    cap: fc.option(fc.integer({ min: 1, max: 6000 }), { nil: undefined }),
    temperature: fc.double({ min: 0.25, max: 8, noNaN: true }),
    proportions: fc.option(fc.tuple(...SOURCES.map(() => fc.integer({ min: 0, max: 50 })), fc.integer({ min: 1, max: 9 })), {
      nil: undefined,
    }),
    extra: fc.option(fc.double({ min: 0.001, max: 0.4, noNaN: true }), { nil: undefined }),
    total: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
    upsample: fc.boolean(),
  })
  .map((r) => {
    const spec: SamplingSpec = { strategy: r.strategy, upsample: r.upsample };
    if (r.strategy === "uniform") spec.per_task = r.per_task;
    if (r.strategy === "temperature") spec.temperature = r.temperature;
    if ((r.strategy === "eps" || r.strategy === "temperature") && r.cap !== undefined) spec.cap = r.cap;
    if (r.proportions)
      spec.proportions = {
        ...Object.fromEntries(SOURCES.map((s, i) => [s, r.proportions?.[i] as number])),
        crossfit: r.proportions[4] as number,
      };
    if (r.extra !== undefined) spec.extra = [{ name: "reasoning", share: r.extra, category: "Reasoning" }];
    if (r.total !== undefined) spec.total = r.total;
    return spec;
  });

/** What the spec allows a task to give without repeating: available, and the strategy's cap. */
function limitOf(t: SamplingTask, spec: SamplingSpec): number {
  const cap =
    spec.strategy === "uniform"
      ? (spec.per_task as number)
      : spec.strategy === "all"
        ? Infinity
        : (resolveSamplingSpec(spec).cap ?? Infinity);
  return Math.min(t.available, cap);
}

describe("planMixture: properties", () => {
  it("with upsample, realised counts are the request up to rounding, per source and per task, and sum to the total", () => {
    fc.assert(
      fc.property(tasksArb, specArb, (tasks, spec0) => {
        const spec = { ...spec0, upsample: true };
        const plan = planMixture(tasks, spec);
        const shareSum = plan.perSource.reduce((s, g) => s + g.requestedShare, 0);
        if (shareSum === 0) {
          expect(plan.total).toBe(0);
          return;
        }
        expect(shareSum).toBeCloseTo(1, 9);
        expect(plan.total).toBe(plan.requestedTotal);
        for (const g of plan.perSource) {
          expect(g.count).toBe(g.quota);
          expect(Math.abs(g.count - plan.total * g.requestedShare)).toBeLessThan(1 + 1e-6);
          if (plan.total > 0) expect(Math.abs(g.realisedShare - g.requestedShare)).toBeLessThanOrEqual(1 / plan.total + 1e-9);
        }
        for (const t of plan.perTask) {
          expect(Math.abs(t.count - plan.total * t.requestedShare)).toBeLessThan(2 + 1e-6);
          expect(t.repeats).toBe(Math.max(0, t.count - t.available));
          if (t.available === 0) expect(t.count).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("without upsample, no task passes its limit, feasible sources fill their quota exactly, and nothing repeats", () => {
    fc.assert(
      fc.property(tasksArb, specArb, (tasks, spec0) => {
        const spec = { ...spec0, upsample: false };
        const plan = planMixture(tasks, spec);
        const byId = new Map(tasks.map((t) => [t.id, t]));
        for (const t of plan.perTask) {
          const limit = limitOf(byId.get(t.id) as SamplingTask, spec);
          expect(t.count).toBeLessThanOrEqual(limit);
          expect(t.repeats).toBe(0);
          if (t.limited) expect(t.count).toBe(limit);
          else expect(t.count).toBeGreaterThan(plan.requestedTotal * t.requestedShare - 2);
        }
        for (const g of plan.perSource) {
          const members = plan.perTask.filter((t) => t.group === g.source);
          const room = members.reduce((s, t) => s + limitOf(byId.get(t.id) as SamplingTask, spec), 0);
          expect(g.count).toBe(Math.min(g.quota, room));
          if (members.every((t) => !t.limited))
            for (const t of members) expect(Math.abs(t.count - plan.requestedTotal * t.requestedShare)).toBeLessThan(2 + 1e-6);
        }
        expect(plan.total).toBe(plan.perTask.reduce((s, t) => s + t.count, 0));
        expect(plan.total).toBeLessThanOrEqual(plan.requestedTotal);
      }),
      { numRuns: 300 },
    );
  });

  it("by default takes min(n, limit) of every task", () => {
    fc.assert(
      fc.property(
        tasksArb,
        fc.constantFrom<SamplingSpec>({ strategy: "all" }, { strategy: "eps", cap: 300 }, { strategy: "uniform", per_task: 50 }),
        (tasks, spec) => {
          const plan = planMixture(tasks, spec);
          for (const t of tasks) expect(plan.perTask.find((p) => p.id === t.id)?.count).toBe(limitOf(t, spec));
        },
      ),
    );
  });

  it("is deterministic and does not depend on the order tasks come in", () => {
    fc.assert(
      fc.property(tasksArb, specArb, fc.integer(), (tasks, spec, seed) => {
        const shuffled = tasks.toSorted(
          (a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 17 + seed) % 5) || (a.id < b.id ? 1 : -1),
        );
        expect(planMixture(shuffled, spec)).toEqual(planMixture(tasks, spec));
      }),
      { numRuns: 100 },
    );
  });
});

describe("selectForTask", () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `inst-${i}`);

  it("takes count distinct ids up to n, every id floor(count/n) or ceil(count/n) times beyond (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, count, seed) => {
          const picked = selectForTask("t", ids(n), count, seed);
          expect(picked).toHaveLength(count);
          const times = new Map<string, number[]>();
          for (const p of picked) times.set(p.id, [...(times.get(p.id) ?? []), p.repeat]);
          for (const [id, repeats] of times) {
            expect(ids(n)).toContain(id);
            expect(repeats).toEqual(repeats.map((_, i) => i));
            expect(repeats.length === Math.floor(count / n) || repeats.length === Math.ceil(count / n)).toBe(true);
          }
          if (count >= n) expect(times.size).toBe(n);
          expect(selectForTask("t", ids(n), count, seed)).toEqual(picked);
        },
      ),
    );
  });

  it("grows by inclusion and ignores the order ids come in (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 39 }), fc.integer(), (n, c, seed) => {
        const count = Math.min(c, n - 1);
        const a = new Set(selectForTask("t", ids(n), count, seed).map((p) => p.id));
        const b = new Set(selectForTask("t", ids(n), count + 1, seed).map((p) => p.id));
        for (const id of a) expect(b.has(id)).toBe(true);
        const reversed = new Set(selectForTask("t", ids(n).reverse(), count, seed).map((p) => p.id));
        expect(reversed).toEqual(a);
      }),
    );
  });

  it("depends on the seed and the task", () => {
    const pick = (task: string, seed: number) => selectForTask(task, ids(100), 10, seed).map((p) => p.id);
    expect(pick("t", 1)).not.toEqual(pick("t", 2));
    expect(pick("t", 1)).not.toEqual(pick("u", 1));
  });

  it("refuses to pick from an empty task or a bad count", () => {
    expect(selectForTask("t", [], 0, 1)).toEqual([]);
    expect(() => selectForTask("t", [], 3, 1)).toThrow(/no instances/);
    expect(() => selectForTask("t", ids(3), 1.5, 1)).toThrow(/integer/);
  });

  // selectForTask depends only on the task's id, instances, count and seed: equal counts give equal selections.
  it("keeps other sources' counts, hence their selections, when a task is added (proportions fixed, property)", () => {
    fc.assert(
      fc.property(tasksArb, fc.integer({ min: 1, max: 20_000 }), (tasks, available) => {
        const spec: SamplingSpec = {
          strategy: "eps",
          cap: 4096,
          proportions: { flan: 20, promptsource: 45, supernatural: 25, unifiedskg: 2 },
          total: 50_000,
        };
        const before = planMixture(tasks, spec);
        fc.pre(before.perSource.some((g) => g.source === "flan"));
        const after = planMixture([...tasks, task("flan/zz-new", "flan", available)], spec);
        for (const t of before.perTask.filter((p) => p.source !== "flan")) {
          const again = after.perTask.find((p) => p.id === t.id);
          expect(again?.count).toBe(t.count);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("sampling schema fragment", () => {
  const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../schema/fragments/sampling.schema.json"), "utf8")) as object;
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

  it("accepts OPT-IML's setting and every strategy with what it needs", () => {
    expect(
      validate({
        strategy: "eps",
        cap: 4096,
        proportions: { flan: 20, supernatural: 24, promptsource: 45, unifiedskg: 2 },
        extra: [{ name: "reasoning", share: 0.01, category: "Reasoning" }],
        upsample: true,
      }),
    ).toBe(true);
    expect(validate({})).toBe(true);
    expect(validate({ strategy: "uniform", per_task: 100 })).toBe(true);
    expect(validate({ strategy: "temperature", temperature: 2, total: 1000 })).toBe(true);
  });

  it("rejects missing per_task/temperature, unknown keys, bad shares", () => {
    expect(validate({ strategy: "uniform" })).toBe(false);
    expect(validate({ strategy: "temperature" })).toBe(false);
    expect(validate({ strategy: "eps", caps: 10 })).toBe(false);
    expect(validate({ strategy: "eps", extra: [{ name: "r", share: 1, category: "Reasoning" }] })).toBe(false);
    expect(validate({ strategy: "eps", proportions: { Flan: 1 } })).toBe(false);
    expect(validate({ strategy: "eps", proportions: { flan: -1 } })).toBe(false);
  });
});
