/** Fixed task lists (Super-NI splits/<name>/{train,test,excluded}_tasks.txt) named by a split config. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import type { TaskLists } from "../plan/partition.js";
import { readSuperNiSplit } from "../sources/supernatural/adapter.js";
import { hashFile } from "../write/hash.js";
import type { BuildContext } from "./context.js";
import { type InputFile, inputPath } from "./scan.js";

export async function readTaskLists(ctx: BuildContext): Promise<{ lists: TaskLists; inputs: InputFile[] } | undefined> {
  const spec = ctx.config.task_lists;
  if (!spec) return undefined;
  const source = ctx.sources.find((s) => s.descriptor.name === spec.source);
  if (!source) {
    throw new UserError(
      "E_CONFIG",
      `${ctx.configFile}#/task_lists/source: "${spec.source}" is not one of this config's sources (${ctx.sources.map((s) => s.descriptor.name).join(", ")}).`,
    );
  }
  if (source.descriptor.adapter !== "supernatural") {
    throw new UserError(
      "E_CONFIG",
      `${ctx.configFile}#/task_lists/source: task lists are read from a Super-NI checkout (splits/<name>/); "${spec.source}" uses the ${source.descriptor.adapter} adapter.`,
    );
  }
  const split = await readSuperNiSplit(source.descriptor.path, spec.split);
  const inputs: InputFile[] = [];
  for (const kind of ["train", "test", "excluded"]) {
    const file = join(source.descriptor.path, "splits", spec.split, `${kind}_tasks.txt`);
    // A checkout without excluded_tasks.txt reads it as empty (the adapter records an issue).
    if (existsSync(file)) inputs.push({ path: inputPath(source.descriptor, file), ...(await hashFile(file)) });
  }
  return {
    lists: { source: spec.source, train: new Set(split.train), test: new Set(split.test), excluded: new Set(split.excluded) },
    inputs,
  };
}
