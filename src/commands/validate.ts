/** `iml-bench validate`: check configs and source data, list every problem, exit 1 if any. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { packageRoot } from "../config/package-root.js";
import { UserError } from "../errors.js";
import { loadSplitConfig } from "../pipeline/split-config.js";
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
        .example(`$0 validate --config splits/demo.yaml ${sourceExample()}`, "Check a real checkout")
        .example(
          "$0 validate --source promptsource=/data/promptsource",
          "Check a checkout with every package config that reads it",
        ) as never,
    handler: async (args) => {
      const overrides = sourceOverrides(args);
      const configs = args.config ? [args.config] : packageConfigs();
      let problems = 0;
      let validated = 0;
      for (const configFile of configs) {
        // Checking every package config, --source/--option apply to the configs that read the source named.
        const own = args.config ? overrides : await overridesFor(configFile, overrides);
        if (own === undefined) {
          io.out(`${configFile}: skipped (it reads none of ${overriddenNames(overrides).join(", ")})\n`);
          continue;
        }
        validated++;
        const report = await validate({ configFile, ...own });
        problems += report.problems.length;
        for (const p of report.problems) io.out(`${p}\n`);
        if (args.notes) for (const n of report.notes) io.out(`note: ${n}\n`);
        for (const c of report.coverage) io.out(`coverage: ${c}\n`);
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
      if (validated === 0)
        throw new UserError("E_CONFIG", `no config in splits/ reads ${overriddenNames(overrides).join(", ")}; name one with --config.`);
      if (problems > 0) throw new UserError("E_INVALID", `${problems} problem(s) found.`);
    },
  };
}

type Overrides = ReturnType<typeof sourceOverrides>;

function overriddenNames(overrides: Overrides): string[] {
  return [...new Set([...overrides.sourceOverrides.keys(), ...overrides.optionOverrides.keys()])];
}

/** The overrides for the sources a package config reads; undefined when some were given and it reads none of them. */
async function overridesFor(configFile: string, overrides: Overrides): Promise<Overrides | undefined> {
  const named = overriddenNames(overrides);
  if (named.length === 0) return overrides;
  let reads: string[];
  try {
    reads = (await loadSplitConfig(configFile)).config.sources;
  } catch {
    return overrides; // validate reports what is wrong with the config itself
  }
  if (!named.some((name) => reads.includes(name))) return undefined;
  const keep = <T>(map: Map<string, T>) => new Map([...map].filter(([name]) => reads.includes(name)));
  return { sourceOverrides: keep(overrides.sourceOverrides), optionOverrides: keep(overrides.optionOverrides) };
}

function packageConfigs(): string[] {
  const dir = join(packageRoot(), "splits");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join(dir, f));
}
