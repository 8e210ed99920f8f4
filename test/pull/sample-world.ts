/**
 * The project's sample corpus as an upstream world: every source of a config a GitHub repository (an
 * archive of its sample folder, without the rows the Hub serves: PromptSource's rows/ and UnifiedSKG's
 * data/, as the real repositories have none), and those rows as the Hub's Parquet conversions of their
 * datasets (PromptSource: the template folder's dataset and subset; UnifiedSKG: the task's loader).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { loadSources, type ResolvedSource } from "../../src/config/sources.js";
import { readAllRows } from "../../src/core/rows.js";
import { githubRepo } from "../../src/pull/github.js";
import { ROOT } from "../pipeline/helpers.js";
import { type Conversion, type FakeUpstream, sha1 } from "./fake-upstream.js";
import { treeEntries } from "./tarball.js";

/** The folder of each source's sample that the Hub serves instead of the repository. */
const HUB_FOLDERS: Record<string, string> = { promptsource: "rows", unifiedskg: "data" };

/** Rows as one Parquet shard, columns in the order the JSONL gives them. */
async function parquetOf(file: string): Promise<Buffer> {
  const rows = (await readAllRows(file)) as Record<string, unknown>[];
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return Buffer.from(parquetWriteBuffer({ columnData: names.map((name) => ({ name, data: rows.map((r) => r[name] ?? null) })) }));
}

/** `<dir>/<split>.jsonl` files as one config's splits. */
async function splitsOf(dir: string): Promise<Record<string, Buffer[]>> {
  const splits: Record<string, Buffer[]> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".jsonl"))) splits[file.slice(0, -6)] = [await parquetOf(join(dir, file))];
  return splits;
}

export interface World {
  descriptors: ResolvedSource[];
  commits: Record<string, string>;
  datasets: Record<string, Conversion>;
}

/** Serve `config`'s sources from their samples; the Hub's conversions are returned and served. */
export async function sampleWorld(fake: FakeUpstream, configSources: readonly string[]): Promise<World> {
  const descriptors = await loadSources(configSources, join(ROOT, "splits"), new Map());
  const commits: Record<string, string> = {};
  const datasets: Record<string, Conversion> = {};
  for (const d of descriptors) {
    const repo = githubRepo(d.upstream, d.file);
    const commit = sha1(`repo:${d.name}`);
    commits[d.name] = commit;
    const hubFolder = HUB_FOLDERS[d.name];
    const entries = treeEntries(
      d.path,
      `${repo.split("/")[1]}-${commit}`,
      (p) => hubFolder !== undefined && (p === hubFolder || p.startsWith(`${hubFolder}/`)),
    );
    fake.repo(repo, d.revision as string, commit, entries);
  }
  const promptsource = descriptors.find((d) => d.name === "promptsource");
  if (promptsource) {
    const rows = join(promptsource.path, "rows");
    for (const dataset of readdirSync(rows)) {
      const dir = join(rows, dataset);
      const direct = readdirSync(dir).some((f) => f.endsWith(".jsonl"));
      const conversion: Conversion = (datasets[dataset] ??= {});
      if (direct) conversion.default = await splitsOf(dir);
      else for (const subset of readdirSync(dir)) conversion[subset] = await splitsOf(join(dir, subset));
    }
  }
  const skg = descriptors.find((d) => d.name === "unifiedskg");
  if (skg) {
    for (const task of readdirSync(join(skg.path, "data"))) {
      const cfg = join(skg.path, "configure", "META_TUNING", `${task}.cfg`);
      const loader = existsSync(cfg) ? /loader_path\s*=\s*\.\/tasks\/(\w+)\.py/.exec(readFileSync(cfg, "utf8"))?.[1] : undefined;
      if (loader) datasets[loader] = { default: await splitsOf(join(skg.path, "data", task)) };
    }
  }
  for (const [id, conversion] of Object.entries(datasets)) fake.dataset(id, conversion);
  return { descriptors, commits, datasets };
}
