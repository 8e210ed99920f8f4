import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { heldOutCount, type PartitionTask, partition } from "../../src/plan/partition.js";
import { testConfig } from "./config-fixture.js";

const task = (name: string, category: string, dataset = name): PartitionTask => ({
  id: `supernatural/${name}`,
  source: "supernatural",
  name,
  category,
  datasets: [dataset],
});

const corpus: PartitionTask[] = [
  task("t1", "Textual Entailment", "rte"),
  task("t2", "Textual Entailment", "snli"),
  task("t3", "Question Answering", "squad"),
  task("t4", "Question Answering", "squad"),
  task("t5", "Question Answering", "triviaqa"),
  task("t6", "Question Generation", "squad"),
  task("t7", "Sentiment Analysis", "imdb"),
  task("t8", "Sentiment Analysis", "yelp"),
  task("t9", "Sentiment Analysis", "sst2"),
  task("t10", "Title Generation", "xsum"),
];

describe("partition", () => {
  it("holds out every task of a held-out category", () => {
    const out = partition(corpus, testConfig({ heldout: { ...testConfig().heldout, categories: ["Textual Entailment"] } }));
    expect(out.get("supernatural/t1")?.level).toBe("heldout_category");
    expect(out.get("supernatural/t2")?.level).toBe("heldout_category");
    expect(out.get("supernatural/t3")?.level).toBe("train");
  });

  it("holds out listed tasks and drops training tasks that share their dataset", () => {
    const config = testConfig({ heldout: { ...testConfig().heldout, tasks: { list: ["t3"], fraction: 0, categories: null } } });
    const out = partition(corpus, config);
    expect(out.get("supernatural/t3")?.level).toBe("heldout_task");
    expect(out.get("supernatural/t4")).toMatchObject({ level: "dropped", reason: "shared_dataset" });
    expect(out.get("supernatural/t6")).toMatchObject({ level: "dropped", reason: "shared_dataset" });
    expect(out.get("supernatural/t5")?.level).toBe("train");
  });

  it("keeps shared datasets when the rule is off", () => {
    const config = testConfig({
      shared_dataset_rule: false,
      heldout: { ...testConfig().heldout, tasks: { list: ["t3"], fraction: 0, categories: null } },
    });
    expect(partition(corpus, config).get("supernatural/t4")?.level).toBe("train");
  });

  it("holds out a seeded fraction per category, never a whole category", () => {
    const config = testConfig({
      shared_dataset_rule: false,
      heldout: { ...testConfig().heldout, tasks: { list: [], fraction: 0.34, categories: null } },
    });
    const out = partition(corpus, config);
    const heldOut = [...out].filter(([, a]) => a.level === "heldout_task").map(([id]) => id);
    // QA (3 tasks) → 1, Sentiment (3) → 1, Entailment (2) → 1; singletons stay in training.
    expect(heldOut).toHaveLength(3);
    expect(out.get("supernatural/t6")?.level).toBe("train");
    expect(out.get("supernatural/t10")?.level).toBe("train");
  });

  it("applies Super-NI task lists", () => {
    const lists = { source: "supernatural", train: new Set(["t3", "t5"]), test: new Set(["t1"]), excluded: new Set(["t4"]) };
    const config = testConfig({ task_lists: { source: "supernatural", split: "default", test_level: "heldout_category" } });
    const out = partition(corpus, config, lists);
    expect(out.get("supernatural/t1")?.level).toBe("heldout_category");
    expect(out.get("supernatural/t3")?.level).toBe("train");
    expect(out.get("supernatural/t4")).toMatchObject({ level: "dropped", reason: "excluded_by_split_list" });
    expect(out.get("supernatural/t7")).toMatchObject({ level: "dropped", reason: "not_in_split_lists" });
  });

  it("is complete, disjoint and independent of input order (property)", () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(corpus, { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (tasks, fraction, seed) => {
          const config = testConfig({ seed, heldout: { ...testConfig().heldout, tasks: { list: [], fraction, categories: null } } });
          const a = partition(tasks, config);
          const b = partition(tasks.toReversed(), config);
          expect([...a.keys()].sort()).toEqual(tasks.map((t) => t.id).sort());
          expect([...a].sort()).toEqual([...b].sort());
          const evalDatasets = new Set(tasks.filter((t) => a.get(t.id)?.level.startsWith("heldout")).flatMap((t) => t.datasets));
          for (const t of tasks) if (a.get(t.id)?.level === "train") expect(t.datasets.some((d) => evalDatasets.has(d))).toBe(false);
        },
      ),
    );
  });

  it("does not change other tasks' assignment when a task is added to another category", () => {
    const config = testConfig({ heldout: { ...testConfig().heldout, tasks: { list: [], fraction: 0.5, categories: null } } });
    const before = partition(corpus, config);
    const after = partition([...corpus, task("t11", "Misc.", "other")], config);
    for (const [id, a] of before) expect(after.get(id)).toEqual(a);
  });
});

describe("heldOutCount", () => {
  it("rounds, keeps at least one held out and one in training", () => {
    expect(heldOutCount(1, 0.5)).toBe(0);
    expect(heldOutCount(2, 0.01)).toBe(1);
    expect(heldOutCount(10, 0.25)).toBe(3);
    expect(heldOutCount(4, 1)).toBe(3);
    expect(heldOutCount(4, 0)).toBe(0);
  });
});
