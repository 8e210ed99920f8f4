#!/usr/bin/env node
/**
 * The command-line shell: yargs wiring only. A UserError prints its message and exits 1; anything
 * else is an internal error and exits 2.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import yargs, { type CommandModule } from "yargs";
import { type CliIO, processIO } from "./cli-io.js";
import { commandModules } from "./commands/index.js";
import { isUserError } from "./errors.js";

/** Run the CLI in-process on `args` (without the node and script paths); resolves to the exit code. */
export async function main(args: readonly string[], io: CliIO = processIO): Promise<number> {
  let failure: unknown;
  const parser = yargs([...args])
    .scriptName("iml-bench")
    .usage("$0 <command> [options]\n\nBuild OPT-IML-style instruction-tuning benchmarks, reproducibly.")
    .strict()
    .demandCommand(1, "Name a command (see --help).")
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      failure = error ?? new UsageError(message ?? "invalid arguments");
    })
    .help()
    .version(false);
  for (const module of commandModules(io)) parser.command(module as CommandModule);
  try {
    let helpText = "";
    await parser.parseAsync(args, {}, (_err, _argv, output) => {
      helpText = output;
    });
    if (failure !== undefined) return report(failure, io, await parser.getHelp());
    if (helpText) io.out(`${helpText}\n`);
    return 0;
  } catch (error) {
    return report(failure ?? error, io, "");
  }
}

class UsageError extends Error {
  override name = "UsageError";
  readonly code = "E_ARG";
}

function report(error: unknown, io: CliIO, help: string): number {
  if (error instanceof UsageError) {
    io.err(`${help}\n\n${error.message}\n`);
    return 1;
  }
  if (isUserError(error)) {
    io.err(`iml-bench: ${error.message}\n`);
    return 1;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.err(`iml-bench: internal error (please report it): ${detail}\n`);
  return 2;
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.exitCode = await main(process.argv.slice(2));
}
