/** `iml-bench merge`: the last step of a sharded build, the same build folder `build` writes. */
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { mergeShards } from "../pipeline/sharded.js";
import { OUTPUT_FORMATS, type OutputFormat } from "../publish/index.js";
import { summarize } from "./build.js";
import { type ProgressFlag, withProgress, withProgressFlag } from "./progress-flag.js";

interface MergeArgs extends ProgressFlag {
  plan: string;
  shards: string;
  out: string;
  format: OutputFormat;
  force: boolean;
  quiet: boolean;
  workers?: number;
}

export function mergeCommand(io: CliIO): CommandModule<object, MergeArgs> {
  return {
    command: "merge",
    describe: "Merge the shards of a plan into a build (audit, mixture, train.jsonl, manifest, card)",
    builder: (y) =>
      withProgressFlag(y)
        .option("plan", { type: "string", demandOption: true, describe: "The plan folder (plan.json)" })
        .option("shards", { type: "string", demandOption: true, describe: "The folder the shards wrote into" })
        .option("out", { type: "string", demandOption: true, describe: "Output folder (must be empty unless --force)" })
        .option("format", { choices: OUTPUT_FORMATS, default: "jsonl" as OutputFormat, describe: "Records as JSON Lines or Parquet" })
        .option("force", { type: "boolean", default: false, describe: "Replace a non-empty output folder" })
        .option("quiet", {
          type: "boolean",
          default: false,
          describe: "Print no summary and no messages (errors and --progress still go to stderr)",
        })
        .option("workers", { type: "number", describe: "Worker threads merging training runs. Default: the available cores" })
        .example("$0 merge --plan plan --shards shards --out out", "Merge every shard into out") as never,
    handler: async (args) => {
      const manifest = await withProgress(io, args, (reporting) =>
        mergeShards({
          plan: args.plan,
          shards: args.shards,
          out: args.out,
          format: args.format,
          force: args.force,
          ...(args.workers === undefined ? {} : { workers: args.workers }),
          ...reporting,
        }),
      );
      if (!args.quiet) io.out(summarize(manifest, args.out));
    },
  };
}
