/**
 * The files beside an export's rows that tell a trainer how to load them: axolotl's `datasets:` and
 * `test_datasets:` entries, LLaMA-Factory's dataset_info.json (one entry per file, evaluation tasks as their
 * own entries). Pure: from the files written and their levels.
 */
import { stringify } from "yaml";
import { hubConfigs } from "../publish/index.js";
import type { ExportFormat } from "./formats.js";

/** A file the export wrote: its path in the export, its level (`train`, `heldout_task`...), its rows. */
export interface WrittenFile {
  path: string;
  split: string;
  records: number;
}

export function extraFiles(format: ExportFormat, files: readonly WrittenFile[], name: string): { path: string; text: string }[] {
  if (format === "axolotl") return [{ path: "axolotl.yaml", text: axolotlYaml(files) }];
  if (format === "alpaca" || format === "sharegpt")
    return [{ path: "dataset_info.json", text: `${JSON.stringify(datasetInfo(format, files, name), null, 2)}\n` }];
  return [];
}

function axolotlYaml(files: readonly WrittenFile[]): string {
  const entry = (f: WrittenFile, split?: string): object => ({
    path: f.path,
    ds_type: "json",
    ...(split && { split }),
    type: "input_output",
  });
  const doc = {
    train_on_inputs: false,
    datasets: files.filter((f) => f.split === "train").map((f) => entry(f)),
    test_datasets: files.filter((f) => f.split !== "train").map((f) => entry(f, "train")),
  };
  const head =
    "# axolotl dataset entries for this export (input_output: segments joined as they are, only those labelled true trained on).\n";
  return `${head}# Paths are relative to this folder: run axolotl from here, or make them absolute.\n${stringify(doc, { lineWidth: 0 })}`;
}

/** LLaMA-Factory's dataset_info.json: `<name>_<config>` for the training file, `<name>_<level>_<task>` for the others. */
function datasetInfo(format: "alpaca" | "sharegpt", files: readonly WrittenFile[], name: string): Record<string, object> {
  const columns =
    format === "alpaca" ? { prompt: "instruction", query: "input", response: "output", history: "history" } : { messages: "conversations" };
  const tags = format === "sharegpt" ? { tags: { role_tag: "from", content_tag: "value", user_tag: "human", assistant_tag: "gpt" } } : {};
  const info: Record<string, object> = {};
  for (const config of hubConfigs(files)) {
    if (config.variant !== undefined) continue;
    for (const split of config.splits) {
      const key = config.name === split.name ? `${name}_${config.name}` : `${name}_${config.name}_${split.name}`;
      info[key] = { file_name: split.path, formatting: format, columns, ...tags };
    }
  }
  return info;
}
