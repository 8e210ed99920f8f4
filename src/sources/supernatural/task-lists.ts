/**
 * Super-NI task splits: `splits/<name>/{train,test,excluded}_tasks.txt` under a natural-instructions
 * checkout, one task name per line without `.json` (allenai/natural-instructions `splits/README.md`).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { byCodeUnit } from "../../core/py-str.js";
import { readUtf8File } from "../../core/text-file.js";
import { UserError } from "../../errors.js";
import type { Issue } from "../../types.js";

export interface SuperNiSplit {
  train: string[];
  test: string[];
  excluded: string[];
}

const PARTS = ["train", "test", "excluded"] as const;

/** Split names under `<root>/splits/`, sorted by code unit ([] when there is no such folder). */
async function superNiSplitNames(root: string): Promise<string[]> {
  try {
    const entries = await readdir(path.join(root, "splits"), { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort(byCodeUnit);
  } catch {
    return [];
  }
}

/**
 * Names in a split list file: trimmed, blank lines skipped, file order kept. A duplicate is kept once and
 * reported (to `issues` when given).
 */
function parseTaskList(text: string, file: string, issues?: Issue[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    const name = line.trim();
    if (name === "") return;
    if (seen.has(name)) {
      issues?.push({ file, pointer: `line ${i + 1}`, kind: "duplicate_list_entry", message: `duplicate task name "${name}"; kept once` });
      return;
    }
    seen.add(name);
    names.push(name);
  });
  return names;
}

/**
 * Read `splits/<splitName>/{train,test,excluded}_tasks.txt`. A missing train or test list fails with the
 * split names that do exist; a missing excluded list (trimmed copies often lack it) reads as [] and is
 * reported. Names in more than one list are reported.
 */
export async function readSuperNiSplit(root: string, splitName: string, issues?: Issue[]): Promise<SuperNiSplit> {
  const lists: Partial<Record<(typeof PARTS)[number], string[]>> = {};
  for (const part of PARTS) {
    const file = path.join(root, "splits", splitName, `${part}_tasks.txt`);
    let text: string;
    try {
      text = await readUtf8File(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      if (part === "excluded") {
        issues?.push({ file, kind: "missing_list_file", message: "no excluded_tasks.txt; no tasks excluded by this split" });
        lists[part] = [];
        continue;
      }
      throw await missingSplitError(root, splitName, file);
    }
    lists[part] = parseTaskList(text, file, issues);
  }
  const split: SuperNiSplit = { train: lists.train ?? [], test: lists.test ?? [], excluded: lists.excluded ?? [] };
  reportOverlaps(split, path.join(root, "splits", splitName), issues);
  return split;
}

async function missingSplitError(root: string, splitName: string, file: string): Promise<UserError> {
  const names = await superNiSplitNames(root);
  const available =
    names.length > 0
      ? `Available splits under ${path.join(root, "splits")}: ${names.join(", ")}.`
      : `There is no splits/ folder under ${root}; is it the root of a natural-instructions checkout?`;
  return new UserError("E_INPUT", `Super-NI split "${splitName}": cannot read ${file}. ${available}`);
}

function reportOverlaps(split: SuperNiSplit, dir: string, issues?: Issue[]): void {
  const pairs = [
    ["train", "test"],
    ["train", "excluded"],
    ["test", "excluded"],
  ] as const;
  for (const [a, b] of pairs) {
    const other = new Set(split[b]);
    const both = split[a].filter((name) => other.has(name));
    if (both.length > 0) {
      issues?.push({
        file: dir,
        kind: "listed_twice",
        count: both.length,
        message: `${both.length} task(s) listed in both ${a} and ${b}: ${both.slice(0, 5).join(", ")}${both.length > 5 ? ", …" : ""}`,
      });
    }
  }
}
