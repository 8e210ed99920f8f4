/**
 * What a manifest says about source files is machine-independent: paths are written relative to their
 * source root as `<source>/<path>`, for inputs and for issues alike, and an issue's message does not
 * carry the root's absolute path either.
 */
import { isAbsolute, relative, sep } from "node:path";
import type { ResolvedSource } from "../config/sources.js";
import { bump, type Counts, sortedCounts } from "../core/counts.js";
import type { Issue } from "../types.js";

/** Input paths are recorded relative to their source root, so manifests agree across machines. */
export function inputPath(descriptor: Pick<ResolvedSource, "name" | "path">, file: string): string {
  return `${descriptor.name}/${relative(descriptor.path, file).split("\\").join("/")}`;
}

/** An issue as the manifest records it: `<source>/<path>` for its file, and for the root where its message names it. */
export function sourceIssue(descriptor: Pick<ResolvedSource, "name" | "path">, issue: Issue): Issue {
  const file = isAbsolute(issue.file) ? inputPath(descriptor, issue.file) : issue.file;
  const message = issue.message
    .split(descriptor.path + sep)
    .join(`${descriptor.name}/`)
    .split(descriptor.path)
    .join(descriptor.name);
  return { ...issue, file, message };
}

/** Issue counts as the manifest records them: every occurrence, by kind (`other` when an adapter gives none). */
export function issueCounts(issues: readonly Issue[]): { total: number; by_kind: Counts } {
  const byKind: Counts = {};
  let total = 0;
  for (const issue of issues) {
    const n = issue.count ?? 1;
    bump(byKind, issue.kind ?? "other", n);
    total += n;
  }
  return { total, by_kind: sortedCounts(byKind) };
}
