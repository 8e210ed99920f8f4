/**
 * GitHub and the Hugging Face Hub imitated on a loopback server: the commits API, codeload archives (served
 * through a 302 redirect, as github.com/<o>/<r>/archive/... redirects to codeload), and the Hub's revision
 * API (with blobs), Parquet listing and resolve URLs (a 302 to a CDN path, with X-Repo-Commit).
 */
import { createHash } from "node:crypto";
import { Loopback } from "./loopback.js";
import { type TarEntry, tarGz } from "./tarball.js";

export const sha1 = (text: string): string => createHash("sha1").update(text).digest("hex");
const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** A dataset's conversion: config → split → shards. */
export type Conversion = Record<string, Record<string, Buffer[]>>;

export class FakeUpstream {
  /** The GitHub API and codeload. */
  readonly github = new Loopback();
  /** The Hub: its API, resolve URLs and a CDN. */
  readonly hub = new Loopback();

  async start(): Promise<this> {
    await this.github.start();
    await this.hub.start();
    return this;
  }

  async close(): Promise<void> {
    await this.github.close();
    await this.hub.close();
  }

  /** Requests to both servers. */
  count(): number {
    return this.github.count() + this.hub.count();
  }

  /** Environment that points pull at these servers. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      IML_BENCH_GITHUB_ARCHIVE_URL: this.github.base,
      IML_BENCH_GITHUB_API_URL: this.github.base,
      HF_ENDPOINT: this.hub.base,
      ...extra,
    };
  }

  /** `repo` (owner/name) whose `ref` is `commit`, its archive made of `entries` (paths under `<name>-<commit>/`). */
  repo(repo: string, ref: string, commit: string, entries: readonly TarEntry[], archive?: Buffer): void {
    this.github.serve(`/repos/${repo}/commits/${ref}`, commit);
    const blob = `/codeload-blobs/${repo}/${commit}.tar.gz`;
    this.github.redirect(`/${repo}/tar.gz/${commit}`, blob);
    this.github.serve(blob, archive ?? tarGz(entries, commit));
  }

  /** `id`'s Parquet conversion at commit `sha`; its commit. */
  dataset(id: string, conversion: Conversion, sha = sha1(`hub:${id}`)): string {
    const siblings: object[] = [];
    const listing: Record<string, Record<string, string[]>> = {};
    for (const [config, splits] of Object.entries(conversion)) {
      listing[config] = {};
      for (const [split, shards] of Object.entries(splits)) {
        listing[config][split] = shards.map((_, n) => `${this.hub.base}/api/datasets/${id}/parquet/${config}/${split}/${n}.parquet`);
        shards.forEach((bytes, n) => {
          const path = `${config}/${split}/${String(n).padStart(4, "0")}.parquet`;
          const hash = sha256(bytes);
          siblings.push({
            rfilename: path,
            size: bytes.length,
            blobId: sha1(hash),
            lfs: { sha256: hash, size: bytes.length, pointerSize: 134 },
          });
          this.hub.redirect(`/datasets/${id}/resolve/${sha}/${path}`, `/cdn/${hash}`, { "x-repo-commit": sha });
          this.hub.serve(`/cdn/${hash}`, bytes);
        });
      }
    }
    this.hub.serve(`/api/datasets/${id}/revision/refs/convert/parquet`, { id, sha, siblings });
    this.hub.serve(`/api/datasets/${id}/parquet`, listing);
    return sha;
  }
}
