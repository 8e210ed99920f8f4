/**
 * Extracting a GitHub archive (`git archive` of a commit: one top folder `<repo>-<commit>/`, the commit id
 * in the pax global header's `comment`) with npm's own `tar` package, never by running git or a shell.
 * Every entry is checked before anything is written: only files, folders and links; no absolute path, no
 * `..`, nothing beside the top folder, no link pointing outside it. One bad entry refuses the whole
 * archive and the half-extracted folder is removed, so nothing of it remains to look complete.
 */

import { mkdir, rm } from "node:fs/promises";
import { posix } from "node:path";
import { extract, type ReadEntry } from "tar";
import { UserError } from "../errors.js";

const KINDS = new Set(["File", "OldFile", "ContiguousFile", "Directory", "SymbolicLink", "Link"]);

/** What an archive said about itself: the commit its pax global header names, when it names one. */
export interface Extracted {
  commit: string | undefined;
}

/**
 * Why an entry may not be extracted, or undefined when it may. `top` is the archive's top folder, taken
 * from its first entry; everything else must be inside it.
 */
export function entryProblem(entry: Pick<ReadEntry, "type" | "path" | "linkpath">, top: string): string | undefined {
  if (!KINDS.has(entry.type)) return `a ${entry.type} entry (only files, folders and links are extracted)`;
  const path = entry.path;
  if (path.includes("\0") || path.includes("\\")) return "a path with a NUL or a backslash";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "an absolute path";
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return "a path with a .. part";
  if (parts[0] !== top) return `outside the archive's top folder ${top}/`;
  if (parts.length === 1 && entry.type !== "Directory") return `beside the archive's top folder ${top}/`;
  const inside = parts.slice(1).join("/");
  if (entry.type === "SymbolicLink") return linkProblem(entry.linkpath ?? "", posix.dirname(inside));
  if (entry.type === "Link") {
    const target = (entry.linkpath ?? "").split("/").filter((p) => p !== "" && p !== ".");
    if ((entry.linkpath ?? "").startsWith("/") || target.includes("..") || target[0] !== top || target.length < 2)
      return `a hard link to ${JSON.stringify(entry.linkpath)}, outside the archive's top folder`;
  }
  return undefined;
}

/** A symbolic link at folder `dir` (inside the top folder) must resolve inside it. */
function linkProblem(link: string, dir: string): string | undefined {
  if (link === "" || link.startsWith("/") || /^[A-Za-z]:/.test(link) || link.includes("\\"))
    return `a link to ${JSON.stringify(link)}, an absolute or empty path`;
  const resolved = posix.normalize(posix.join(dir, link));
  if (resolved === ".." || resolved.startsWith("../")) return `a link to ${JSON.stringify(link)}, which points outside the archive`;
  return undefined;
}

/**
 * Extract `file` (a .tar.gz) into `target`, the top folder stripped. `target` is made afresh; on any refused
 * entry or error it is removed and the error names the archive (`label`) and every refused entry.
 */
export async function extractArchive(file: string, target: string, label: string): Promise<Extracted> {
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  const problems: string[] = [];
  let top: string | undefined;
  let commit: string | undefined;
  try {
    await extract({
      file,
      cwd: target,
      strip: 1,
      preservePaths: false,
      preserveOwner: false,
      filter: (_path, stat) => {
        const entry = stat as ReadEntry;
        commit ??= entry.globalExtended?.comment;
        top ??= entry.path.split("/").find((p) => p !== "" && p !== ".") ?? "";
        const problem = entryProblem(entry, top);
        if (problem !== undefined) problems.push(`${entry.path}: ${problem}`);
        return problem === undefined && problems.length === 0;
      },
      onwarn: (code, message) => {
        if (code !== "TAR_ENTRY_INFO") problems.push(`${code}: ${message}`);
      },
    });
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOSPC" || code === "EDQUOT")
      throw new UserError("E_DISK", `disk full while extracting ${label} into ${target}: free some space and pull again.`);
    throw new UserError("E_INPUT", `${label}: cannot extract ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (top === undefined) problems.push("the archive is empty");
  if (problems.length > 0) {
    await rm(target, { recursive: true, force: true });
    const shown = problems.slice(0, 10).map((p) => `  ${p}`);
    if (problems.length > 10) shown.push(`  ... and ${problems.length - 10} more`);
    throw new UserError("E_INPUT", `${label}: the archive is refused, nothing of it was kept:\n${shown.join("\n")}`);
  }
  return { commit };
}
