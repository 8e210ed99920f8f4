/**
 * `--progress` of the long commands, run as the CLI runs (dist/, built by `npm test`): on a terminal with
 * CI unset a status line on stderr (stage, done of total, records), cleared at the end; nothing of it in a
 * pipe, in CI or with `never`; stdout the same either way. Standard error goes to a pseudo-terminal made by
 * python3's pty module (skipped, visibly, without python3).
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, removeDir, tempDir } from "../pipeline/helpers.js";
import { buildDemo } from "../publish/helpers.js";

const CLI = join(ROOT, "dist", "src", "cli.js");
const PTY = join(ROOT, "test", "commands", "pty.py");
const hasPython = spawnSync("python3", ["--version"]).status === 0;
if (!hasPython) console.warn("[skip] progress on a terminal: python3 (its pty module) is absent");

/** The newest modification time of the files with this extension under a folder, in ms. */
function newest(dir: string, ext: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile() && entry.name.endsWith(ext)) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return latest;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment without CI (the tests say when it is set). */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { CI: _, ...rest } = process.env;
  return { ...rest, ...extra };
}

async function onTerminal(args: readonly string[], extra: Record<string, string> = {}): Promise<Run> {
  const { stdout } = await promisify(execFile)("python3", [PTY, process.execPath, CLI, ...args], { env: env(extra), maxBuffer: 1 << 26 });
  const run = JSON.parse(stdout) as Run;
  // A terminal writes a newline as CR LF.
  return { ...run, stderr: run.stderr.replaceAll("\r\n", "\n") };
}

async function inPipes(args: readonly string[], extra: Record<string, string> = {}): Promise<Run> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: env(extra), maxBuffer: 1 << 26 });
  return { code: 0, stdout, stderr };
}

const STATUS = "\r\x1b[K";

describe.skipIf(!hasPython)("--progress (stderr on a pseudo-terminal via python3)", () => {
  let dir: string;
  let build: string;
  beforeAll(async () => {
    if (!existsSync(CLI) || newest(join(ROOT, "src"), ".ts") > newest(join(ROOT, "dist", "src"), ".js"))
      throw new Error("dist/ is missing or older than src/: run `npm run build` first (`npm test` does).");
    dir = await tempDir();
    build = (await buildDemo(dir, "demo", "jsonl")).out;
  });
  afterAll(async () => removeDir(dir));

  it("build: its stages on a terminal (tasks scanned and rendered of all, records), the log lines kept; in a pipe only the log lines", async () => {
    const args = ["build", "--config", join(ROOT, "splits", "demo.yaml"), "--force"];
    const tty = await onTerminal([...args, "--out", join(dir, "build-tty")]);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\r\x1b\[Kscan: \d+\/27 tasks, 0 records/);
    expect(tty.stderr).toMatch(/\r\x1b\[Krender: \d+\/23 tasks, [\d,]+ records/);
    expect(tty.stderr).toContain("\r\x1b[Kread 27 tasks from 4 source(s)\n");
    expect(tty.stderr).toContain("\r\x1b[Kwrote 600 records\n");
    expect(tty.stderr.endsWith(STATUS)).toBe(true);
    const pipe = await inPipes([...args, "--out", join(dir, "build-pipe")]);
    expect(pipe.stderr).toBe("read 27 tasks from 4 source(s)\nwrote 600 records\n");
    expect(tty.stdout.replaceAll("build-tty", "build-pipe")).toBe(pipe.stdout);
    expect(pipe.stdout).toMatch(/^built demo \(seed 1\) into /);
    const ci = await onTerminal([...args, "--out", join(dir, "build-ci")], { CI: "1" });
    expect(ci.stderr).toBe(pipe.stderr);
  });

  it("export: a status line on a terminal, cleared at the end; stdout only the summary", async () => {
    const run = await onTerminal(["export", build, "--format", "trl", "--out", join(dir, "trl-tty")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\r\x1b\[Kexport: \d+\/\d+ files, [\d,]+ records/);
    expect(run.stderr.endsWith(STATUS)).toBe(true);
    expect(run.stderr.replaceAll(/\r\x1b\[K[^\r]*/g, "")).toBe("");
    expect(run.stdout).toMatch(/^exported \d+ records as \d+ trl rows in \d+ file\(s\) into .*\n$/);
  });

  it("export: nothing on stderr in a pipe, in CI or with never; the status with always; stdout the same", async () => {
    const tty = await onTerminal(["export", build, "--format", "trl", "--out", join(dir, "a"), "--quiet"]);
    expect(tty.stderr).toContain("export: ");
    for (const [name, run] of [
      ["pipe", await inPipes(["export", build, "--format", "trl", "--out", join(dir, "b"), "--quiet"])],
      ["CI", await onTerminal(["export", build, "--format", "trl", "--out", join(dir, "c"), "--quiet"], { CI: "true" })],
      ["never", await onTerminal(["export", build, "--format", "trl", "--out", join(dir, "d"), "--quiet", "--progress", "never"])],
    ] as const) {
      expect(run.stderr, name).toBe("");
      expect(run.stdout, name).toBe("");
    }
    const always = await inPipes(["export", build, "--format", "trl", "--out", join(dir, "e"), "--quiet", "--progress", "always"]);
    expect(always.stderr).toMatch(/^\r\x1b\[Kexport: /);
    expect(always.stdout).toBe("");
  });

  it("render: the status on a terminal, and the same JSON lines on stdout as in a pipe", async () => {
    const sample = join(ROOT, "sources", "sample", "promptsource");
    const args = [
      "render",
      "promptsource",
      "--templates",
      join(sample, "templates", "super_glue", "rte", "templates.yaml"),
      "--rows",
      join(sample, "rows", "super_glue", "rte", "validation.jsonl"),
    ];
    const tty = await onTerminal(args);
    const pipe = await inPipes(args);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\r\x1b\[Krender: \d+\/\d+ templates, [\d,]+ records/);
    expect(pipe.stderr).toBe("");
    expect(tty.stdout).toBe(pipe.stdout);
    expect(pipe.stdout.trim().split("\n").length).toBeGreaterThan(1);
    for (const line of pipe.stdout.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
  });
});
