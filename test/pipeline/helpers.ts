/** Helpers for build tests: temporary folders, reading a build back. */
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { CliIO } from "../../src/cli-io.js";
import { packageRoot } from "../../src/config/package-root.js";
import { byCodeUnit } from "../../src/core/py-str.js";
import type { OutputRecord } from "../../src/types.js";

export const ROOT = packageRoot();
export const SHARED = join(ROOT, "..", "shared", "sources-sample");

export async function tempDir(prefix = "iml-bench-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Every file of a folder, by relative path, with its bytes. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    out.set(relative(dir, file), await readFile(file, "utf8"));
  }
  return new Map([...out].sort(([a], [b]) => byCodeUnit(a, b)));
}

/** All records of a build (train and every eval file). */
export async function readRecords(dir: string): Promise<OutputRecord[]> {
  const records: OutputRecord[] = [];
  for (const [path, text] of await readTree(dir)) {
    if (!path.endsWith(".jsonl")) continue;
    for (const line of text.split("\n")) if (line) records.push(JSON.parse(line) as OutputRecord);
  }
  return records;
}

/** A CLI output sink that keeps what a command prints. */
export function collector(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

/** A writable copy of the Super-NI sample corpus. */
export async function copySample(into: string): Promise<string> {
  const dest = join(into, "natural-instructions");
  await cp(join(ROOT, "sources", "sample", "supernatural"), dest, { recursive: true });
  return dest;
}
