/** `iml-bench plan`: the first step of a sharded build, plan.json for `shard` and `merge`. */
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { makePlan } from "../pipeline/sharded.js";
import { type ProgressFlag, withProgress, withProgressFlag } from "./progress-flag.js";
import { type SourceFlags, sourceOverrides, withSourceFlags } from "./source-flags.js";

interface PlanArgs extends SourceFlags, ProgressFlag {
  config: string;
  out: string;
  shards: number;
  seed?: number;
  lock?: string;
  force: boolean;
  quiet: boolean;
  workers?: number;
}

export function planCommand(io: CliIO): CommandModule<object, PlanArgs> {
  return {
    command: "plan",
    describe: "Plan a sharded build: scan, partition, assign tasks to shards (plan.json)",
    builder: (y) =>
      withProgressFlag(withSourceFlags(y))
        .option("config", { type: "string", demandOption: true, describe: "Split config (splits/*.yaml)" })
        .option("out", { type: "string", demandOption: true, describe: "Plan folder (must be empty unless --force)" })
        .option("shards", { type: "number", demandOption: true, describe: "How many shards will render the tasks" })
        .option("seed", { type: "number", describe: "Seed; overrides the config's" })
        .option("lock", { type: "string", describe: "A sources.lock.json `pull` wrote, as for build" })
        .option("force", { type: "boolean", default: false, describe: "Replace a non-empty plan folder" })
        .option("quiet", {
          type: "boolean",
          default: false,
          describe: "Print no summary and no messages (errors and --progress still go to stderr)",
        })
        .option("workers", { type: "number", describe: "Worker threads scanning tasks. Default: the available cores" })
        .example("$0 plan --config splits/opt-iml.yaml --lock /data/iml/sources.lock.json --shards 8 --out /shared/plan", "Plan 8 shards")
        .example("$0 plan --config splits/demo.yaml --shards 2 --out plan", "Plan the demo in 2 shards") as never,
    handler: async (args) => {
      const { sha256, plan } = await withProgress(io, args, (reporting) =>
        makePlan({
          configFile: args.config,
          out: args.out,
          shards: args.shards,
          seed: args.seed,
          ...sourceOverrides(args),
          lockFile: args.lock,
          force: args.force,
          ...(args.workers === undefined ? {} : { workers: args.workers }),
          ...reporting,
        }),
      );
      if (args.quiet) return;
      const dropped = plan.tasks.filter((t) => t.shard === undefined).length;
      const lines = [
        `planned ${plan.tasks.length - dropped} tasks (${dropped} dropped before rendering) in ${plan.shards} shard(s) into ${args.out}/plan.json (sha256 ${sha256})`,
      ];
      for (let i = 0; i < plan.shards; i++) {
        const tasks = plan.tasks.filter((t) => t.shard === i);
        const instances = tasks.reduce((n, t) => n + t.task.instanceCount, 0);
        lines.push(
          `  shard ${String(i).padStart(3)}: ${String(tasks.length).padStart(5)} tasks ${String(instances).padStart(10)} instances`,
        );
      }
      io.out(`${lines.join("\n")}\n`);
    },
  };
}
