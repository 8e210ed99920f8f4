/** The terminal status line: shown on a terminal outside CI (or as asked), throttled, out of the way of log lines. */
import { describe, expect, it } from "vitest";
import { createProgress, formatBytes, progressShown } from "../src/progress.js";

function sink(isTTY: boolean) {
  const out = { text: "", isTTY, write: (t: string) => void (out.text += t) };
  return out;
}

describe("progress", () => {
  it("shows on a terminal unless CI is set, always with always, never with never", () => {
    expect(progressShown("auto", sink(true), {})).toBe(true);
    expect(progressShown("auto", sink(true), { CI: "true" })).toBe(false);
    expect(progressShown("auto", sink(false), {})).toBe(false);
    expect(progressShown("always", sink(false), { CI: "1" })).toBe(true);
    expect(progressShown("never", sink(true), {})).toBe(false);
  });

  it("redraws at most once per interval, clears for a log line and redraws after it, and clears at the end", () => {
    let now = 0;
    const out = sink(true);
    const progress = createProgress(out, { mode: "auto", env: {}, intervalMs: 100, now: () => now });
    progress.status("a: 1/3");
    progress.status("a: 2/3");
    now = 150;
    progress.status("a: 3/3");
    progress.log("retrying");
    progress.end();
    expect(out.text).toBe("\r\x1b[Ka: 1/3\r\x1b[Ka: 3/3\r\x1b[Kretrying\n\r\x1b[Ka: 3/3\r\x1b[K");
  });

  it("prints only the log lines when hidden", () => {
    const out = sink(false);
    const progress = createProgress(out, { env: {} });
    progress.status("a: 1/3");
    progress.log("retrying");
    progress.end();
    expect(progress.enabled).toBe(false);
    expect(out.text).toBe("retrying\n");
  });

  it("writes bytes for people", () => {
    expect([0, 999, 1000, 1_234_567, 5.6e9].map(formatBytes)).toEqual(["0 B", "999 B", "1.0 kB", "1.2 MB", "5.6 GB"]);
  });
});
