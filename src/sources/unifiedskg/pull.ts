/**
 * What `iml-bench pull` fetches for UnifiedSKG besides the clone (which ships configs, no data): for every
 * task, the Hub's Parquet conversion of the dataset its loader names (`[dataset] loader_path =
 * ./tasks/spider.py` → `spider`), into `<data>/<task>/<split>/<shard>.parquet`, where the adapter reads
 * rows. The Hub's copies are in their publishers' features, which are not always the loader's: rows the
 * adapter cannot read are counted notes. The descriptor's `pull.hub` maps a loader to another Hub id, or
 * to null when the Hub has no copy.
 */
import path from "node:path";
import type { HubRows, SourcePull } from "../contract.js";
import { folderInRoot } from "../pull-folder.js";
import { loaderDataset, taskConfigs, type UnifiedSkgOptions } from "./adapter.js";
import { NAME } from "./name.js";
import { metaTuningFrom, readSkgConfigFile } from "./task-config.js";

export const unifiedSkgPull: SourcePull<UnifiedSkgOptions> = {
  async hubRows(root, options): Promise<HubRows[]> {
    const data = folderInRoot(NAME, root, "data", options.data);
    const rows: HubRows[] = [];
    for (const [task, cfg] of await taskConfigs(root, options)) {
      const config = await readSkgConfigFile(cfg);
      rows.push({
        dataset: loaderDataset(config, metaTuningFrom(config, cfg).constructorName),
        tasks: [task],
        folder: path.posix.join(data, task),
      });
    }
    return rows;
  },
};
