/** `iml-bench report <build>`: write a build's report.html (every figure beside its numbers, self-contained) again. */
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { recordStatsOf } from "../publish/index.js";
import { writeReport } from "../report/index.js";
import { readBuildAudit, readBuildManifest } from "./build-folder.js";

interface ReportArgs {
  build: string;
}

export function reportCommand(io: CliIO): CommandModule<object, ReportArgs> {
  return {
    command: "report <build>",
    describe: "Write report.html of a build: its figures and their numbers, one self-contained page",
    builder: (y) =>
      y
        .positional("build", { type: "string", demandOption: true, describe: "A build folder (with manifest.json)" })
        .example("$0 report out", "Write out/report.html") as never,
    handler: async (args) => {
      const manifest = await readBuildManifest(args.build);
      const audit = await readBuildAudit(args.build);
      // A build from before record_stats: the same statistics, read from its records files.
      const stats = manifest.record_stats ?? (await recordStatsOf(args.build, manifest.outputs));
      const file = await writeReport(args.build, { manifest: { ...manifest, record_stats: stats }, ...(audit && { audit }) });
      io.out(`wrote ${file}\n`);
    },
  };
}
