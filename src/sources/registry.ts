/**
 * The sources iml-bench reads: one line per source. Every list of source names (schemas' enums, config
 * checks, CLI choices, the output's `source` field) comes from here. Order matters: it is the order of
 * `prompts.<source>` in a resolved config, so it is part of every manifest.
 */
import type { SourceDefinition } from "./contract.js";
import { flan } from "./flan/index.js";
import { promptsource } from "./promptsource/index.js";
import { supernatural } from "./supernatural/index.js";
import { unifiedskg } from "./unifiedskg/index.js";

export type Sources = readonly SourceDefinition[];

export const SOURCES: Sources = [supernatural, promptsource, flan, unifiedskg];

export function sourceNames(sources: Sources = SOURCES): string[] {
  return sources.map((s) => s.name);
}

/** The definition named `name`, or undefined. */
export function findSource(name: string, sources: Sources = SOURCES): SourceDefinition | undefined {
  return sources.find((s) => s.name === name);
}
