/** Where a source's `pull` puts Hub rows: a folder option of the adapter, which must lie inside the data root. */
import path from "node:path";
import { AdapterError } from "../errors.js";
import type { SourceRoot } from "./contract.js";

/**
 * The folder an option names, relative to the root with / separators. `pull` writes only under the
 * root, so an option naming a folder outside it (absolute or `..`) is an error naming the option.
 */
export function folderInRoot(source: string, root: SourceRoot, option: string, value: string): string {
  const rel = path.relative(root.path, path.resolve(root.path, value));
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new AdapterError(
      source,
      root.file,
      `option "${option}" names ${JSON.stringify(value)}, outside the data root; pull puts rows under the root, so name a folder inside it (e.g. the default).`,
      { code: "E_CONFIG" },
    );
  }
  return rel.split(path.sep).join("/") || ".";
}
