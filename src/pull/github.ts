/**
 * A source's repository, pinned. The descriptor's `upstream` names a GitHub repository and its `revision`
 * a tag, branch or commit. A revision that is not a full commit sha is resolved with the GitHub API
 * (`GET <api>/repos/<owner>/<repo>/commits/<revision>` with `Accept: application/vnd.github.sha`, which
 * answers the full sha of a tag, a branch or an abbreviated sha without downloading anything); the
 * archive fetched is then always that commit's, `<archive base>/<owner>/<repo>/tar.gz/<commit>`, and
 * its pax header must name the same commit.
 */
import { UserError } from "../errors.js";
import { type HttpClient, HttpError } from "./http.js";

const SHA = /^[0-9a-f]{40}$/;

/** `owner/repo` of a GitHub URL (`https://github.com/owner/repo[.git]`); anything else is a config error. */
export function githubRepo(upstream: string | undefined, where: string): string {
  const match = /^https?:\/\/(?:www\.)?github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(upstream ?? "");
  if (match === null) {
    throw new UserError(
      "E_CONFIG",
      `${where}/upstream: ${upstream === undefined ? "missing" : JSON.stringify(upstream)}; pull fetches a GitHub repository, named https://github.com/<owner>/<repo>.`,
    );
  }
  return `${match[1]}/${match[2]}`;
}

/** The commit `ref` names in `repo`: itself when it is a full sha (no request), else the API's answer. */
export async function resolveCommit(client: HttpClient, api: string, repo: string, ref: string, label: string): Promise<string> {
  if (SHA.test(ref)) return ref;
  const url = `${api}/repos/${repo}/commits/${encodeURIComponent(ref)}`;
  let answer: { text: string; url: string };
  try {
    answer = await client.text(url, { accept: "application/vnd.github.sha" });
  } catch (error) {
    if (error instanceof HttpError && (error.status === 404 || error.status === 422))
      throw new UserError("E_CONFIG", `${label}: no revision "${ref}" in ${repo} (${error.message}).`);
    throw error;
  }
  const sha = answer.text.trim();
  if (!SHA.test(sha))
    throw new UserError("E_NETWORK", `GET ${answer.url}: expected a commit sha, got ${JSON.stringify(sha.slice(0, 80))}.`);
  return sha;
}

export function archiveUrl(base: string, repo: string, commit: string): string {
  return `${base}/${repo}/tar.gz/${commit}`;
}
