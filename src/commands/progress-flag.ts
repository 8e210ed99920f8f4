/** `--progress auto|always|never`, the same for every long command: a status line on stderr, never stdout. */
import type { Argv } from "yargs";
import { PROGRESS_MODES, type ProgressMode } from "../progress.js";

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
