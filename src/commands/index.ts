/** The command registry: one module per command file in src/commands/; `render` and `inspect` come from the sources. */
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { buildCommand } from "./build.js";
import { exportCommand } from "./export.js";
import { mergeCommand } from "./merge.js";
import { planCommand } from "./plan.js";
import { pullCommand } from "./pull.js";
import { reportCommand } from "./report.js";
import { shardCommand } from "./shard.js";
import { sourceCommand } from "./source-commands.js";
import { statsCommand } from "./stats.js";
import { validateCommand } from "./validate.js";

export function commandModules(io: CliIO): CommandModule<object, never>[] {
  const modules = [
    buildCommand(io),
    planCommand(io),
    shardCommand(io),
    mergeCommand(io),
    validateCommand(io),
    statsCommand(io),
    pullCommand(io),
    exportCommand(io),
    reportCommand(io),
    sourceCommand("render", io),
    sourceCommand("inspect", io),
  ];
  return modules as unknown as CommandModule<object, never>[];
}
