/**
 * Checking pulled files against their lock: every file the lock names is there with its size and
 * sha256, and nothing else is under the root (a stray file would be read by a build without being
 * locked). `build --lock` runs this before any data is read; `pull` runs it to know what it may keep.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { mapLimit } from "../core/map-limit.js";
import { byCodeUnit } from "../core/py-str.js";
import { UserError } from "../errors.js";
import { hashFile } from "../write/hash.js";
import { contentDigest, type LockedFile, type LockedSource, type ReadLock } from "./lock.js";

/** A file the lock expects under a source root: its place relative to the root, size, sha256 (and link target). */
type Expected = Pick<LockedFile, "size" | "sha256" | "link"> & { local: string };

/** What a locked source expects under its root: the repository's files and the Hub's. */
function expectedFiles(source: LockedSource): Expected[] {
  return [
    ...source.git.files.map((f) => ({ local: f.path, size: f.size, sha256: f.sha256, ...(f.link !== undefined && { link: f.link }) })),
    ...source.hub.flatMap((h) => h.files.map((f) => ({ local: f.local, size: f.size, sha256: f.sha256 }))),
  ];
}

/** The absolute root of a locked source; a root that leaves the lock's folder is refused. */
function lockedRoot(lock: ReadLock, name: string): string {
  const source = lock.lock.sources[name];
  if (source === undefined) throw new Error(`no source ${name} in the lock`);
  const root = resolve(lock.dir, source.root);
  const rel = relative(lock.dir, root);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new UserError("E_INPUT", `${lock.file}#/sources/${name}/root: "${source.root}" is not a folder inside ${lock.dir}.`);
  }
  return root;
}

/** Every file and symbolic link under `root`, relative with / separators, in code-unit order. */
export async function listTree(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    out.push(relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"));
  }
  return out.sort(byCodeUnit);
}

/** sha256 and size of a file, or of a symbolic link's target text; undefined when absent. */
async function fileFacts(file: string): Promise<{ size: number; sha256: string; link?: string } | undefined> {
  let stat: Awaited<ReturnType<typeof lstat>>;
  try {
    stat = await lstat(file);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) {
    const link = await readlink(file);
    const bytes = Buffer.from(link, "utf8");
    return { size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), link };
  }
  if (!stat.isFile()) return undefined;
  const { sha256, bytes } = await hashFile(file);
  return { size: bytes, sha256 };
}

/** Every file under `root` as the lock records it (path, size, sha256; a link's target), in code-unit order. */
export async function hashTree(root: string, skip: (path: string) => boolean = () => false): Promise<LockedFile[]> {
  const paths = (await listTree(root)).filter((p) => !skip(p));
  return mapLimit(paths, 8, async (path) => {
    const facts = await fileFacts(join(root, path));
    if (facts === undefined) throw new UserError("E_INPUT", `${join(root, path)}: not a regular file or a symbolic link.`);
    return { path, ...facts };
  });
}

/** Whether a file on disk is the one expected (size first, so a wrong size costs no hashing). */
export async function matches(file: string, expected: Pick<Expected, "size" | "sha256" | "link">): Promise<string | undefined> {
  let stat: Awaited<ReturnType<typeof lstat>>;
  try {
    stat = await lstat(file);
  } catch {
    return "missing";
  }
  if (expected.link === undefined && stat.isFile() && stat.size !== expected.size) return `${stat.size} bytes, locked ${expected.size}`;
  const facts = await fileFacts(file);
  if (facts === undefined) return "not a file";
  if ((facts.link ?? null) !== (expected.link ?? null))
    return expected.link === undefined ? "a symbolic link, locked a file" : "not the locked link";
  if (facts.size !== expected.size) return `${facts.size} bytes, locked ${expected.size}`;
  if (facts.sha256 !== expected.sha256) return `sha256 ${facts.sha256}, locked ${expected.sha256}`;
  return undefined;
}

/** Problems of one locked source on disk, each `<name>/<path>: <what>`; empty when it is exactly as locked. */
async function checkSource(lock: ReadLock, name: string): Promise<string[]> {
  const source = lock.lock.sources[name] as LockedSource;
  const root = lockedRoot(lock, name);
  const problems: string[] = [];
  if (contentDigest(source.git.files) !== source.git.digest)
    problems.push(`${name}: the lock's file list does not give its digest (edited?)`);
  const expected = new Map(expectedFiles(source).map((e) => [e.local, e]));
  const present = await listTree(root);
  for (const path of present) if (!expected.has(path)) problems.push(`${name}/${path}: not in the lock`);
  const checked = await mapLimit([...expected.values()], 8, async (e) => [e.local, await matches(join(root, e.local), e)] as const);
  for (const [path, problem] of checked) if (problem !== undefined) problems.push(`${name}/${path}: ${problem}`);
  return problems.sort(byCodeUnit);
}

/**
 * `build --lock`: check every file of the named sources against the lock before anything reads them.
 * Every problem is listed; any is a user error (exit 1) naming the file.
 */
export async function verifyLockedSources(lock: ReadLock, names: readonly string[]): Promise<void> {
  const problems: string[] = [];
  for (const name of names) problems.push(...(await checkSource(lock, name)));
  if (problems.length === 0) return;
  const shown = problems.slice(0, 20).map((p) => `  ${p}`);
  if (problems.length > 20) shown.push(`  ... and ${problems.length - 20} more`);
  throw new UserError(
    "E_INPUT",
    `${lock.file}: ${problems.length} file(s) differ from the lock:\n${shown.join("\n")}\n` +
      "The pulled copy changed since it was locked; `iml-bench pull` with the same config and --to repairs it.",
  );
}

/** The roots of the lock's sources, absolute, by name. */
export function lockRoots(lock: ReadLock): Map<string, string> {
  return new Map(Object.keys(lock.lock.sources).map((name) => [name, lockedRoot(lock, name)]));
}
