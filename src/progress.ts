/**
 * Progress on a terminal: one status line on stderr, redrawn at most ten times a second, cleared when a
 * log line is printed and at the end. Shown only when the stream is a terminal and CI is unset (`auto`),
 * or always, or never: a pipe or a CI log gets the log lines and no status. Generic: a command sets the
 * status text (`pull: 3/12 files, 1.2 MB of 4.5 MB`); `--progress auto|always|never` chooses the mode.
 */

import type { CliIO } from "./cli-io.js";

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
  /**
   * Replace the status line: drawn at once when `immediate` (a new stage), else at most every `intervalMs`
   * (and always on the next log line).
   */
  status(text: string, immediate?: boolean): void;
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
    status(text, immediate = false) {
      current = text;
      if (enabled && (immediate || now() - drawnAt >= interval)) draw();
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

/** The status line of a command, on its standard error. */
export function progressOf(io: CliIO, mode: ProgressMode): Progress {
  return createProgress({ write: (text) => io.err(text), isTTY: io.errIsTTY ?? false }, { mode });
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

/**
 * Counted work on the status line: `<stage>: 3/12 tasks, 1,234 records, 456 records/s, 0:12 left`. Time
 * left comes from the records still expected when known, else from the units (tasks, files) still to do;
 * without either it is left out. Cheap when hidden, and the text is rebuilt at most every 100 ms.
 */
export interface WorkMeter {
  /**
   * Start a stage: what is counted (`tasks`, `files`), how many in all (null: unknown), the records expected
   * when known. A stage that counts nothing (no unit) shows its name and its time so far.
   */
  stage(name: string, unit?: string, total?: number | null, expectedRecords?: number): void;
  /** `done` more units finished and `records` more records written. */
  add(done: number, records: number): void;
  /** Clear the status line. */
  end(): void;
}

/** A meter that shows nothing, for work without a status line. */
export const SILENT_METER: WorkMeter = { stage: () => {}, add: () => {}, end: () => {} };

export function workMeter(progress: Progress, now: () => number = Date.now): WorkMeter {
  let stage = {
    name: "",
    unit: undefined as string | undefined,
    total: null as number | null,
    expected: undefined as number | undefined,
    start: 0,
  };
  let done = 0;
  let records = 0;
  let shownAt = Number.NEGATIVE_INFINITY;
  const show = (force: boolean): void => {
    const t = now();
    if (!progress.enabled || (!force && t - shownAt < 100)) return;
    shownAt = t;
    const seconds = (t - stage.start) / 1000;
    if (stage.unit === undefined) {
      progress.status(`${stage.name}: ${duration(seconds)}`, force);
      return;
    }
    const rate = seconds > 0 ? records / seconds : 0;
    const parts = [`${stage.name}: ${stage.total === null ? count(done) : `${count(done)}/${count(stage.total)}`} ${stage.unit}`];
    parts.push(`${count(records)} records`);
    if (seconds >= 0.5) parts.push(`${count(rate)} records/s`);
    const left =
      stage.expected !== undefined && rate > 0
        ? (stage.expected - records) / rate
        : stage.total !== null && done > 0
          ? (seconds * (stage.total - done)) / done
          : undefined;
    if (left !== undefined && seconds >= 0.5) parts.push(`${duration(left)} left`);
    progress.status(parts.join(", "), force);
  };
  return {
    stage(name, unit, total, expectedRecords) {
      stage = { name, unit, total: total ?? null, expected: expectedRecords, start: now() };
      done = 0;
      records = 0;
      show(true);
    },
    add(units, n) {
      done += units;
      records += n;
      show(false);
    },
    end() {
      progress.end();
    },
  };
}

/** 1234567 → "1,234,567" (no locale). */
function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Seconds as `m:ss` or `h:mm:ss`. */
function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number): string => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}
