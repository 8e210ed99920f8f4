/** `iml-bench build`: a split config to train.jsonl, eval/<level>/<task>.jsonl (or .parquet), README.md and manifest.json. */
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { build } from "../pipeline/build.js";
import type { Manifest } from "../pipeline/manifest.js";
import { OUTPUT_FORMATS, type OutputFormat } from "../publish/index.js";
import { type ProgressFlag, withProgress, withProgressFlag } from "./progress-flag.js";
import { type SourceFlags, sourceExample, sourceOverrides, withSourceFlags } from "./source-flags.js";

interface BuildArgs extends SourceFlags, ProgressFlag {
  config: string;
  out: string;
  seed?: number;
  lock?: string;
  format: OutputFormat;
  force: boolean;
  quiet: boolean;
  workers?: number;
}

export function buildCommand(io: CliIO): CommandModule<object, BuildArgs> {
  return {
    command: "build",
    describe: "Build a benchmark from a split config",
    builder: (y) =>
      withProgressFlag(withSourceFlags(y))
        .option("config", { type: "string", demandOption: true, describe: "Split config (splits/*.yaml)" })
        .option("out", { type: "string", demandOption: true, describe: "Output folder (must be empty unless --force)" })
        .option("seed", { type: "number", describe: "Seed; overrides the config's" })
        .option("format", {
          choices: OUTPUT_FORMATS,
          default: "jsonl" as OutputFormat,
          describe: "Records as JSON Lines or Parquet (one .parquet per .jsonl: Snappy, explicit schema)",
        })
        .option("lock", {
          type: "string",
          describe: "A sources.lock.json `pull` wrote: every source's root comes from it, every locked file checked before reading",
        })
        .option("force", { type: "boolean", default: false, describe: "Replace a non-empty output folder" })
        .option("quiet", {
          type: "boolean",
          default: false,
          describe: "Print no summary and no messages (errors and --progress still go to stderr)",
        })
        .option("workers", {
          type: "number",
          describe:
            "Worker threads scanning and rendering tasks (0: none, on the main thread); the output is the same for any number. Default: the available cores",
        })
        .example("$0 build --config splits/demo.yaml --out out", "Build the embedded demo")
        .example("$0 build --config splits/demo.yaml --out out-parquet --format parquet", "Write the records as Parquet")
        .example(`$0 build --config splits/demo.yaml --out out ${sourceExample()}`, "Read a source from a real checkout")
        .example(
          "$0 build --config splits/opt-iml.yaml --out out --lock /data/iml/sources.lock.json",
          "Build from pulled sources",
        ) as never,
    handler: async (args) => {
      const manifest = await withProgress(io, args, (reporting) =>
        build({
          configFile: args.config,
          out: args.out,
          seed: args.seed,
          format: args.format,
          ...sourceOverrides(args),
          lockFile: args.lock,
          force: args.force,
          ...(args.workers === undefined ? {} : { workers: args.workers }),
          ...reporting,
        }),
      );
      if (!args.quiet) io.out(summarize(manifest, args.out));
    },
  };
}

/** A short human summary of a build. */
export function summarize(manifest: Manifest, out: string): string {
  const lines = [`built ${manifest.config && (manifest.config as { name?: string }).name} (seed ${manifest.seed}) into ${out}`];
  lines.push(`  records: ${manifest.counts.records}`);
  for (const [split, n] of Object.entries(manifest.counts.by_split)) {
    const tasks = Object.values(manifest.counts.by_task).filter((c) => (c[split] ?? 0) > 0).length;
    lines.push(`  ${split.padEnd(17)} ${String(n).padStart(8)} records  ${String(tasks).padStart(5)} tasks`);
  }
  const dropped = Object.entries(manifest.drops.tasks);
  if (dropped.length) lines.push(`  tasks dropped: ${dropped.map(([r, n]) => `${r} ${n}`).join(", ")}`);
  const notes = Object.entries(manifest.issue_counts.by_kind);
  if (notes.length) lines.push(`  source notes: ${notes.map(([k, n]) => `${k} ${n}`).join(", ")} (manifest.json#/issues)`);
  return `${lines.join("\n")}\n`;
}
