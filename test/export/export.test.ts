/**
 * `iml-bench export` on the demo build (with demonstrations, so chat formats have turns): every format's
 * rows pass their consumer's checker (test/export/checkers.ts), carry the record's prompt and target
 * exactly, the extra files load them, export.json records the manifest's sha256; `--all-references` writes
 * one row per reference, counted; a Parquet build exports to the same bytes; the export is atomic.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli.js";
import { EXPORT_FORMATS, type ExportFormat, exportBuild } from "../../src/export/index.js";
import { hashFile } from "../../src/write/hash.js";
import { collector, readTree, removeDir, tempDir } from "../pipeline/helpers.js";
import { buildDemo, frontMatter, SHOTS } from "../publish/helpers.js";
import { CHECKERS, datasetInfoProblems } from "./checkers.js";

type Row = Record<string, unknown>;
interface Rec {
  id: string;
  split: string;
  prompt: string;
  completion: string;
  references: string[];
  demonstrations?: string[];
  demonstration_spans?: number[][];
}

let dir: string;
let build: Awaited<ReturnType<typeof buildDemo>>;
let parquet: Awaited<ReturnType<typeof buildDemo>>;
/** Every record of the build, in file order (train.jsonl, then eval files by path). */
let records: Rec[];
beforeAll(async () => {
  dir = await tempDir();
  build = await buildDemo(dir, "build", "jsonl", SHOTS);
  parquet = await buildDemo(dir, "parquet", "parquet", SHOTS);
  records = [];
  const files = build.manifest.outputs.filter((x) => x.path.endsWith(".jsonl"));
  for (const o of [...files.filter((x) => x.split === "train"), ...files.filter((x) => x.split !== "train")])
    for (const line of (await readFile(join(build.out, o.path), "utf8")).split("\n")) if (line) records.push(JSON.parse(line) as Rec);
});
afterAll(async () => removeDir(dir));

async function rowsOf(out: string, file: string): Promise<Row[]> {
  return (await readFile(join(out, file), "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

/** Every row of an export, in export.json's file order. */
async function allRows(out: string): Promise<Row[]> {
  const summary = JSON.parse(await readFile(join(out, "export.json"), "utf8")) as { files: { path: string }[] };
  const rows: Row[] = [];
  for (const f of summary.files) rows.push(...(await rowsOf(out, f.path)));
  return rows;
}

/** The target (trained-on text) and the full prompt text of a row, per format. */
function textOf(format: ExportFormat, row: Row): { prompt: string; target: string } {
  const content = (m: Row) => m.content as string;
  switch (format) {
    case "trl":
      return { prompt: row.prompt as string, target: row.completion as string };
    case "axolotl": {
      const segments = row.segments as { label: boolean; text: string }[];
      return {
        prompt: segments
          .filter((s) => !s.label)
          .map((s) => s.text)
          .join(""),
        target: segments
          .filter((s) => s.label)
          .map((s) => s.text)
          .join(""),
      };
    }
    case "trl-chat":
      return { prompt: (row.prompt as Row[]).map(content).join("\u0000"), target: content((row.completion as Row[])[0] as Row) };
    case "openai":
    case "messages": {
      const m = row.messages as Row[];
      return { prompt: m.slice(0, -1).map(content).join("\u0000"), target: content(m.at(-1) as Row) };
    }
    case "alpaca":
      return { prompt: [...(row.history as string[][]).flat(), row.instruction as string].join("\u0000"), target: row.output as string };
    case "sharegpt": {
      const c = row.conversations as Row[];
      return {
        prompt: c
          .slice(0, -1)
          .map((t) => t.value as string)
          .join("\u0000"),
        target: (c.at(-1) as Row).value as string,
      };
    }
  }
}

/** The record's prompt cut at its demonstrations, joined as chat formats join their turns. */
function turnText(r: Rec): string {
  const spans = r.demonstration_spans ?? [];
  if (spans.length === 0) return r.prompt;
  const cp = Array.from(r.prompt);
  const sep = Array.from("\n\n\n").length;
  const parts = spans.flatMap(([ps, pe, cs, ce], i) => [cp.slice(i === 0 ? 0 : ps, pe).join(""), cp.slice(cs, ce).join("")]);
  return [...parts, cp.slice((spans.at(-1)?.[3] ?? 0) + sep).join("")].join("\u0000");
}

describe.each(EXPORT_FORMATS)("export --format %s", (format) => {
  let out: string;
  beforeAll(async () => {
    out = join(dir, `export-${format}`);
    await exportBuild({ build: build.out, out, format });
  });

  it("writes rows that pass the consumer's checker, one per record, with the record's prompt and target", async () => {
    const rows = await allRows(out);
    expect(rows).toHaveLength(records.length);
    const problems = rows.flatMap((row, i) => CHECKERS[format](row).map((p) => `row ${i}: ${p}`));
    expect(problems.slice(0, 10)).toEqual([]);
    const ordered =
      format === "openai" ? [...records.filter((r) => r.split === "train"), ...records.filter((r) => r.split !== "train")] : records;
    rows.forEach((row, i) => {
      const r = ordered[i] as Rec;
      const { prompt, target } = textOf(format, row);
      expect(target, r.id).toBe(r.completion);
      expect(prompt, r.id).toBe(format === "trl" || format === "axolotl" ? r.prompt : turnText(r));
      // axolotl concatenates the segments as they are: they must join to exactly prompt + completion.
      if (format === "axolotl") expect((row.segments as { text: string }[]).map((s) => s.text).join("")).toBe(r.prompt + r.completion);
    });
    // Demonstrations became turns: a 2-shot record has two earlier exchanges.
    if (format === "openai") {
      const withDemos = rows.filter((r) => (r.messages as Row[]).length === 6);
      expect(withDemos.length).toBeGreaterThan(0);
      for (const r of withDemos) expect((r.messages as Row[]).map((m) => m.weight ?? null)).toEqual([null, 0, null, 0, null, 1]);
    }
  });

  it("records the build's manifest sha256 and the format in export.json, and says what it wrote in README.md", async () => {
    const summary = JSON.parse(await readFile(join(out, "export.json"), "utf8"));
    expect(summary).toMatchObject({
      format,
      all_references: false,
      records: records.length,
      rows: records.length,
      extra_reference_rows: 0,
    });
    expect(summary.build.manifest_sha256).toBe((await hashFile(join(build.out, "manifest.json"))).sha256);
    for (const f of summary.files) expect(await hashFile(join(out, f.path))).toEqual({ sha256: f.sha256, bytes: f.bytes });
    const card = await readFile(join(out, "README.md"), "utf8");
    for (const part of ["**References**", "**Choices**", "**Demonstrations**", "## Example"]) expect(card).toContain(part);
    expect(card).toContain((await readFile(join(out, summary.files[0].path), "utf8")).split("\n")[0]);
    const front = parse(frontMatter(card), { version: "1.1" }) as { license: string; configs: { config_name: string }[] };
    expect(front.license).toBe("other");
    expect(front.configs[0]?.config_name).toBe("train");
  });

  it("exports a Parquet build to the same bytes", async () => {
    const again = join(dir, `export-${format}-from-parquet`);
    await exportBuild({ build: parquet.out, out: again, format });
    const a = await readTree(out);
    const b = await readTree(again);
    a.delete("export.json");
    a.delete("README.md");
    b.delete("export.json");
    b.delete("README.md");
    expect(b).toEqual(a);
  });
});

describe("export files beside the rows", () => {
  it("openai: training records in train.jsonl, every evaluation record in validation.jsonl", async () => {
    const summary = JSON.parse(await readFile(join(dir, "export-openai", "export.json"), "utf8"));
    expect(summary.files.map((f: Row) => [f.path, f.split, f.records])).toEqual([
      ["train.jsonl", "train", build.manifest.counts.by_split.train],
      ["validation.jsonl", "evaluation", build.manifest.counts.records - (build.manifest.counts.by_split.train ?? 0)],
    ]);
  });

  it("axolotl: axolotl.yaml loads train.jsonl as datasets and every evaluation file as test_datasets, input_output", async () => {
    const yaml = parse(await readFile(join(dir, "export-axolotl", "axolotl.yaml"), "utf8")) as Record<string, Row[]> & {
      train_on_inputs: boolean;
    };
    expect(yaml.train_on_inputs).toBe(false);
    expect(yaml.datasets).toEqual([{ path: "train.jsonl", ds_type: "json", type: "input_output" }]);
    const evalFiles = build.manifest.outputs.filter((o) => o.path.startsWith("eval/"));
    expect(yaml.test_datasets?.map((d) => d.path)).toEqual(evalFiles.map((o) => o.path));
    for (const d of yaml.test_datasets ?? []) expect(d).toMatchObject({ ds_type: "json", split: "train", type: "input_output" });
  });

  it.each(["alpaca", "sharegpt"] as const)(
    "%s: dataset_info.json has one valid entry per file, evaluation tasks their own",
    async (format) => {
      const out = join(dir, `export-${format}`);
      const info = JSON.parse(await readFile(join(out, "dataset_info.json"), "utf8")) as Record<string, Row>;
      const rows = new Map<string, Row>();
      for (const entry of Object.values(info))
        rows.set(entry.file_name as string, (await rowsOf(out, entry.file_name as string))[0] as Row);
      expect(datasetInfoProblems(info, format, (f) => rows.get(f))).toEqual([]);
      expect(Object.keys(info)).toContain("demo_train");
      expect(Object.keys(info)).toContain("demo_heldout_task_task9005_squad_answer_extraction.2shot");
      expect(Object.keys(info)).toHaveLength(build.manifest.outputs.filter((o) => o.path.endsWith(".jsonl")).length);
    },
  );
});

describe("--all-references", () => {
  it("writes one row per distinct reference, each as the target, and counts the extra rows", async () => {
    const out = join(dir, "all-refs");
    const summary = await exportBuild({ build: build.out, out, format: "trl", allReferences: true });
    const expected = records.flatMap((r) => [...new Set(r.references)].map((ref) => ({ prompt: r.prompt, completion: ref })));
    expect(expected.length).toBeGreaterThan(records.length);
    expect(await allRows(out)).toEqual(expected);
    expect(summary).toMatchObject({
      records: records.length,
      rows: expected.length,
      extra_reference_rows: expected.length - records.length,
    });
    expect(await readFile(join(out, "README.md"), "utf8")).toContain("one row per distinct reference");
  });
});

describe("the export command", () => {
  it("is atomic and refuses a changed build or a non-empty output, leaving nothing behind", async () => {
    const io = collector();
    const out = join(dir, "cli-export");
    expect(await main(["export", build.out, "--format", "messages", "--out", out], io)).toBe(0);
    expect(io.stdout).toContain(`exported ${records.length} records as ${records.length} messages rows`);
    expect(await main(["export", build.out, "--format", "trl", "--out", out], io)).toBe(1);
    expect(io.stderr).toContain("is not empty");
    const changed = join(dir, "changed");
    await buildDemo(dir, "changed", "jsonl");
    await writeFile(join(changed, "train.jsonl"), "{}\n");
    const failed = join(dir, "from-changed");
    expect(await main(["export", changed, "--format", "trl", "--out", failed], io)).toBe(1);
    expect(io.stderr).toContain("differs from manifest.json");
    expect((await readTree(dir)).has("from-changed/export.json")).toBe(false);
  });
});
