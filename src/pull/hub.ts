/**
 * The Hugging Face Hub's Parquet conversion of a dataset, pinned. For a dataset id:
 * `GET <hub>/api/datasets/<id>/revision/refs%2Fconvert%2Fparquet?blobs=true` resolves the conversion's
 * branch to a commit and lists its files with size and (for LFS files) sha256; `GET
 * <hub>/api/datasets/<id>/parquet` lists its configs, their splits and shards; a split's files are those
 * under `<config>/<split>/` (or `<config>/partial-<split>/`, a conversion cut at 5 GB) at that commit,
 * downloaded from `<hub>/datasets/<id>/resolve/<commit>/<path>`, whose answer must carry the same
 * `X-Repo-Commit`. A dataset the Hub does not have, or will not show, is `HubMissing`: listed, not fatal.
 */
import { posix } from "node:path";
import { isRecord } from "../core/guards.js";
import { byCodeUnit } from "../core/py-str.js";
import { UserError } from "../errors.js";
import type { LockedHubSplit } from "../lock/lock.js";
import type { HubRows } from "../sources/contract.js";
import type { Endpoints } from "./endpoints.js";
import { type Answer, type HttpClient, HttpError } from "./http.js";

/** A dataset (or config, or split) the Hub does not give: why, in words. */
export class HubMissing extends Error {
  override name = "HubMissing";
}

interface HubFile {
  path: string;
  size: number | undefined;
  sha256: string | undefined;
}

interface Revision {
  sha: string;
  files: HubFile[];
}

type Listing = Record<string, Record<string, unknown[]>>;

/** One split of one config, as it will be locked; a file's `size` and `sha256` known when the Hub says them. */
export type PlannedSplit = Omit<LockedHubSplit, "files"> & {
  files: { path: string; local: string; size: number | undefined; sha256: string | undefined }[];
};

/** The Hub of one pull: answers are asked once per dataset id and shared. */
export class Hub {
  private readonly revisions = new Map<string, Promise<Revision>>();
  private readonly listings = new Map<string, Promise<Listing>>();

  constructor(
    private readonly client: HttpClient,
    private readonly endpoints: Endpoints,
  ) {}

  /** The splits `rows` needs, at the conversion's current commit; HubMissing when it cannot have them. */
  async plan(rows: HubRows, id: string, splits: readonly string[]): Promise<PlannedSplit[]> {
    const revision = await this.cached(this.revisions, id, () => this.revision(id));
    const listing = await this.cached(this.listings, id, () => this.listing(id));
    const config = chooseConfig(rows.config, listing);
    const available = listing[config] ?? {};
    const planned: PlannedSplit[] = [];
    for (const split of splits) {
      const key = Object.hasOwn(available, split) ? split : Object.hasOwn(available, `partial-${split}`) ? `partial-${split}` : undefined;
      if (key === undefined) continue;
      const files = splitFiles(revision, config, key);
      if (files.length === 0)
        throw new UserError(
          "E_NETWORK",
          `${id}: the Parquet listing names ${config}/${key}, but commit ${revision.sha} has no file under it; pull again later.`,
        );
      planned.push({
        dataset: rows.dataset,
        id,
        config,
        split,
        revision: revision.sha,
        tasks: rows.tasks,
        folder: rows.folder,
        files: files.map((f) => ({ ...f, local: `${rows.folder}/${split}/${posix.basename(f.path)}` })),
      });
    }
    if (planned.length === 0)
      throw new HubMissing(
        `config ${config} has none of the splits ${splits.join(", ")} (it has: ${Object.keys(available).sort(byCodeUnit).join(", ")})`,
      );
    return planned;
  }

  /** Where a file of the conversion is downloaded from, at a commit. */
  fileUrl(id: string, revision: string, path: string): string {
    return `${this.endpoints.hub}/datasets/${id}/resolve/${revision}/${path.split("/").map(encodeURIComponent).join("/")}`;
  }

  /** Refuse an answer the Hub gave for another commit than the one asked for. */
  static checkCommit(answer: Answer, revision: string): void {
    for (const headers of answer.hops) {
      const commit = headers.get("x-repo-commit");
      if (commit !== null && commit !== revision)
        throw new UserError("E_NETWORK", `GET ${answer.url}: the Hub answered for commit ${commit}, not ${revision}.`);
    }
  }

  private cached<T>(map: Map<string, Promise<T>>, id: string, make: () => Promise<T>): Promise<T> {
    let found = map.get(id);
    if (found === undefined) map.set(id, (found = make()));
    return found;
  }

  private async revision(id: string): Promise<Revision> {
    const url = `${this.endpoints.hub}/api/datasets/${id}/revision/${encodeURIComponent("refs/convert/parquet")}?blobs=true`;
    const body = await this.ask(url);
    const sha = isRecord(body) ? body.sha : undefined;
    const siblings = isRecord(body) && Array.isArray(body.siblings) ? body.siblings : undefined;
    if (typeof sha !== "string" || !/^[0-9a-f]{40}$/.test(sha) || siblings === undefined)
      throw new UserError("E_NETWORK", `GET ${url}: expected {sha, siblings}, got ${JSON.stringify(body).slice(0, 200)}.`);
    const files: HubFile[] = [];
    for (const s of siblings) {
      if (!isRecord(s) || typeof s.rfilename !== "string") continue;
      const lfs = isRecord(s.lfs) ? s.lfs : undefined;
      const sha256 = typeof lfs?.sha256 === "string" && /^[0-9a-f]{64}$/.test(lfs.sha256) ? lfs.sha256 : undefined;
      const size = typeof lfs?.size === "number" ? lfs.size : typeof s.size === "number" ? s.size : undefined;
      files.push({ path: s.rfilename, size, sha256 });
    }
    return { sha, files };
  }

  private async listing(id: string): Promise<Listing> {
    const url = `${this.endpoints.hub}/api/datasets/${id}/parquet`;
    const body = await this.ask(url);
    if (!isRecord(body))
      throw new UserError("E_NETWORK", `GET ${url}: expected {config: {split: [urls]}}, got ${JSON.stringify(body).slice(0, 200)}.`);
    const listing: Listing = {};
    for (const [config, splits] of Object.entries(body)) {
      if (!isRecord(splits)) continue;
      listing[config] = Object.fromEntries(Object.entries(splits).filter(([, urls]) => Array.isArray(urls))) as Record<string, unknown[]>;
    }
    return listing;
  }

  /** A Hub API answer; a dataset the Hub does not have or will not show is HubMissing, anything else fatal. */
  private async ask(url: string): Promise<unknown> {
    try {
      return await this.client.json(url);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.status === 404) throw new HubMissing(`not on the Hub, or without a Parquet conversion (${error.message})`);
      if (error.status === 401 || error.status === 403) {
        const hint = this.endpoints.hubToken
          ? "HF_TOKEN may not read it: accept its conditions on the Hub"
          : "gated or private: set HF_TOKEN";
        throw new HubMissing(`${hint} (${error.message})`);
      }
      throw error;
    }
  }
}

/** The config a task reads: the one it names, else the conversion's only one, else `default`. */
function chooseConfig(wanted: string | undefined, listing: Listing): string {
  const configs = Object.keys(listing).sort(byCodeUnit);
  if (wanted !== undefined) {
    if (configs.includes(wanted)) return wanted;
    throw new HubMissing(`config ${wanted} is not in its Parquet conversion (it has: ${configs.join(", ") || "none"})`);
  }
  if (configs.length === 1) return configs[0] as string;
  if (configs.includes("default")) return "default";
  throw new HubMissing(`it has several configs (${configs.join(", ")}) and the source names none`);
}

/** The Parquet files of `<config>/<key>/` at a commit, in shard order. */
function splitFiles(revision: Revision, config: string, key: string): HubFile[] {
  const prefixes = [`${config}/${key}/`, ...(key.startsWith("partial-") ? [] : [`${config}/partial-${key}/`])];
  for (const prefix of prefixes) {
    const files = revision.files.filter(
      (f) => f.path.startsWith(prefix) && f.path.endsWith(".parquet") && !f.path.slice(prefix.length).includes("/"),
    );
    if (files.length > 0) return files.sort((a, b) => byCodeUnit(a.path, b.path));
  }
  return [];
}
