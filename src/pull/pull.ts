/**
 * `iml-bench pull`: everything a split config's sources need, at pinned revisions, into one folder, and
 * `<to>/sources.lock.json` saying exactly what is there. Each source goes to `<to>/<name>/`: its
 * repository (a GitHub archive of the pinned commit) with the Hub rows its checkout reads in the layout its
 * adapter reads. The lock lists a source only once everything of it is in place; while a source changes
 * it is out of the lock (so `build --lock` refuses it) and `<to>/.pull/state.json` keeps what is done for
 * the next pull to resume. `offline` only checks the pulled files against the lock.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { loadSources, type ResolvedSource } from "../config/sources.js";
import { UserError } from "../errors.js";
import { LOCK_FILE, type Lock, type LockedMissing, type LockedSource, lockText, type ReadLock, readLock, writeLock } from "../lock/lock.js";
import { verifyLockedSources } from "../lock/verify.js";
import { loadSplitConfig } from "../pipeline/split-config.js";
import { createProgress, formatBytes, type Progress } from "../progress.js";
import type { SourceDefinition } from "../sources/contract.js";
import { resolveOptions } from "../sources/options.js";
import { findSource, SOURCES, type Sources } from "../sources/registry.js";
import type { PullContext } from "./context.js";
import { credentialsFrom, endpointsFrom } from "./endpoints.js";
import { HttpClient, type HttpOptions } from "./http.js";
import { Hub } from "./hub.js";
import { pullSource } from "./source.js";

export interface PullOptions {
  /** The split config: its sources, their options, and the splits to pull (`instance_splits`). */
  configFile: string;
  /** The folder to pull into; `<to>/sources.lock.json` is the lock. */
  to: string;
  /** Only these sources (names the config reads); the lock keeps the others as they were. @default all */
  sources?: readonly string[] | undefined;
  /** Check the pulled files against the lock; no network. */
  offline?: boolean;
  /** Resolve every revision again (tags, branches, the Hub's conversions) instead of keeping the locked ones. */
  update?: boolean;
  /** Endpoints and tokens (HF_ENDPOINT, HF_TOKEN, IML_BENCH_GITHUB_ARCHIVE_URL, ...). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Concurrency, attempts, backoff, timeouts. */
  http?: Partial<Omit<HttpOptions, "auth" | "log">>;
  /** @default the package's sources */
  registry?: Sources;
  /** Status line and log lines (retries, per-source results). @default messages to stderr, no status line */
  progress?: Progress;
}

export interface PulledSource {
  name: string;
  repo: string;
  ref: string;
  commit: string;
  /** Repository files and Hub files in place. */
  files: number;
  hubFiles: number;
  /** Files downloaded by this pull (the archive counts as one) and their bytes. */
  downloaded: number;
  bytes: number;
  /** Files under the root that the lock did not name, removed. */
  removed: number;
  missing: LockedMissing[];
}

export interface PullReport {
  lockFile: string;
  offline: boolean;
  /** HTTP requests made (0 for a warm or offline pull). */
  requests: number;
  sources: PulledSource[];
}

export async function pull(options: PullOptions): Promise<PullReport> {
  const registry = options.registry ?? SOURCES;
  const env = options.env ?? process.env;
  const progress = options.progress ?? createProgress(process.stderr, { mode: "never" });
  const to = resolve(options.to);
  const lockFile = join(to, LOCK_FILE);
  const { config, dir } = await loadSplitConfig(options.configFile, undefined, registry);
  const descriptors = selected(
    await loadSources(config.sources, dir, new Map(), registry, { anyRoot: true }),
    options.sources,
    options.configFile,
  );
  if (options.offline) return offline(lockFile, descriptors);

  const splits = [...new Set([...config.instance_splits.train, ...config.instance_splits.eval])];
  const endpoints = endpointsFrom(env);
  const client = new HttpClient({ ...options.http, auth: credentialsFrom(env, endpoints), log: (m) => progress.log(m) });
  const work = join(to, ".pull");
  await mkdir(work, { recursive: true });
  const lock: Lock = existsSync(lockFile) ? (await readLock(lockFile)).lock : { lock_version: 1, sources: {} };
  const state = new PullState(join(work, "state.json"));
  await state.read();
  const ctx: PullContext = {
    client,
    endpoints,
    hub: new Hub(client, endpoints),
    work,
    splits,
    update: options.update ?? false,
    progress,
    bytes: formatBytes,
    async changing(name, done) {
      if (lock.sources[name] !== undefined) {
        delete lock.sources[name];
        await saveLock(lockFile, lock);
      }
      if (done !== undefined) await state.set(name, done);
    },
  };
  const pulled: PulledSource[] = [];
  try {
    for (const descriptor of descriptors) {
      const definition = findSource(descriptor.adapter, registry) as SourceDefinition;
      const sourceOptions = resolveOptions(definition, [
        { origin: `${descriptor.file}#/options`, values: descriptor.options },
        { origin: `${options.configFile}#/source_options/${descriptor.name}`, values: config.source_options[descriptor.name] },
      ]);
      const previous = lock.sources[descriptor.name] ?? state.get(descriptor.name);
      const root = join(to, descriptor.name);
      const result = await pullSource(ctx, { name: descriptor.name, root, descriptor, definition, options: sourceOptions, previous });
      lock.sources[descriptor.name] = result.locked;
      await saveLock(lockFile, lock);
      await state.set(descriptor.name, undefined);
      pulled.push(summary(descriptor.name, result.locked, result));
    }
  } finally {
    progress.end();
  }
  // Nothing to resume: the pull's working folder (archives, partial files, state) goes.
  if (state.empty()) await rm(work, { recursive: true, force: true });
  return { lockFile, offline: false, requests: client.requests, sources: pulled };
}

/** The config's sources, or those `--source` names (each must be one the config reads). */
function selected(descriptors: ResolvedSource[], names: readonly string[] | undefined, configFile: string): ResolvedSource[] {
  if (names === undefined || names.length === 0) return descriptors;
  const known = descriptors.map((d) => d.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0)
    throw new UserError(
      "E_ARG",
      `--source ${unknown.join(", ")}: ${configFile} does not read ${unknown.length > 1 ? "these" : "it"} (it reads: ${known.join(", ")}).`,
    );
  return descriptors.filter((d) => names.includes(d.name));
}

/** `--offline`: check every file of the selected sources against the lock; no network at all. */
async function offline(lockFile: string, descriptors: readonly ResolvedSource[]): Promise<PullReport> {
  if (!existsSync(lockFile)) throw new UserError("E_INPUT", `${lockFile}: no lock yet; pull once without --offline.`);
  const read: ReadLock = await readLock(lockFile);
  const absent = descriptors.filter((d) => read.lock.sources[d.name] === undefined).map((d) => d.name);
  if (absent.length > 0)
    throw new UserError(
      "E_INPUT",
      `${lockFile}: no ${absent.join(", ")} in the lock; pull ${absent.length > 1 ? "them" : "it"} without --offline.`,
    );
  await verifyLockedSources(
    read,
    descriptors.map((d) => d.name),
  );
  const sources = descriptors.map((d) => {
    const locked = read.lock.sources[d.name] as LockedSource;
    return summary(d.name, locked, { downloaded: 0, bytes: 0, removed: 0 });
  });
  return { lockFile, offline: true, requests: 0, sources };
}

function summary(name: string, locked: LockedSource, counts: { downloaded: number; bytes: number; removed: number }): PulledSource {
  return {
    name,
    repo: locked.git.repo,
    ref: locked.git.ref,
    commit: locked.git.commit,
    files: locked.git.files.length,
    hubFiles: locked.hub.reduce((n, h) => n + h.files.length, 0),
    ...counts,
    missing: locked.missing,
  };
}

/** One source in a line: `promptsource  bigscience-workshop/promptsource@0cc4b0c = 0cc4b0c8…  279 files, Hub 410 files (12 downloaded, 3.1 GB)`. */
export function line(s: PulledSource, bytes: (n: number) => string): string {
  const hub =
    s.hubFiles > 0 || s.missing.length > 0
      ? `, Hub: ${s.hubFiles} files${s.missing.length ? `, ${s.missing.length} dataset(s) missing` : ""}`
      : "";
  const got = s.downloaded > 0 ? ` (${s.downloaded} downloaded, ${bytes(s.bytes)})` : "";
  const removed = s.removed > 0 ? `, ${s.removed} unlocked file(s) removed` : "";
  return `${s.name}: ${s.repo}@${s.ref} = ${s.commit.slice(0, 12)}, ${s.files} files${hub}${got}${removed}`;
}

async function saveLock(file: string, lock: Lock): Promise<void> {
  if (existsSync(file) && (await readFile(file, "utf8")) === lockText(lock)) return;
  await writeLock(file, lock);
}

/** What an interrupted pull had done per source (its repository in place), so the next one resumes. */
class PullState {
  private lock: Lock = { lock_version: 1, sources: {} };
  constructor(private readonly file: string) {}

  async read(): Promise<void> {
    if (!existsSync(this.file)) return;
    try {
      this.lock = (await readLock(this.file)).lock;
    } catch {
      await rm(this.file, { force: true });
    }
  }

  empty(): boolean {
    return Object.keys(this.lock.sources).length === 0;
  }

  get(name: string): LockedSource | undefined {
    return this.lock.sources[name];
  }

  async set(name: string, source: LockedSource | undefined): Promise<void> {
    if (source === undefined && this.lock.sources[name] === undefined) return;
    if (source === undefined) delete this.lock.sources[name];
    else this.lock.sources[name] = source;
    if (Object.keys(this.lock.sources).length === 0) await rm(this.file, { force: true });
    else await writeLock(this.file, this.lock);
  }
}
