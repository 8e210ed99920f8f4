/** Fixed task lists a source ships (Super-NI's splits/<name>/{train,test,excluded}_tasks.txt), named by a split config. */
import { UserError } from "../errors.js";
import type { TaskLists } from "../plan/partition.js";
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
  if (!source.adapter.readTaskLists) {
    const offering = ctx.sources.filter((s) => s.adapter.readTaskLists).map((s) => s.descriptor.name);
    const hint = offering.length > 0 ? ` Sources of this config that do: ${offering.join(", ")}.` : "";
    throw new UserError(
      "E_CONFIG",
      `${ctx.configFile}#/task_lists/source: the ${source.descriptor.adapter} source ships no task lists.${hint}`,
    );
  }
  const read = await source.adapter.readTaskLists(spec.split);
  const inputs = await Promise.all(
    read.files.map(async (file) => ({ path: inputPath(source.descriptor, file), ...(await hashFile(file)) })),
  );
  return { lists: { source: spec.source, train: read.train, test: read.test, excluded: read.excluded }, inputs };
}
