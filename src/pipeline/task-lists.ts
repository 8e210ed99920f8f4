/** Fixed task lists a source ships (Super-NI's splits/<name>/{train,test,excluded}_tasks.txt), named by a split config. */
import { dirname } from "node:path";
import { UserError } from "../errors.js";
import type { TaskLists } from "../plan/partition.js";
import type { Issue } from "../types.js";
import { hashFile } from "../write/hash.js";
import type { BuildContext, OpenSource } from "./context.js";
import type { InputFile } from "./scan.js";
import { inputPath, sourceIssue } from "./source-paths.js";

export interface ReadTaskLists {
  lists: TaskLists;
  inputs: InputFile[];
  /** Quirks of the list files, relative to the source root. */
  issues: Issue[];
  /** Where the lists live, as `<source>/<path>` (the folder of the list files). */
  where: string;
}

export async function readTaskLists(ctx: BuildContext): Promise<ReadTaskLists | undefined> {
  const spec = ctx.config.task_lists;
  if (!spec) return undefined;
  const source = ctx.sources.find((s) => s.descriptor.name === spec.source);
  if (!source) {
    throw new UserError(
      "E_CONFIG",
      `${ctx.configFile}#/task_lists/source: "${spec.source}" is not one of this config's sources (${ctx.sources.map((s) => s.descriptor.name).join(", ")}).`,
    );
  }
  if (!source.adapter.readTaskLists) {
    const offering = ctx.sources.filter((s) => s.adapter.readTaskLists).map((s) => s.descriptor.name);
    const hint = offering.length > 0 ? ` Sources of this config that do: ${offering.join(", ")}.` : "";
    throw new UserError(
      "E_CONFIG",
      `${ctx.configFile}#/task_lists/source: the ${source.descriptor.adapter} source ships no task lists.${hint}`,
    );
  }
  const found: Issue[] = [];
  const read = await source.adapter.readTaskLists(spec.split, found);
  const inputs = await Promise.all(
    read.files.map(async (file) => ({ path: inputPath(source.descriptor, file), ...(await hashFile(file)) })),
  );
  return {
    lists: { source: spec.source, train: read.train, test: read.test, excluded: read.excluded },
    inputs,
    issues: found.map((issue) => sourceIssue(source.descriptor, issue)),
    where: listsFolder(source, read.files),
  };
}

function listsFolder(source: OpenSource, files: readonly string[]): string {
  const first = files[0];
  return first === undefined ? `${source.descriptor.name}/` : inputPath(source.descriptor, dirname(first));
}

const SHOWN = 1000;

/**
 * Tasks the lists name that the source does not have (a partial checkout): one counted note per list,
 * naming them, so a build over fewer tasks than the split says is never silent.
 */
export function absentListedTasks(read: ReadTaskLists, tasks: readonly { source: string; name: string }[]): Issue[] {
  const present = new Set(tasks.filter((t) => t.source === read.lists.source).map((t) => t.name));
  const issues: Issue[] = [];
  for (const kind of ["train", "test", "excluded"] as const) {
    const absent = [...read.lists[kind]].filter((name) => !present.has(name));
    if (absent.length === 0) continue;
    const more = absent.length > SHOWN ? `, … and ${absent.length - SHOWN} more` : "";
    issues.push({
      file: read.where,
      kind: "listed_task_absent",
      count: absent.length,
      message: `${absent.length} of the ${read.lists[kind].size} task(s) of the ${kind} list are not in the source (${absent.slice(0, SHOWN).join(", ")}${more})`,
    });
  }
  return issues;
}
