/**
 * A source's repository at a commit, put in place: the archive downloaded (resumable) into the pull's
 * own folder, extracted into a staging folder, its files hashed, then swapped in for the old root with
 * two renames. Hub files the old root held are carried over (they are checked again before use); the
 * old root goes only once the new one is in place.
 */
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";
import { contentDigest, type LockedGit, type LockedSource } from "../lock/lock.js";
import { hashTree } from "../lock/verify.js";
import { extractArchive } from "./archive.js";
import type { PullContext } from "./context.js";
import { download } from "./download.js";
import { archiveUrl } from "./github.js";

export interface CheckoutRequest {
  name: string;
  root: string;
  repo: string;
  ref: string;
  commit: string;
  /** What the root held before (its Hub files are carried over). */
  previous: LockedSource | undefined;
  /** The content digest a lock records for this commit: the archive must give the same files. */
  digest: string | undefined;
}

/** The repository fetched and in place, and the archive's size. */
export async function fetchCheckout(ctx: PullContext, request: CheckoutRequest): Promise<{ git: LockedGit; bytes: number }> {
  const { name, root, repo, commit } = request;
  const label = `${name}: ${repo}@${commit}`;
  const url = archiveUrl(ctx.endpoints.archive, repo, commit);
  const archive = join(ctx.work, "archives", `${repo.replace("/", "__")}-${commit}.tar.gz`);
  let bytes = 0;
  ctx.progress.status(`${name}: downloading ${repo}@${commit.slice(0, 7)}`);
  const got = await download(ctx.client, {
    url,
    dest: archive,
    partialDir: join(ctx.work, "partial"),
    onBytes: (n) => {
      bytes += n;
      ctx.progress.status(`${name}: downloading ${repo}@${commit.slice(0, 7)}: ${ctx.bytes(bytes)}`);
    },
  });
  ctx.progress.status(`${name}: extracting ${repo}@${commit.slice(0, 7)}`);
  const staging = join(ctx.work, "staging", name);
  const { commit: named } = await extractArchive(archive, staging, label);
  if (named !== undefined && named !== commit) {
    await rm(staging, { recursive: true, force: true });
    throw new UserError("E_NETWORK", `${label}: the archive says it is commit ${named}; refused.`);
  }
  const files = await hashTree(staging);
  const digest = contentDigest(files);
  if (request.digest !== undefined && digest !== request.digest) {
    await rm(staging, { recursive: true, force: true });
    throw new UserError(
      "E_NETWORK",
      `${label}: the archive's files are not those the lock records for this commit (content digest ${digest}, locked ${request.digest}); nothing was changed.`,
    );
  }
  await carryOver(request.previous, root, staging);
  const trash = join(ctx.work, "trash", `${name}-${process.pid}`);
  await rm(trash, { recursive: true, force: true });
  await mkdir(dirname(trash), { recursive: true });
  if (existsSync(root)) await rename(root, trash);
  await mkdir(dirname(root), { recursive: true });
  await rename(staging, root);
  await rm(trash, { recursive: true, force: true });
  await rm(archive, { force: true });
  return { git: { repo, ref: request.ref, commit, archive_sha256: got.sha256, digest, files }, bytes: got.size };
}

/** Hub files of the old root move to the new one, where the checkout has no file of that name. */
async function carryOver(previous: LockedSource | undefined, root: string, staging: string): Promise<void> {
  for (const split of previous?.hub ?? []) {
    for (const file of split.files) {
      const from = join(root, file.local);
      const to = join(staging, file.local);
      if (!existsSync(from) || existsSync(to)) continue;
      await mkdir(dirname(to), { recursive: true });
      await rename(from, to);
    }
  }
}
