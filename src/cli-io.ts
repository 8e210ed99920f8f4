/** Where commands write. The CLI passes process streams; tests pass collectors. */
export interface CliIO {
  /** Standard output: data (JSONL, summaries). */
  out(text: string): void;
  /** Standard error: diagnostics. */
  err(text: string): void;
  /** Whether standard error is a terminal (progress shows there in `auto` mode). */
  readonly errIsTTY?: boolean;
}

export const processIO: CliIO = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  get errIsTTY() {
    return process.stderr.isTTY === true;
  },
};

/** Print one JSON value per line. */
export function writeJsonLine(io: CliIO, value: unknown): void {
  io.out(`${JSON.stringify(value)}\n`);
}
