/** The Hub's configs of a build: a default train config, one per level, one per level and shot variant; valid split names. */
import { describe, expect, it } from "vitest";
import { hubConfigs, splitName } from "../../src/publish/hub-configs.js";

const HUB_SPLIT = /^\w+(\.\w+)*$/;

describe("splitName", () => {
  it("writes every character outside [A-Za-z0-9_] of each dot-separated part as _", () => {
    expect(splitName("super_glue__rte")).toBe("super_glue__rte");
    expect(splitName("wmt16_translate-ro-en.5shot")).toBe("wmt16_translate_ro_en.5shot");
    expect(splitName("anli r1 (é)")).toBe("anli_r1____");
    expect(splitName("a..b")).toBe("a._.b");
    expect(splitName("all")).toBe("all_");
    for (const stem of ["x y", "-", ".", "a.b-c.0shot", "ünïcode", "a/b"]) expect(splitName(stem)).toMatch(HUB_SPLIT);
  });
});

describe("hubConfigs", () => {
  it("gives train as the default config and each level its files as splits, names unique", () => {
    const configs = hubConfigs([
      { path: "train.jsonl", records: 5, split: "train" },
      { path: "eval/heldout_task/a-b.jsonl", records: 2, split: "heldout_task", task: "s/a-b" },
      { path: "eval/heldout_task/a_b.jsonl", records: 3, split: "heldout_task", task: "s/a_b" },
      { path: "eval/heldout_category/c.jsonl", records: 1, split: "heldout_category", task: "s/c" },
      { path: "audit.json", records: 0, split: "audit" },
    ]);
    expect(configs.map((c) => [c.name, c.default ?? false, c.splits.map((s) => [s.name, s.records])])).toEqual([
      ["train", true, [["train", 5]]],
      ["heldout_category", false, [["c", 1]]],
      [
        "heldout_task",
        false,
        [
          ["a_b", 2],
          ["a_b_2", 3],
        ],
      ],
    ]);
  });

  it("adds one config per level and shot variant, whose splits are the tasks", () => {
    const configs = hubConfigs([
      { path: "train.parquet", records: 5, split: "train" },
      { path: "eval/heldout_task/t.0shot.parquet", records: 2, split: "heldout_task" },
      { path: "eval/heldout_task/t.10shot.parquet", records: 2, split: "heldout_task" },
      { path: "eval/heldout_task/t.2shot.parquet", records: 2, split: "heldout_task" },
    ]);
    expect(configs.map((c) => [c.name, c.splits.map((s) => `${s.name}=${s.path}`)])).toEqual([
      ["train", ["train=train.parquet"]],
      [
        "heldout_task",
        [
          "t.0shot=eval/heldout_task/t.0shot.parquet",
          "t.10shot=eval/heldout_task/t.10shot.parquet",
          "t.2shot=eval/heldout_task/t.2shot.parquet",
        ],
      ],
      ["heldout_task_0shot", ["t=eval/heldout_task/t.0shot.parquet"]],
      ["heldout_task_2shot", ["t=eval/heldout_task/t.2shot.parquet"]],
      ["heldout_task_10shot", ["t=eval/heldout_task/t.10shot.parquet"]],
    ]);
  });
});
