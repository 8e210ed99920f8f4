/** Builds of the demo config for the publishing tests: JSON Lines or Parquet, with or without shot variants. */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "../../src/pipeline/build.js";
import type { Manifest } from "../../src/pipeline/manifest.js";
import type { OutputFormat } from "../../src/publish/index.js";
import { ROOT } from "../pipeline/helpers.js";

/** Two demonstrations per training record, 0- and 2-shot evaluation files. */
export const SHOTS = "demos:\n  k: 2\n  eval_shots: [0, 2]\n";

/** Build splits/demo.yaml (plus `extra` config text) into `<dir>/<name>`. */
export async function buildDemo(dir: string, name: string, format: OutputFormat, extra = ""): Promise<{ out: string; manifest: Manifest }> {
  const config = join(ROOT, "splits", "demo.yaml");
  let configFile = config;
  if (extra) {
    // The descriptors are found beside the package, so the copy only needs its own folder for nothing else.
    configFile = join(dir, `${name}.yaml`);
    await writeFile(configFile, `${await readFile(config, "utf8")}${extra}`);
  }
  const out = join(dir, name);
  return { out, manifest: await build({ configFile, out, format }) };
}

/** The YAML front matter of a card. */
export function frontMatter(card: string): string {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(card);
  if (!match) throw new Error("the card has no front matter");
  return match[1] as string;
}
