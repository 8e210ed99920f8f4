/**
 * One source pulled: its repository at the pinned commit, then the Hub rows its checkout reads, then
 * nothing else under its root. What a previous pull locked is kept when it still matches (same
 * repository and revision, same splits, files as locked), so a warm pull asks the network nothing.
 */
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ResolvedSource } from "../config/sources.js";
import { mapLimit } from "../core/map-limit.js";
import { byCodeUnit } from "../core/py-str.js";
import { UserError } from "../errors.js";
import type { LockedGit, LockedHubSplit, LockedMissing, LockedSource } from "../lock/lock.js";
import { listTree, matches } from "../lock/verify.js";
import type { HubRows, SourceDefinition } from "../sources/contract.js";
import { fetchCheckout } from "./checkout.js";
import type { PullContext } from "./context.js";
import { download, partialPath } from "./download.js";
import { githubRepo, resolveCommit } from "./github.js";
import { Hub, HubMissing, type PlannedSplit } from "./hub.js";

export interface SourceJob {
  name: string;
  root: string;
  descriptor: ResolvedSource;
  definition: SourceDefinition;
  options: object;
  /** The source as the lock (or an interrupted pull) left it. */
  previous: LockedSource | undefined;
}

export interface SourceResult {
  locked: LockedSource;
  /** Files downloaded (the archive included) and their bytes. */
  downloaded: number;
  bytes: number;
  removed: number;
}

export async function pullSource(ctx: PullContext, job: SourceJob): Promise<SourceResult> {
  const counts = { downloaded: 0, bytes: 0, removed: 0 };
  const git = await repository(ctx, job, counts);
  const rows = job.definition.pull ? await job.definition.pull.hubRows({ ...job.descriptor, path: job.root }, job.options) : [];
  const { planned, missing } = await planRows(ctx, job, rows);
  checkPlaces(job, git, planned);
  await fetchRows(ctx, job, git, planned, counts);
  const expected = new Set([...git.files.map((f) => f.path), ...planned.flatMap((p) => p.files.map((f) => f.local))]);
  const strays = (await listTree(job.root)).filter((path) => !expected.has(path));
  if (strays.length > 0) await ctx.changing(job.name, partial(ctx, job, git));
  for (const path of strays) await rm(join(job.root, path), { force: true });
  counts.removed = strays.length;
  const hub = planned.map(
    (p): LockedHubSplit => ({ ...p, files: p.files.map((f) => ({ ...f, size: f.size as number, sha256: f.sha256 as string })) }),
  );
  return { locked: { ...partial(ctx, job, git), hub, missing }, ...counts };
}

/** The source with its repository in place and no Hub rows yet: what an interrupted pull resumes from. */
function partial(ctx: PullContext, job: SourceJob, git: LockedGit): LockedSource {
  return { root: job.name, splits: ctx.splits, git, hub: [], missing: [] };
}

/** The repository: kept when the root holds the locked commit's files, else fetched at the (resolved) commit. */
async function repository(ctx: PullContext, job: SourceJob, counts: { downloaded: number; bytes: number }): Promise<LockedGit> {
  const where = `${job.descriptor.file}#`;
  const repo = githubRepo(job.descriptor.upstream, where);
  const ref = job.descriptor.revision;
  if (ref === undefined) throw new UserError("E_CONFIG", `${where}/revision: missing; pin the tag, branch or commit to pull.`);
  const before = job.previous?.git;
  const same = before !== undefined && before.repo === repo && before.ref === ref && !ctx.update;
  const commit = same ? before.commit : await resolveCommit(ctx.client, ctx.endpoints.githubApi, repo, ref, `${where}/revision`);
  if (before !== undefined && before.repo === repo && before.commit === commit) {
    ctx.progress.status(`${job.name}: checking ${before.files.length} files`);
    const broken = await mapLimit(before.files, 8, async (f) => matches(join(job.root, f.path), f));
    if (broken.every((problem) => problem === undefined)) return { ...before, ref };
  }
  if (job.previous === undefined && existsSync(job.root) && (await readdir(job.root)).length > 0)
    throw new UserError(
      "E_OUTPUT",
      `${job.root} exists but was not pulled here (no lock names it): move it away, or pull into another --to.`,
    );
  await ctx.changing(job.name);
  const digest = before !== undefined && before.repo === repo && before.commit === commit ? before.digest : undefined;
  const { git, bytes } = await fetchCheckout(ctx, { name: job.name, root: job.root, repo, ref, commit, previous: job.previous, digest });
  counts.downloaded++;
  counts.bytes += bytes;
  await ctx.changing(job.name, partial(ctx, job, git));
  return git;
}

/** Each Hub dataset the checkout reads: its locked splits when they still apply, else asked of the Hub. */
async function planRows(
  ctx: PullContext,
  job: SourceJob,
  rows: readonly HubRows[],
): Promise<{ planned: PlannedSplit[]; missing: LockedMissing[] }> {
  const previous = job.previous !== undefined && sameSplits(job.previous.splits, ctx.splits) && !ctx.update ? job.previous.hub : [];
  const map = job.descriptor.pull?.hub ?? {};
  const results = await mapLimit(rows, ctx.client.options.concurrency, async (need): Promise<PlannedSplit[] | LockedMissing> => {
    const id = Object.hasOwn(map, need.dataset) ? map[need.dataset] : need.dataset;
    const missing = (reason: string): LockedMissing => ({
      dataset: need.dataset,
      id: id ?? need.dataset,
      config: need.config ?? null,
      tasks: need.tasks,
      reason,
    });
    if (id === null || id === undefined) return missing(`not on the Hub (${job.descriptor.file}#/pull/hub/${need.dataset} is null)`);
    const kept = previous.filter(
      (h) =>
        h.dataset === need.dataset && h.id === id && h.folder === need.folder && (need.config === undefined || h.config === need.config),
    );
    if (kept.length > 0) return kept.map((h) => ({ ...h, tasks: need.tasks }));
    ctx.progress.status(`${job.name}: asking the Hub for ${id}`);
    try {
      return await ctx.hub.plan(need, id, ctx.splits);
    } catch (error) {
      if (error instanceof HubMissing) return missing(error.message);
      throw error;
    }
  });
  return {
    planned: results.filter((r): r is PlannedSplit[] => Array.isArray(r)).flat(),
    missing: results
      .filter((r): r is LockedMissing => !Array.isArray(r))
      .sort((a, b) => byCodeUnit(a.id, b.id) || byCodeUnit(a.config ?? "", b.config ?? "") || byCodeUnit(a.dataset, b.dataset)),
  };
}

function sameSplits(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}

/** Hub files land in places of their own: never on a repository file, never two on one place. */
function checkPlaces(job: SourceJob, git: LockedGit, planned: readonly PlannedSplit[]): void {
  const taken = new Map(git.files.map((f) => [f.path, `${git.repo}'s file`]));
  for (const split of planned) {
    for (const file of split.files) {
      const other = taken.get(file.local);
      if (other !== undefined)
        throw new UserError(
          "E_CONFIG",
          `${job.name}: ${split.id} ${file.path} would go to ${file.local}, which is ${other}; give the rows another folder.`,
        );
      taken.set(file.local, `${split.id} ${file.path}`);
    }
  }
}

/** Download every planned file that is not already in place as expected; one download per URL, copied to its other places. */
async function fetchRows(
  ctx: PullContext,
  job: SourceJob,
  git: LockedGit,
  planned: readonly PlannedSplit[],
  counts: { downloaded: number; bytes: number },
): Promise<void> {
  const files = planned.flatMap((split) => split.files.map((file) => ({ split, file })));
  ctx.progress.status(`${job.name}: checking ${files.length} Hub files`);
  const missing = await mapLimit(files, 8, async ({ file }) =>
    file.size !== undefined && file.sha256 !== undefined
      ? (await matches(join(job.root, file.local), { size: file.size, sha256: file.sha256 })) !== undefined
      : true,
  );
  const wanted = files.filter((_, i) => missing[i]);
  if (wanted.length === 0) return;
  await ctx.changing(job.name, partial(ctx, job, git));
  const total = wanted.reduce((n, { file }) => n + (file.size ?? 0), 0);
  ctx.progress.log(`${job.name}: downloading ${wanted.length} Hub file(s), ${ctx.bytes(total)}`);
  let done = 0;
  let bytes = 0;
  const show = () => ctx.progress.status(`${job.name}: ${done}/${wanted.length} Hub files, ${ctx.bytes(bytes)} of ${ctx.bytes(total)}`);
  const byUrl = new Map<string, typeof wanted>();
  for (const item of wanted) {
    const url = ctx.hub.fileUrl(item.split.id, item.split.revision, item.file.path);
    byUrl.set(url, [...(byUrl.get(url) ?? []), item]);
  }
  await mapLimit([...byUrl], ctx.client.options.concurrency * 2, async ([url, [first, ...copies]]) => {
    if (first === undefined) return;
    const dest = join(job.root, first.file.local);
    const got = await download(ctx.client, {
      url,
      dest,
      partialDir: join(ctx.work, "partial"),
      expected: {
        ...(first.file.size !== undefined && { size: first.file.size }),
        ...(first.file.sha256 !== undefined && { sha256: first.file.sha256 }),
      },
      inspect: (answer) => Hub.checkCommit(answer, first.split.revision),
      onBytes: (n) => {
        bytes += n;
        show();
      },
    });
    counts.downloaded++;
    counts.bytes += got.size;
    for (const item of [first, ...copies]) {
      item.file.size = got.size;
      item.file.sha256 = got.sha256;
      if (item === first) continue;
      // A copy is made beside the partial files and renamed into place, like a download.
      const target = join(job.root, item.file.local);
      const copy = `${partialPath(join(ctx.work, "partial"), target)}.copy`;
      await copyFile(dest, copy);
      await mkdir(dirname(target), { recursive: true });
      await rename(copy, target);
    }
    done += 1 + copies.length;
    show();
  });
}
