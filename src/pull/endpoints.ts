/**
 * Where `pull` fetches from, and with what credentials, from the environment:
 * `IML_BENCH_GITHUB_ARCHIVE_URL` (default https://codeload.github.com) serves `<owner>/<repo>/tar.gz/<commit>`,
 * `IML_BENCH_GITHUB_API_URL` (default https://api.github.com) resolves a revision to a commit,
 * `HF_ENDPOINT` (the Hub's own variable; default https://huggingface.co) serves the datasets' Parquet
 * conversions. `HF_TOKEN` is sent to the Hub's origin only, `GITHUB_TOKEN` to the API's; neither is
 * ever printed or written to the lock.
 */

export interface Endpoints {
  archive: string;
  githubApi: string;
  hub: string;
  /** Whether a Hub token is set (for messages about gated datasets). */
  hubToken: boolean;
}

const trimmed = (url: string): string => url.replace(/\/+$/, "");

export function endpointsFrom(env: NodeJS.ProcessEnv): Endpoints {
  return {
    archive: trimmed(env.IML_BENCH_GITHUB_ARCHIVE_URL || "https://codeload.github.com"),
    githubApi: trimmed(env.IML_BENCH_GITHUB_API_URL || "https://api.github.com"),
    hub: trimmed(env.HF_ENDPOINT || "https://huggingface.co"),
    hubToken: Boolean(env.HF_TOKEN),
  };
}

/** `Authorization` values by origin: the Hub token for the Hub, the GitHub token for the GitHub API. */
export function credentialsFrom(env: NodeJS.ProcessEnv, endpoints: Endpoints): Map<string, string> {
  const auth = new Map<string, string>();
  if (env.GITHUB_TOKEN) auth.set(new URL(endpoints.githubApi).origin, `Bearer ${env.GITHUB_TOKEN}`);
  if (env.HF_TOKEN) auth.set(new URL(endpoints.hub).origin, `Bearer ${env.HF_TOKEN}`);
  return auth;
}
