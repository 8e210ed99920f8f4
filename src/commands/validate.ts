/** `iml-bench validate`: check configs and source data, list every problem, exit 1 if any. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { packageRoot } from "../config/package-root.js";
import { UserError } from "../errors.js";
import { validate } from "../pipeline/validate.js";
import { type SourceFlags, sourceExample, sourceOverrides, withSourceFlags } from "./source-flags.js";

/** Tasks with no instances listed without --notes; the count always. */
const NO_INSTANCES_SHOWN = 20;

interface ValidateArgs extends SourceFlags {
  config?: string;
  notes: boolean;
}

export function validateCommand(io: CliIO): CommandModule<object, ValidateArgs> {
  return {
    command: "validate",
    describe: "Check split configs, source descriptors, the taxonomy and every source task",
    builder: (y) =>
      withSourceFlags(y)
        .option("config", { type: "string", describe: "Split config to check (default: every splits/*.yaml of the package)" })
        .option("notes", { type: "boolean", default: false, describe: "Also print non-fatal notes (normalizations)" })
        .example("$0 validate --config splits/demo.yaml", "Check the demo config and its sources")
        .example(`$0 validate --config splits/demo.yaml ${sourceExample()}`, "Check a real checkout") as never,
    handler: async (args) => {
      const overrides = sourceOverrides(args);
      const configs = args.config ? [args.config] : packageConfigs();
      let problems = 0;
      for (const configFile of configs) {
        const report = await validate({ configFile, ...overrides });
        problems += report.problems.length;
        for (const p of report.problems) io.out(`${p}\n`);
        if (args.notes) for (const n of report.notes) io.out(`note: ${n}\n`);
        const shown = args.notes ? report.noInstances : report.noInstances.slice(0, NO_INSTANCES_SHOWN);
        for (const n of shown) io.out(`no instances: ${n}\n`);
        if (shown.length < report.noInstances.length)
          io.out(`no instances: … and ${report.noInstances.length - shown.length} more (--notes lists them all)\n`);
        const noInstances = report.noInstances.length
          ? `, ${report.noInstances.length} task(s) with no instances (a build drops them)`
          : "";
        io.out(
          `${configFile}: ${report.tasks} tasks, ${report.problems.length} problem(s)${report.notes.length ? `, ${report.notes.length} note(s)` : ""}${noInstances}\n`,
        );
      }
      if (problems > 0) throw new UserError("E_INVALID", `${problems} problem(s) found.`);
    },
  };
}

function packageConfigs(): string[] {
  const dir = join(packageRoot(), "splits");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join(dir, f));
}
