/** `iml-bench validate`: check configs and source data, list every problem, exit 1 if any. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { CommandModule } from "yargs";
import { packageRoot } from "../config/package-root.js";
import { parseSourceOverrides } from "../config/sources.js";
import { UserError } from "../errors.js";
import { validate } from "../pipeline/validate.js";
import type { CliIO } from "./io.js";

interface ValidateArgs {
  config?: string;
  source?: string[];
  notes: boolean;
}

export function validateCommand(io: CliIO): CommandModule<object, ValidateArgs> {
  return {
    command: "validate",
    describe: "Check split configs, source descriptors, the taxonomy and every source task",
    builder: (y) =>
      y
        .option("config", { type: "string", describe: "Split config to check (default: every splits/*.yaml of the package)" })
        .option("source", { type: "string", array: true, describe: "Where a source's data lives: NAME=PATH (repeatable)" })
        .option("notes", { type: "boolean", default: false, describe: "Also print non-fatal notes (normalizations)" })
        .example("$0 validate --config splits/demo.yaml", "Check the demo config and its sources")
        .example(
          "$0 validate --config splits/superni-default.yaml --source supernatural=/data/natural-instructions",
          "Check a checkout",
        ) as never,
    handler: async (args) => {
      const overrides = parseSourceOverrides(args.source);
      const configs = args.config ? [args.config] : packageConfigs();
      let problems = 0;
      for (const configFile of configs) {
        const report = await validate({ configFile, sourceOverrides: overrides });
        problems += report.problems.length;
        for (const p of report.problems) io.out(`${p}\n`);
        if (args.notes) for (const n of report.notes) io.out(`note: ${n}\n`);
        io.out(
          `${configFile}: ${report.tasks} tasks, ${report.problems.length} problem(s)${report.notes.length ? `, ${report.notes.length} note(s)` : ""}\n`,
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
