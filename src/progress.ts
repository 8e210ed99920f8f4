/**
 * Progress on a terminal: one status line on stderr, redrawn at most ten times a second, cleared when a
 * log line is printed and at the end. Shown only when the stream is a terminal and CI is unset (`auto`),
 * or always, or never: a pipe or a CI log gets the log lines and no status. Generic: a command sets the
 * status text (`pull: 3/12 files, 1.2 MB of 4.5 MB`); `--progress auto|always|never` chooses the mode.
 */

export type ProgressMode = "auto" | "always" | "never";

export const PROGRESS_MODES: readonly ProgressMode[] = ["auto", "always", "never"];

/** Where progress goes: stderr in the CLI. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  /** Whether the status line is shown. */
  readonly enabled: boolean;
  /** Replace the status line (drawn at most every `intervalMs`, always on the next log or at the end). */
  status(text: string): void;
  /** Print a line for good (above the status line, which is redrawn after it). */
  log(line: string): void;
  /** Clear the status line. */
  end(): void;
}

/** Whether a mode shows progress on `stream` with environment `env`. */
export function progressShown(mode: ProgressMode, stream: ProgressStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  return stream.isTTY === true && (env.CI === undefined || env.CI === "");
}

export function createProgress(
  stream: ProgressStream,
  options: { mode?: ProgressMode; env?: NodeJS.ProcessEnv; intervalMs?: number; now?: () => number } = {},
): Progress {
  const enabled = progressShown(options.mode ?? "auto", stream, options.env);
  const interval = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let current = "";
  let shown = false;
  let drawnAt = Number.NEGATIVE_INFINITY;
  const clear = () => {
    if (shown) stream.write("\r\x1b[K");
    shown = false;
  };
  const draw = () => {
    stream.write(`\r\x1b[K${current}`);
    shown = current !== "";
    drawnAt = now();
  };
  return {
    enabled,
    status(text) {
      current = text;
      if (enabled && now() - drawnAt >= interval) draw();
    },
    log(line) {
      if (!enabled) {
        stream.write(`${line}\n`);
        return;
      }
      clear();
      stream.write(`${line}\n`);
      if (current !== "") draw();
    },
    end() {
      if (enabled) clear();
      current = "";
    },
  };
}

/** Bytes for people: `512 B`, `1.2 kB`, `3.4 MB`, `5.6 GB` (powers of 1000). */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
