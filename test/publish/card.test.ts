/**
 * The dataset card every build writes: front matter the Hub and `datasets` read (a default train config, one
 * config per level with its tasks as splits, shot variants, features for every field, the manifest's
 * counts), a body with counts, held-out tasks, the audit, licenses and citations; the same bytes on a rebuild.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RECORD_FIELDS } from "../../src/publish/index.js";
import { SOURCES } from "../../src/sources/registry.js";
import { hashFile } from "../../src/write/hash.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";
import { buildDemo, frontMatter, SHOTS } from "./helpers.js";

interface Front {
  pretty_name: string;
  license: string;
  language: string[];
  size_categories: string[];
  source_datasets: string[];
  task_categories: string[];
  configs: { config_name: string; default?: boolean; data_files: { split: string; path: string }[] }[];
  dataset_info: { config_name: string; features: { name: string }[]; splits: { name: string; num_examples: number }[] }[];
}

let dir: string;
let plain: Awaited<ReturnType<typeof buildDemo>>;
let shots: Awaited<ReturnType<typeof buildDemo>>;
let again: Awaited<ReturnType<typeof buildDemo>>;
beforeAll(async () => {
  dir = await tempDir();
  plain = await buildDemo(dir, "plain", "jsonl");
  shots = await buildDemo(dir, "shots", "jsonl", SHOTS);
  again = await buildDemo(dir, "again", "jsonl");
});
afterAll(async () => removeDir(dir));

const front = async (out: string): Promise<Front> =>
  parse(frontMatter(await readFile(join(out, "README.md"), "utf8")), { version: "1.1" }) as Front;

describe("the dataset card", () => {
  it("is one of the build's outputs, hashed in the manifest, and a rebuild writes the same bytes", async () => {
    const entry = plain.manifest.outputs.find((o) => o.path === "README.md");
    expect(entry).toMatchObject({ records: 0, ...(await hashFile(join(plain.out, "README.md"))) });
    expect(await readFile(join(again.out, "README.md"), "utf8")).toBe(await readFile(join(plain.out, "README.md"), "utf8"));
  });

  it("declares train as the default config and one config per level whose splits are its files, with the manifest's counts", async () => {
    const f = await front(plain.out);
    const records = plain.manifest.outputs.filter((o) => o.path.endsWith(".jsonl"));
    expect(f.configs[0]).toEqual({ config_name: "train", default: true, data_files: [{ split: "train", path: "train.jsonl" }] });
    expect(f.configs.map((c) => c.config_name)).toEqual(["train", "heldout_category", "heldout_task", "heldout_instance"]);
    expect(f.configs.flatMap((c) => c.data_files.map((d) => d.path)).sort()).toEqual(records.map((o) => o.path).sort());
    for (const info of f.dataset_info) {
      expect(info.features.map((x) => x.name)).toEqual(RECORD_FIELDS.map((x) => x.name));
      const total = info.splits.reduce((n, s) => n + s.num_examples, 0);
      expect(total, info.config_name).toBe(plain.manifest.counts.by_split[info.config_name]);
      const files = f.configs.find((c) => c.config_name === info.config_name)?.data_files ?? [];
      for (const s of info.splits) {
        expect(s.name).toMatch(/^\w+(\.\w+)*$/);
        const path = files.find((d) => d.split === s.name)?.path;
        expect(s.num_examples).toBe(records.find((o) => o.path === path)?.records);
      }
    }
  });

  it("with demonstrations, has every file as a split of its level and one config per level and shot variant", async () => {
    const f = await front(shots.out);
    const names = f.configs.map((c) => c.config_name);
    expect(names).toEqual([
      "train",
      "heldout_category",
      "heldout_category_0shot",
      "heldout_category_2shot",
      "heldout_task",
      "heldout_task_0shot",
      "heldout_task_2shot",
      "heldout_instance",
      "heldout_instance_0shot",
      "heldout_instance_2shot",
    ]);
    const task = f.configs.find((c) => c.config_name === "heldout_task");
    expect(task?.data_files.map((d) => d.split)).toEqual([
      "task9005_squad_answer_extraction.0shot",
      "task9005_squad_answer_extraction.2shot",
    ]);
    const twoShot = f.configs.find((c) => c.config_name === "heldout_task_2shot");
    expect(twoShot?.data_files).toEqual([
      { split: "task9005_squad_answer_extraction", path: "eval/heldout_task/task9005_squad_answer_extraction.2shot.jsonl" },
    ]);
  });

  it("has the Hub's metadata: license other when mixed, languages as codes, size, sources' upstreams", async () => {
    const f = await front(plain.out);
    expect(f.pretty_name).toBe("iml-bench demo");
    expect(f.license).toBe("other");
    expect(f.language).toEqual(["de", "en"]);
    expect(f.task_categories).toEqual(["text-generation"]);
    expect(f.size_categories).toEqual(["n<1K"]);
    expect(f.source_datasets).toEqual(plain.manifest.sources.map((s) => s.upstream));
  });

  it("says how it was built, what it holds, what is held out, the audit, and cites and licenses every source used", async () => {
    const card = await readFile(join(plain.out, "README.md"), "utf8");
    for (const heading of [
      "## How to load",
      "## Counts",
      "## Held-out evaluation",
      "## Contamination audit",
      "## How it was built",
      "### Licenses",
      "### Citations",
    ])
      expect(card).toContain(heading);
    expect(card).toContain(`iml-bench ${plain.manifest.tool.version}, seed ${plain.manifest.seed}`);
    expect(card).toContain("| `train` | 254 |");
    expect(card).toContain("Held-out tasks (1): `supernatural/task9005_squad_answer_extraction`");
    expect(card).toContain("0 flagged pair(s)");
    for (const source of plain.manifest.sources) {
      const about = SOURCES.find((s) => s.name === source.name)?.about;
      expect(about, source.name).toBeDefined();
      expect(card).toContain(about?.citation);
      expect(card).toContain(source.license);
    }
    expect(card).toContain("supernatural: Apache 2.0 (`apache-2.0`) | 12 |");
  });

  it("shows its main figures as SVG files beside it, listed in the manifest, each with the same numbers in a table", async () => {
    const card = await readFile(join(plain.out, "README.md"), "utf8");
    const images = [...card.matchAll(/!\[([^\]]+)\]\((figures\/[\w-]+\.svg)\)/g)].map((m) => m[2] as string);
    expect(images).toEqual([
      "figures/records-by-source.svg",
      "figures/records-by-category.svg",
      "figures/heldout-structure.svg",
      "figures/length-prompt-chars.svg",
      "figures/length-prompt-tokens.svg",
    ]);
    for (const image of images) {
      const svg = await readFile(join(plain.out, image), "utf8");
      expect(svg, image).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>\n<title /);
      expect(
        plain.manifest.outputs.find((o) => o.path === image),
        image,
      ).toMatchObject({ split: "card", ...(await hashFile(join(plain.out, image))) });
    }
    // The per-source table beside the figure carries the manifest's counts; the lengths table its record counts.
    const splits = ["train", "heldout_category", "heldout_task", "heldout_instance"];
    for (const [source, counts] of Object.entries(plain.manifest.counts.by_source)) {
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      expect(card).toContain(`| ${source} | ${splits.map((s) => counts[s] ?? 0).join(" | ")} | ${total} |`);
    }
    const stats = plain.manifest.record_stats?.by_split.train?.prompt_chars;
    expect(card).toContain(`| train | ${stats?.records} | ${stats?.min} |`);
    for (const image of images)
      expect(await readFile(join(again.out, image), "utf8"), image).toBe(await readFile(join(plain.out, image), "utf8"));
  });
});
