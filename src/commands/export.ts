/** `iml-bench export`: a build folder to a trainer's format (TRL, OpenAI, axolotl, LLaMA-Factory, chat messages). */
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { EXPORT_FORMATS, type ExportFormat, exportBuild } from "../export/index.js";
import { progressOf, workMeter } from "../progress.js";
import { type ProgressFlag, withProgressFlag } from "./progress-flag.js";

interface ExportArgs extends ProgressFlag {
  build: string;
  format: ExportFormat;
  out: string;
  "all-references": boolean;
  force: boolean;
  quiet: boolean;
}

export function exportCommand(io: CliIO): CommandModule<object, ExportArgs> {
  return {
    command: "export <build>",
    describe: "Write a build's records in a trainer's format",
    builder: (y) =>
      withProgressFlag(y)
        .positional("build", { type: "string", demandOption: true, describe: "A build folder (with manifest.json)" })
        .option("format", { choices: EXPORT_FORMATS, demandOption: true, describe: "The format to write" })
        .option("out", { type: "string", demandOption: true, describe: "Output folder (must be empty unless --force)" })
        .option("all-references", { type: "boolean", default: false, describe: "One row per reference, not one per record" })
        .option("force", { type: "boolean", default: false, describe: "Replace a non-empty output folder" })
        .option("quiet", { type: "boolean", default: false, describe: "Print no summary" })
        .example("$0 export out --format trl --out out-trl", "TRL prompt-completion rows")
        .example("$0 export out --format openai --out out-openai", "OpenAI fine-tuning: train.jsonl and validation.jsonl")
        .example("$0 export out --format sharegpt --out out-lf --all-references", "LLaMA-Factory, one row per reference") as never,
    handler: async (args) => {
      const meter = workMeter(progressOf(io, args.progress));
      const summary = await exportBuild({
        build: args.build,
        out: args.out,
        format: args.format,
        allReferences: args["all-references"],
        force: args.force,
        meter,
      }).finally(() => meter.end());
      if (args.quiet) return;
      const extra = summary.extra_reference_rows ? ` (${summary.extra_reference_rows} extra for references)` : "";
      io.out(
        `exported ${summary.records} records as ${summary.rows} ${summary.format} rows${extra} in ${summary.files.length} file(s) into ${args.out}\n`,
      );
    },
  };
}
