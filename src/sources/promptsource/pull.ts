/**
 * What `iml-bench pull` fetches for PromptSource besides the clone: for every template set
 * `<dataset>[/<subset>]`, the Hub's Parquet conversion of that dataset and config (the folder names are
 * the Hugging Face dataset and config names PromptSource was written against), into
 * `<rows>/<dataset>[/<subset>]/<split>/<shard>.parquet`, where the adapter reads rows.
 */
import path from "node:path";
import type { HubRows, SourcePull } from "../contract.js";
import { folderInRoot } from "../pull-folder.js";
import { type PromptSourceOptions, templateSets } from "./adapter.js";
import { NAME } from "./name.js";

export const promptSourcePull: SourcePull<PromptSourceOptions> = {
  async hubRows(root, options): Promise<HubRows[]> {
    const rows = folderInRoot(NAME, root, "rows", options.rows);
    const { names } = await templateSets(root, options);
    return names.map((name) => {
      const [dataset, ...subset] = name.split("/") as [string, ...string[]];
      return { dataset, ...(subset.length > 0 && { config: subset.join("/") }), tasks: [name], folder: path.posix.join(rows, name) };
    });
  },
};
