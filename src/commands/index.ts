/** The command registry: one module per command file in src/commands/. */
import type { CommandModule } from "yargs";
import { buildCommand } from "./build.js";
import { inspectCommand } from "./inspect.js";
import type { CliIO } from "./io.js";
import { renderCommand } from "./render.js";
import { statsCommand } from "./stats.js";
import { validateCommand } from "./validate.js";

export function commandModules(io: CliIO): CommandModule<object, never>[] {
  return [buildCommand(io), validateCommand(io), statsCommand(io), renderCommand(io), inspectCommand(io)] as unknown as CommandModule<
    object,
    never
  >[];
}
