/**
 * What `iml-bench pull` fetches for FLAN besides the clone. In `templates` mode, nothing: the clone has the
 * template modules and the chain-of-thought TSVs, and FLAN's own task rows come from TensorFlow Datasets,
 * not from the Hub (keep them under the `rows` option). In `collection` mode, the FLAN 2021 submix of the
 * FLAN Collection as the FLAN repository's `flan/v2/README.md` points to it on the Hub (rows already
 * rendered: `inputs`, `targets`, `task_name`, `template_type`), into `<collection>/flan2021_submix/`.
 */
import path from "node:path";
import type { HubRows, SourcePull } from "../contract.js";
import { folderInRoot } from "../pull-folder.js";
import type { FlanOptions } from "./adapter-options.js";
import { NAME } from "./name.js";

/** The FLAN 2021 submix (OPT-IML's FLAN), as exported by the Data Provenance Initiative. */
const FLAN_2021_SUBMIX = "DataProvenanceInitiative/flan2021_submix_original";

export const flanPull: SourcePull<FlanOptions> = {
  async hubRows(root, options): Promise<HubRows[]> {
    if (options.mode !== "collection") return [];
    const folder = folderInRoot(NAME, root, "collection", options.collection);
    return [{ dataset: FLAN_2021_SUBMIX, tasks: [], folder: path.posix.join(folder, "flan2021_submix") }];
  },
};
