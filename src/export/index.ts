/**
 * `iml-bench export`: a build folder turned into what a trainer reads, atomically (written into a staging
 * folder, renamed into place when complete). The build is only read: every records file is checked against
 * its manifest hash first, records stream one at a time (JSON Lines or Parquet builds alike), and the export
 * records the manifest's sha256 and the format in export.json.
 */
import { once } from "node:events";
import { createWriteStream, existsSync, type WriteStream } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { packageVersion } from "../config/package-root.js";
import { byCodeUnit } from "../core/py-str.js";
import { readRows } from "../core/rows.js";
import { UserError } from "../errors.js";
import type { Manifest } from "../pipeline/manifest.js";
import { DEFAULT_DEMO_SEPARATOR } from "../plan/demos.js";
import type { WorkMeter } from "../progress.js";
import { recordsFiles } from "../publish/index.js";
import { hashFile } from "../write/hash.js";
import { stageOutput } from "../write/output-dir.js";
import { exportCard } from "./card.js";
import { extraFiles } from "./extras.js";
import { type BuildRecord, EXPORT_FORMATS, type ExportFormat, FORMATS } from "./formats.js";
import { turnsOf } from "./turns.js";

export { EXPORT_FORMATS, type ExportFormat };

export interface ExportOptions {
  /** The build folder (with manifest.json). */
  build: string;
  out: string;
  format: ExportFormat;
  /** One row per distinct reference instead of one per record. */
  allReferences?: boolean;
  force?: boolean;
  /** Told each file and record written (the CLI's status line). */
  meter?: WorkMeter;
}

/** export.json. */
export interface ExportSummary {
  format: ExportFormat;
  all_references: boolean;
  tool: { name: "iml-bench"; version: string };
  build: { name: string; tool_version: string; manifest_sha256: string };
  records: number;
  rows: number;
  /** Rows beyond one per record (`--all-references`). */
  extra_reference_rows: number;
  files: { path: string; split: string; records: number; rows: number; sha256: string; bytes: number }[];
}

export async function exportBuild(options: ExportOptions): Promise<ExportSummary> {
  const spec = FORMATS[options.format];
  const { manifest, sha256 } = await readBuild(options.build);
  const separator = (manifest.config as { demos?: { separator?: string } }).demos?.separator ?? DEFAULT_DEMO_SEPARATOR;
  const staging = await stageOutput(options.out, options.force ?? false);
  try {
    const sinks = new Map<string, Sink>();
    let example: string | undefined;
    // The training file first, then the evaluation files in path order.
    const files = recordsFiles(manifest.outputs).toSorted(
      (a, b) => Number(a.split !== "train") - Number(b.split !== "train") || byCodeUnit(a.path, b.path),
    );
    options.meter?.stage(
      "export",
      "files",
      files.length,
      files.reduce((n, f) => n + f.records, 0),
    );
    for (const file of files) {
      const split = file.split as string;
      const target = spec.target({ path: file.path, split });
      let sink = sinks.get(target);
      if (!sink) sinks.set(target, (sink = await Sink.open(join(staging.dir, target), split)));
      // A file holding several levels (OpenAI's validation.jsonl) is an evaluation file of no one level.
      if (sink.split !== split) sink.split = "evaluation";
      for await (const row of readRows(join(options.build, file.path))) {
        const record = row as BuildRecord;
        const turns = spec.chat ? turnsOf(record, separator) : { demos: [], query: record.prompt };
        const targets = options.allReferences ? [...new Set(record.references)] : [record.completion];
        for (const completion of targets) {
          const line = JSON.stringify(spec.row(record, completion, turns));
          example ??= line;
          await sink.write(line);
        }
        sink.records++;
        options.meter?.add(0, 1);
      }
      options.meter?.add(1, 0);
    }
    const written: ExportSummary["files"] = [];
    for (const [path, sink] of sinks) {
      await sink.close();
      written.push({ path, split: sink.split, records: sink.records, rows: sink.rows, ...(await hashFile(join(staging.dir, path))) });
    }
    const name = (manifest.config as { name?: string }).name ?? "build";
    for (const extra of extraFiles(options.format, written, name)) await writeFile(join(staging.dir, extra.path), extra.text);
    const records = written.reduce((n, f) => n + f.records, 0);
    const rows = written.reduce((n, f) => n + f.rows, 0);
    const summary: ExportSummary = {
      format: options.format,
      all_references: options.allReferences ?? false,
      tool: { name: "iml-bench", version: packageVersion() },
      build: { name, tool_version: manifest.tool.version, manifest_sha256: sha256 },
      records,
      rows,
      extra_reference_rows: rows - records,
      files: written,
    };
    await writeFile(join(staging.dir, "export.json"), `${JSON.stringify(summary, null, 2)}\n`);
    const card = exportCard({
      format: options.format,
      allReferences: summary.all_references,
      build: { name, toolVersion: manifest.tool.version, manifestSha256: sha256, front: await buildFront(options.build) },
      files: written,
      example,
    });
    await writeFile(join(staging.dir, "README.md"), card);
    await staging.commit();
    return summary;
  } catch (error) {
    await staging.abort();
    throw error;
  }
}

/** The build's manifest and its sha256, after checking every records file against it. */
async function readBuild(dir: string): Promise<{ manifest: Manifest; sha256: string }> {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) throw new UserError("E_INPUT", `${dir} is not an iml-bench build: it has no manifest.json.`);
  const manifest = JSON.parse(await readFile(file, "utf8")) as Manifest;
  for (const output of recordsFiles(manifest.outputs)) {
    const path = join(dir, output.path);
    if (!existsSync(path)) throw new UserError("E_INPUT", `${path}: listed in manifest.json but missing.`);
    if ((await hashFile(path)).sha256 !== output.sha256)
      throw new UserError("E_INPUT", `${path}: its sha256 differs from manifest.json's; the build was changed after it was written.`);
  }
  return { manifest, sha256: (await hashFile(file)).sha256 };
}

/** The front matter of the build's card, or {} for a build without one. */
async function buildFront(dir: string): Promise<Record<string, unknown>> {
  const file = join(dir, "README.md");
  if (!existsSync(file)) return {};
  const match = /^---\n([\s\S]*?)\n---\n/.exec(await readFile(file, "utf8"));
  return match ? ((parse(match[1] as string, { version: "1.1" }) ?? {}) as Record<string, unknown>) : {};
}

/** One JSON Lines file of the export, written as rows come. */
class Sink {
  rows = 0;
  records = 0;
  private constructor(
    private readonly out: WriteStream,
    public split: string,
  ) {}

  static async open(file: string, split: string): Promise<Sink> {
    await mkdir(dirname(file), { recursive: true });
    return new Sink(createWriteStream(file), split);
  }

  async write(line: string): Promise<void> {
    this.rows++;
    if (!this.out.write(`${line}\n`)) await once(this.out, "drain");
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, "finish");
  }
}
