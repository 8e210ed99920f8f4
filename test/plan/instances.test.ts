import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planInstances } from "../../src/plan/instances.js";
import { testConfig } from "./config-fixture.js";

const instances = (n: number, sourceSplit?: string) =>
  Array.from({ length: n }, (_, i) => (sourceSplit ? { id: `${sourceSplit}-${i}`, sourceSplit } : { id: `i${i}` }));

describe("planInstances", () => {
  it("takes the first N for evaluation tasks", () => {
    const plan = planInstances("t", "heldout_task", instances(10), testConfig({ caps: { train: null, eval: 3, sources: {} } }), false);
    expect(plan.eval.map((i) => i.id)).toEqual(["i0", "i1", "i2"]);
    expect(plan.drops).toEqual({ over_eval_cap: 7 });
  });

  it("keeps a seeded N for training tasks, the same for the same seed", () => {
    const config = testConfig({ caps: { train: 4, eval: null, sources: {} } });
    const a = planInstances("t", "train", instances(20), config, false);
    const b = planInstances("t", "train", instances(20), config, false);
    const c = planInstances("t", "train", instances(20), testConfig({ seed: 2, caps: { train: 4, eval: null, sources: {} } }), false);
    expect(a.train).toHaveLength(4);
    expect(a.train).toEqual(b.train);
    expect(c.train).not.toEqual(a.train);
    expect(a.drops).toEqual({ over_train_cap: 16 });
  });

  it("holds out a seeded share of a training task's instances, disjoint from training", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 99 }),
        (n, fraction, seed) => {
          const config = testConfig({
            seed,
            heldout: { ...testConfig().heldout, instances: { fraction, count: null, tasks: null, datasets: null } },
          });
          const plan = planInstances("t", "train", instances(n), config, true);
          const train = new Set(plan.train.map((i) => i.id));
          expect(plan.eval.every((i) => !train.has(i.id))).toBe(true);
          expect(plan.train.length + plan.eval.length).toBe(n);
          const evaluated = new Set(plan.eval.map((i) => i.id));
          expect(plan.demoPool.filter((i) => evaluated.has(i.id))).toEqual([]);
          if (n > 0) expect(plan.train.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it("uses source splits: train rows for training, validation/test rows for evaluation", () => {
    const rows = [...instances(3, "train"), ...instances(2, "validation")];
    const config = testConfig();
    expect(planInstances("t", "train", rows, config, false).train.map((i) => i.id)).toEqual(["train-0", "train-1", "train-2"]);
    const evalPlan = planInstances("t", "heldout_category", rows, config, false);
    expect(evalPlan.eval.map((i) => i.id)).toEqual(["validation-0", "validation-1"]);
    expect(evalPlan.demoPool.map((i) => i.id)).toEqual(["train-0", "train-1", "train-2"]);
    expect(evalPlan.drops).toEqual({ unused_source_split: 3 });
  });

  it("evaluates a held-out task with only training rows on what it has", () => {
    const plan = planInstances("t", "heldout_task", instances(3, "train"), testConfig(), false);
    expect(plan.eval).toHaveLength(3);
  });
});

describe("capsFor", () => {
  it("applies per-source caps over the defaults", async () => {
    const { capsFor } = await import("../../src/pipeline/split-config.js");
    const config = testConfig({ caps: { train: 100, eval: 50, sources: { flan: { train: 30 }, unifiedskg: { eval: null } } } });
    expect(capsFor(config, "flan")).toEqual({ train: 30, eval: 50 });
    expect(capsFor(config, "unifiedskg")).toEqual({ train: 100, eval: null });
    expect(capsFor(config, "supernatural")).toEqual({ train: 100, eval: 50 });
  });
});
