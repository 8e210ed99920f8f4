/** The terminal status line: shown on a terminal outside CI (or as asked), throttled, out of the way of log lines. */
import { describe, expect, it } from "vitest";
import { createProgress, formatBytes, progressShown, workMeter } from "../src/progress.js";

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

  it("meters counted work: stage, done of total, records, rate and time left, from the records expected or the units left", () => {
    let now = 0;
    const out = sink(true);
    const meter = workMeter(createProgress(out, { env: {}, intervalMs: 0, now: () => now }), () => now);
    meter.stage("export", "files", 4, 2000);
    now = 50;
    meter.add(1, 10);
    now = 2000;
    meter.add(0, 490);
    meter.stage("render", "tasks", 3);
    now = 3000;
    meter.add(1, 30);
    meter.stage("scan", "rows", null);
    now = 4000;
    meter.add(1234, 1234);
    meter.end();
    expect(out.text.split("\r\x1b[K").filter(Boolean)).toEqual([
      "export: 0/4 files, 0 records",
      "export: 1/4 files, 500 records, 250 records/s, 0:06 left",
      "render: 0/3 tasks, 0 records",
      "render: 1/3 tasks, 30 records, 30 records/s, 0:02 left",
      "scan: 0 rows, 0 records",
      "scan: 1,234 rows, 1,234 records, 1,234 records/s",
    ]);
    expect(out.text.endsWith("\r\x1b[K")).toBe(true);
  });

  it("meters nothing when the status line is hidden", () => {
    const out = sink(false);
    const meter = workMeter(createProgress(out, { env: {} }));
    meter.stage("export", "files", 2);
    meter.add(2, 100);
    meter.end();
    expect(out.text).toBe("");
  });
});
