/** `--progress auto|always|never`, the same for every long command: a status line on stderr, never stdout. */
import type { Argv } from "yargs";
import type { CliIO } from "../cli-io.js";
import { PROGRESS_MODES, type ProgressMode, progressOf, type WorkMeter, workMeter } from "../progress.js";

export interface ProgressFlag {
  progress: ProgressMode;
}

export function withProgressFlag<T>(y: Argv<T>): Argv<T & ProgressFlag> {
  return y.option("progress", {
    choices: PROGRESS_MODES,
    default: "auto" as ProgressMode,
    describe: "Status line on stderr: auto (a terminal, CI unset), always, never",
  }) as Argv<T & ProgressFlag>;
}

/**
 * Run `work` with what `--progress` asks for (its messages and its meter), the status line cleared after.
 * `--quiet` drops the messages; a status line asked for is still drawn.
 */
export function withProgress<T>(
  io: CliIO,
  flags: ProgressFlag & { quiet?: boolean },
  work: (reporting: { log: (message: string) => void; meter: WorkMeter }) => Promise<T>,
): Promise<T> {
  const progress = progressOf(io, flags.progress);
  const meter = workMeter(progress);
  const log = flags.quiet ? () => {} : (m: string) => progress.log(m);
  return work({ log, meter }).finally(() => meter.end());
}
