/** The command registry: one module per command file in src/commands/. */
import type { CommandModule } from "yargs";
import type { CliIO } from "./io.js";

export function commandModules(io: CliIO): CommandModule<object, never>[] {
  void io;
  return [];
}
