/**
 * Source descriptors (sources/<name>.yaml): which adapter reads a source and where its data lives.
 * `--source NAME=PATH` overrides the data root.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { closestNames } from "../core/closest-names.js";
import { UserError } from "../errors.js";
import type { SourceRoot } from "../sources/contract.js";
import { SOURCES, type Sources } from "../sources/registry.js";
import { packageRoot } from "./package-root.js";
import { assertSchema } from "./schemas.js";
import { readYamlFile } from "./yaml-file.js";

interface RawDescriptor {
  version: 1;
  name: string;
  adapter: string;
  path: string;
  upstream?: string;
  revision?: string;
  license?: string;
  description?: string;
  options?: Record<string, unknown>;
  pull?: PullSettings;
}

/** A descriptor's `pull:`: what `iml-bench pull` needs beyond `upstream` and `revision`. */
interface PullSettings {
  /** A dataset name the source's tasks use → its Hugging Face Hub id; null: not on the Hub. */
  hub?: Record<string, string | null>;
}

/** A descriptor (sources/<name>.yaml) resolved: where the data lives, its options, whether --source moved it. */
export interface ResolvedSource extends SourceRoot {
  name: string;
  adapter: string;
  options?: Record<string, unknown>;
  pull?: PullSettings;
  overridden: boolean;
}

/** Parse `--source NAME=PATH` values into a map; a malformed one is a user error. */
export function parseSourceOverrides(values: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values ?? []) {
    const eq = value.indexOf("=");
    if (eq <= 0 || eq === value.length - 1) {
      const example = SOURCES[0] ? `, e.g. ${SOURCES[0].name}=${SOURCES[0].exampleRoot}` : "";
      throw new UserError("E_ARG", `--source "${value}": expected NAME=PATH${example}.`);
    }
    out.set(value.slice(0, eq), resolve(value.slice(eq + 1)));
  }
  return out;
}

/** The descriptor file for a source name (or a path to a descriptor). */
function descriptorFile(nameOrPath: string, configDir: string): string {
  if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) return isAbsolute(nameOrPath) ? nameOrPath : join(configDir, nameOrPath);
  return join(packageRoot(), "sources", `${nameOrPath}.yaml`);
}

/** Data roots from a lockfile (`build --lock`): every source read must be in it; its other sources are ignored. */
interface LockedRoots {
  file: string;
  roots: ReadonlyMap<string, string>;
}

/** How roots are found: from a lock (`build --lock`), or not needed at all (`pull` makes them). */
export interface RootMode {
  locked?: LockedRoots | undefined;
  /** Do not check that the data roots exist. */
  anyRoot?: boolean;
}

/** Load the named descriptors, apply overrides (or a lock's roots), and check that every data root exists. */
export async function loadSources(
  names: readonly string[],
  configDir: string,
  overrides: ReadonlyMap<string, string>,
  registry: Sources = SOURCES,
  { locked, anyRoot = false }: RootMode = {},
): Promise<ResolvedSource[]> {
  const known = availableSources();
  const sources: ResolvedSource[] = [];
  for (const name of names) {
    const file = descriptorFile(name, configDir);
    if (!existsSync(file)) {
      const hint = closestNames(name, known);
      throw new UserError(
        "E_CONFIG",
        `unknown source "${name}" (no ${file}). Expected one of: ${known.join(", ")}${hint.length ? `. Did you mean ${hint.join(" or ")}?` : "."}`,
      );
    }
    const raw = assertSchema<RawDescriptor>("source", await readYamlFile(file), file, registry);
    if (raw.name !== raw.adapter) {
      throw new UserError("E_CONFIG", `${file}#/name: a source is named after its adapter; expected "${raw.adapter}", got "${raw.name}".`);
    }
    const override = locked ? lockedRoot(locked, raw.name) : overrides.get(raw.name);
    const path = override ?? (isAbsolute(raw.path) ? raw.path : resolve(dirname(file), raw.path));
    if (!anyRoot && !existsSync(path)) {
      throw new UserError(
        "E_CONFIG",
        `source "${raw.name}": data root ${path} does not exist${locked ? ` (from ${locked.file})` : override ? " (from --source)" : ` (from ${file})`}. Point --source ${raw.name}=PATH at a checkout.`,
      );
    }
    const descriptor: ResolvedSource = { name: raw.adapter, adapter: raw.adapter, path, file, overridden: override !== undefined };
    if (raw.upstream !== undefined) descriptor.upstream = raw.upstream;
    if (raw.revision !== undefined) descriptor.revision = raw.revision;
    if (raw.license !== undefined) descriptor.license = raw.license;
    if (raw.options !== undefined) descriptor.options = raw.options;
    if (raw.pull !== undefined) descriptor.pull = raw.pull;
    sources.push(descriptor);
  }
  for (const name of overrides.keys()) {
    if (!sources.some((s) => s.name === name)) {
      throw new UserError(
        "E_ARG",
        `--source ${name}=...: the config does not use a source named "${name}". It uses: ${sources.map((s) => s.name).join(", ")}.`,
      );
    }
  }
  return sources;
}

function lockedRoot(locked: LockedRoots, name: string): string {
  const root = locked.roots.get(name);
  if (root !== undefined) return root;
  throw new UserError(
    "E_CONFIG",
    `source "${name}" is not in ${locked.file} (it has: ${[...locked.roots.keys()].join(", ") || "none"}). Pull it first: iml-bench pull --config <config> --to <dir> --source ${name}.`,
  );
}

/** Names of the descriptors shipped in sources/. */
function availableSources(): string[] {
  const dir = join(packageRoot(), "sources");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * Parse `--option NAME.KEY=VALUE` values into options per source. VALUE is read as YAML, so
 * `NAME.KEY=[a, b]` is a list and `NAME.KEY=0` a number.
 */
export function parseOptionOverrides(values: readonly string[] | undefined): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const value of values ?? []) {
    const match = /^([a-z][a-z0-9_-]*)\.([^=\s]+)=(.*)$/s.exec(value);
    if (!match) {
      const example = SOURCES[0] ? ` e.g. ${SOURCES[0].name}.KEY=VALUE` : "";
      throw new UserError("E_ARG", `--option "${value}": expected SOURCE.KEY=VALUE (VALUE in YAML),${example}.`);
    }
    const [, source, key, text] = match as unknown as [string, string, string, string];
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (error) {
      throw new UserError("E_ARG", `--option "${value}": the value is not valid YAML (${(error as Error).message.split("\n")[0]}).`);
    }
    out.set(source, { ...out.get(source), [key]: parsed });
  }
  return out;
}
