/**
 * The template side of the FLAN adapter's `templates` mode: find and read the module(s), map task
 * names to PATTERNS keys, and describe each task's templates as TemplateInfo.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { AdapterError } from "../../errors.js";
import type { TemplateInfo } from "../../types.js";
import type { FlanOptions } from "./adapter-options.js";
import { type FlanModule, readFlanModule } from "./module.js";
import { NAME } from "./name.js";
import { type FlanTemplateSet, zeroShotList } from "./render.js";
import {
  defaultPattern,
  type FewShotPattern,
  fewShotTable,
  invertedIndices,
  optionCandidates,
  type ZeroShotTemplate,
  zeroShotTable,
} from "./templates.js";
import { readTextFile } from "./text-file.js";

const MODULE_CANDIDATES = ["templates.py", "flan/v2/templates.py", "flan/templates.py"] as const;

export interface TemplateSource {
  file: string;
  module: FlanModule;
  zeroShot: Map<string, ZeroShotTemplate[]>;
  /** PATTERNS updated with every extra module's PATTERNS (later modules win), as PATTERNS_NO_OPTIONS starts. */
  noOptions: Map<string, ZeroShotTemplate[]>;
  fewShot: Map<string, FewShotPattern[]>;
}

function moduleFile(root: string, opts: FlanOptions): string {
  if (opts.templates !== undefined) return path.resolve(root, opts.templates);
  const found = MODULE_CANDIDATES.map((c) => path.join(root, c)).find((f) => existsSync(f));
  if (found === undefined)
    throw new AdapterError(
      NAME,
      root,
      `no template module found; expected one of ${MODULE_CANDIDATES.join(", ")} under the source root, or set options.templates.`,
    );
  return found;
}

async function readModuleFile(file: string): Promise<FlanModule> {
  if (!existsSync(file))
    throw new AdapterError(NAME, file, "template module not found; check options.templates (relative to the source root).");
  return readFlanModule(await readTextFile(file), file);
}

/** The module FLAN v2's templates.py imports as `flan_templates`; an extra module by default when beside the main one. */
const BRANCHED_MODULE = "flan_templates_branched.py";

/** options.extraTemplates (relative to the root), else the branched module beside the main module when present. */
function extraModuleFiles(root: string, opts: FlanOptions, mainFile: string): string[] {
  if (opts.extraTemplates !== undefined) return opts.extraTemplates.map((extra) => path.resolve(root, extra));
  const branched = path.join(path.dirname(mainFile), BRANCHED_MODULE);
  return branched !== mainFile && existsSync(branched) ? [branched] : [];
}

/** The main module's PATTERNS / FEWSHOT_PATTERNS; keys only extra modules have are added after. */
export async function loadTemplateSource(root: string, opts: FlanOptions): Promise<TemplateSource> {
  const file = moduleFile(root, opts);
  const module = await readModuleFile(file);
  const zeroShot = zeroShotTable(module) ?? new Map<string, ZeroShotTemplate[]>();
  const fewShot = fewShotTable(module) ?? new Map<string, FewShotPattern[]>();
  const noOptions = new Map(zeroShot);
  for (const extra of extraModuleFiles(root, opts, file)) {
    const other = await readModuleFile(extra);
    for (const [key, list] of zeroShotTable(other) ?? []) {
      if (!zeroShot.has(key)) zeroShot.set(key, list);
      noOptions.set(key, list);
    }
    for (const [key, list] of fewShotTable(other) ?? []) if (!fewShot.has(key)) fewShot.set(key, list);
  }
  if (zeroShot.size === 0) throw new AdapterError(NAME, file, "no PATTERNS dict literal found in the module (or its extra modules).");
  return { file, module, zeroShot, noOptions, fewShot };
}

/** The PATTERNS key of a task: an override, the name itself, else the longest key that prefixes it before "_". */
export function templateKeyFor(
  task: string,
  keys: ReadonlyMap<string, unknown>,
  overrides: Readonly<Record<string, string>>,
): string | undefined {
  const override = overrides[task];
  if (override !== undefined) return keys.has(override) ? override : undefined;
  if (keys.has(task)) return task;
  return [...keys.keys()].filter((k) => task.startsWith(`${k}_`)).sort((a, b) => b.length - a.length)[0];
}

export function templateSet(src: TemplateSource, key: string): FlanTemplateSet {
  const zeroShot = src.zeroShot.get(key) ?? [];
  const set: FlanTemplateSet = {
    key,
    zeroShot,
    fewShot: src.fewShot.get(key) ?? zeroShot.map(defaultPattern),
    candidates: optionCandidates(src.module),
  };
  const noOptions = src.noOptions.get(key);
  if (noOptions !== undefined && noOptions !== zeroShot) set.noOptions = noOptions;
  return set;
}

/** `<key>:<index>:<type>` for every requested type; inverted templates only when asked for. */
export function templateInfos(set: FlanTemplateSet, opts: FlanOptions): TemplateInfo[] {
  const infos: TemplateInfo[] = [];
  for (const type of opts.templateTypes) {
    const zeroShot = zeroShotList(set, type);
    const inverted = invertedIndices(type.startsWith("zs") ? zeroShot : set.zeroShot, opts.invertedTemplates[set.key]);
    const count = type.startsWith("zs") ? zeroShot.length : set.fewShot.length;
    for (let index = 0; index < count; index++) {
      if (inverted.has(index) && !opts.includeInverted) continue;
      const id = `${set.key}:${index}:${type}`;
      const zs = zeroShot[index];
      const metadata: Record<string, unknown> = { key: set.key, index, template_type: type, inverted: inverted.has(index) };
      if (type.startsWith("zs") && zs) Object.assign(metadata, { input: zs.input, target: zs.target });
      if (type.startsWith("fs")) metadata.pattern = set.fewShot[index];
      infos.push({ id, name: id, originalTask: !inverted.has(index), metadata });
    }
  }
  return infos;
}

/** Parse `<key>:<index>:<type>`. */
export function parseTemplateId(id: string): { key: string; index: number; type: string } | undefined {
  const match = /^(.*):(\d+):(zs_opt|zs_noopt|fs_opt|fs_noopt)$/.exec(id);
  return match ? { key: match[1] as string, index: Number(match[2]), type: match[3] as string } : undefined;
}
