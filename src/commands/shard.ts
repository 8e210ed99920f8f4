/** `iml-bench shard`: render one shard of a plan into the folder every shard shares. */
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { renderShard } from "../pipeline/sharded.js";
import { type ProgressFlag, withProgress, withProgressFlag } from "./progress-flag.js";

interface ShardArgs extends ProgressFlag {
  plan: string;
  out: string;
  index?: number;
  count?: number;
  quiet: boolean;
  workers?: number;
}

export function shardCommand(io: CliIO): CommandModule<object, ShardArgs> {
  return {
    command: "shard",
    describe: "Render one shard of a plan (index from --index or the array job's variable)",
    builder: (y) =>
      withProgressFlag(y)
        .option("plan", { type: "string", demandOption: true, describe: "The plan folder (plan.json)" })
        .option("out", { type: "string", demandOption: true, describe: "The folder every shard writes into" })
        .option("index", {
          type: "number",
          describe: "This shard's index. Default: JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID or AWS_BATCH_JOB_ARRAY_INDEX",
        })
        .option("count", { type: "number", describe: "How many shards the job runs; refused unless the plan's" })
        .option("quiet", {
          type: "boolean",
          default: false,
          describe: "Print no summary and no messages (errors and --progress still go to stderr)",
        })
        .option("workers", { type: "number", describe: "Worker threads rendering tasks. Default: the available cores" })
        .example("$0 shard --plan plan --out shards --index 0", "Render shard 0")
        .example(
          "JOB_COMPLETION_INDEX=1 $0 shard --plan /shared/plan --out /shared/shards --count 8",
          "As a Kubernetes Indexed Job's pod",
        ) as never,
    handler: async (args) => {
      const result = await withProgress(io, args, (reporting) =>
        renderShard({
          plan: args.plan,
          out: args.out,
          ...(args.index === undefined ? {} : { index: args.index }),
          ...(args.count === undefined ? {} : { count: args.count }),
          ...(args.workers === undefined ? {} : { workers: args.workers }),
          ...reporting,
        }),
      );
      if (args.quiet) return;
      io.out(
        `shard ${result.index}: rendered ${result.rendered} task(s) (${result.records} records), ${result.skipped} already done, into ${args.out}\n`,
      );
    },
  };
}
