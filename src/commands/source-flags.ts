/** The flags that say where sources live and how they are read, shared by `build` and `validate`. */
import type { Argv } from "yargs";
import { parseOptionOverrides, parseSourceOverrides } from "../config/sources.js";
import { SOURCES } from "../sources/registry.js";

export interface SourceFlags {
  source?: string[];
  option?: string[];
}

export function withSourceFlags<T>(y: Argv<T>): Argv<T & SourceFlags> {
  return y
    .option("source", { type: "string", array: true, describe: "Where a source's data lives: NAME=PATH (repeatable)" })
    .option("option", {
      type: "string",
      array: true,
      describe: "An adapter option over the descriptor's and the config's: SOURCE.KEY=VALUE, VALUE in YAML (repeatable)",
    }) as Argv<T & SourceFlags>;
}

/** The parsed flags, as the pipeline takes them. */
export function sourceOverrides(args: SourceFlags): {
  sourceOverrides: Map<string, string>;
  optionOverrides: Map<string, Record<string, unknown>>;
} {
  return { sourceOverrides: parseSourceOverrides(args.source), optionOverrides: parseOptionOverrides(args.option) };
}

/** `--source NAME=PATH` for the first registered source, for examples. */
export function sourceExample(): string {
  const first = SOURCES[0];
  return first ? `--source ${first.name}=${first.exampleRoot}` : "--source NAME=PATH";
}
