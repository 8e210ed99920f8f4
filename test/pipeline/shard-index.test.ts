import { describe, expect, it } from "vitest";
import { shardIndex } from "../../src/pipeline/shard-index.js";

describe("shardIndex", () => {
  it("takes --index first, then Kubernetes, Slurm and AWS Batch variables", () => {
    expect(shardIndex({ index: 1 }, { JOB_COMPLETION_INDEX: "2" }, 4)).toBe(1);
    expect(shardIndex({}, { JOB_COMPLETION_INDEX: "2", SLURM_ARRAY_TASK_ID: "3" }, 4)).toBe(2);
    expect(shardIndex({}, { SLURM_ARRAY_TASK_ID: "3", AWS_BATCH_JOB_ARRAY_INDEX: "0" }, 4)).toBe(3);
    expect(shardIndex({}, { AWS_BATCH_JOB_ARRAY_INDEX: "0" }, 4)).toBe(0);
  });

  it("checks the job's --count against the plan's", () => {
    expect(shardIndex({ count: 4 }, { JOB_COMPLETION_INDEX: "0" }, 4)).toBe(0);
    expect(() => shardIndex({ count: 3 }, { JOB_COMPLETION_INDEX: "0" }, 4)).toThrow(
      "the job runs 3 shards, but the plan was made for 4. Start 4 shards (indexes 0 to 3), or make a new plan with --shards 3.",
    );
    // An array task run again on its own is in an array of one: Slurm's count is not the plan's.
    expect(shardIndex({}, { SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "1" }, 4)).toBe(3);
  });

  it("refuses an index outside the plan, a variable that is not a number, and no index at all", () => {
    expect(() => shardIndex({}, { SLURM_ARRAY_TASK_ID: "4" }, 4)).toThrow(
      "SLURM_ARRAY_TASK_ID 4: the plan has 4 shard(s), indexes 0 to 3 (a Slurm array is --array=0-3).",
    );
    expect(() => shardIndex({ index: -1 }, {}, 4)).toThrow("--index -1: the plan has 4 shard(s)");
    expect(() => shardIndex({}, { JOB_COMPLETION_INDEX: "one" }, 4)).toThrow("JOB_COMPLETION_INDEX=one: expected a whole number.");
    expect(() => shardIndex({}, {}, 4)).toThrow(
      "no shard index: pass --index, or run the shard as an array job's task, which sets one of JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX.",
    );
  });
});
