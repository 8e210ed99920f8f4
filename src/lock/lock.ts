/**
 * The lockfile `iml-bench pull` writes (`<dir>/sources.lock.json`, schema/lock.schema.json): for every
 * source, its root (relative to the lockfile), the upstream repository at a resolved commit with every
 * extracted file and a content digest, and every Hugging Face Parquet file with the revision it was
 * taken at. `build --lock` reads roots from it and checks every file against it before reading any.
 */
import { createHash } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { assertSchema } from "../config/schemas.js";
import { byCodeUnit } from "../core/py-str.js";
import { UserError } from "../errors.js";

/** The lockfile's name inside the folder `pull --to` names. */
export const LOCK_FILE = "sources.lock.json";

/** One file: its path relative to the source root, size and sha256 (a symlink: its target's text, and `link`). */
export interface LockedFile {
  path: string;
  size: number;
  sha256: string;
  /** A symbolic link's target; `size` and `sha256` are then those of the target text. */
  link?: string;
}

/** The upstream repository as pulled: a GitHub archive of `commit`, resolved from `ref`. */
export interface LockedGit {
  /** `owner/repo` on GitHub. */
  repo: string;
  /** The revision asked for (the descriptor's `revision`). */
  ref: string;
  /** The commit `ref` resolved to; the archive fetched is `<base>/<repo>/tar.gz/<commit>`. */
  commit: string;
  /** sha256 of the archive's bytes. Advisory: GitHub promises an archive's contents, not its bytes. */
  archive_sha256: string;
  /** sha256 of the sorted `<sha256>  <path>\n` lines of `files` (what `sha256sum` prints). */
  digest: string;
  files: LockedFile[];
}

/** One split of one config of a Hub dataset's Parquet conversion, and where its files went. */
export interface LockedHubSplit {
  /** The dataset as the source names it (a PromptSource folder, a UnifiedSKG loader). */
  dataset: string;
  /** Its id on the Hub. */
  id: string;
  config: string;
  split: string;
  /** The commit `refs/convert/parquet` resolved to. */
  revision: string;
  /** The tasks that read these rows. */
  tasks: string[];
  /** The folder under the source root the rows went to: `<folder>/<split>/<shard>.parquet`. */
  folder: string;
  /** `path` is the file in the Hub repository; `local` where it went, relative to the source root. */
  files: (LockedFile & { local: string })[];
}

/** A dataset a task needs that could not be pulled: listed, never fatal. */
export interface LockedMissing {
  dataset: string;
  id: string;
  config: string | null;
  tasks: string[];
  reason: string;
}

export interface LockedSource {
  /** The data root, relative to the lockfile's folder. */
  root: string;
  /** The dataset splits pulled from the Hub (the split config's `instance_splits`). */
  splits: string[];
  git: LockedGit;
  hub: LockedHubSplit[];
  missing: LockedMissing[];
}

export interface Lock {
  lock_version: 1;
  sources: Record<string, LockedSource>;
}

/** A lock as read: the document, its file and the sha256 of its bytes (what a manifest records). */
export interface ReadLock {
  file: string;
  dir: string;
  sha256: string;
  lock: Lock;
}

/** The content digest of a file list: sha256 of its `<sha256>  <path>\n` lines in code-unit order of path. */
export function contentDigest(files: readonly Pick<LockedFile, "path" | "sha256">[]): string {
  const hash = createHash("sha256");
  for (const f of files.toSorted((a, b) => byCodeUnit(a.path, b.path))) hash.update(`${f.sha256}  ${f.path}\n`);
  return hash.digest("hex");
}

export async function readLock(file: string): Promise<ReadLock> {
  const path = resolve(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      "E_INPUT",
      `${path}: ${code === "ENOENT" ? "no such lockfile" : `cannot read (${code})`}. \`iml-bench pull --config <config> --to <dir>\` writes <dir>/${LOCK_FILE}.`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new UserError("E_INPUT", `${path}: not JSON (${(error as Error).message}).`);
  }
  const lock = assertSchema<Lock>("lock", doc, path);
  return { file: path, dir: dirname(path), sha256: createHash("sha256").update(bytes).digest("hex"), lock };
}

/** The lock's text: keys in a fixed order, sources and lists sorted, so the same pull writes the same bytes. */
export function lockText(lock: Lock): string {
  const sources = Object.fromEntries(
    Object.keys(lock.sources)
      .sort(byCodeUnit)
      .map((name) => [name, sortedSource(lock.sources[name] as LockedSource)]),
  );
  return `${JSON.stringify({ lock_version: 1, sources }, null, 2)}\n`;
}

function sortedSource(s: LockedSource): LockedSource {
  const byPath = <T extends { path: string }>(files: readonly T[]): T[] => files.toSorted((a, b) => byCodeUnit(a.path, b.path));
  const key = (h: { id: string; config: string | null; dataset: string }) => `${h.id}\u0000${h.config ?? ""}\u0000${h.dataset}`;
  return {
    root: s.root,
    splits: s.splits,
    git: { ...s.git, files: byPath(s.git.files) },
    hub: s.hub
      .map((h) => ({ ...h, files: byPath(h.files) }))
      .sort((a, b) => byCodeUnit(`${key(a)}\u0000${a.split}`, `${key(b)}\u0000${b.split}`)),
    missing: s.missing.toSorted((a, b) => byCodeUnit(key(a), key(b))),
  };
}

/** Write the lock atomically: a temporary file beside it, renamed into place. */
export async function writeLock(file: string, lock: Lock): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}`);
  await writeFile(tmp, lockText(lock));
  await rename(tmp, file);
}
