/**
 * `iml-bench render promptsource --templates <templates.yaml> --rows <rows.jsonl|.parquet> [--seed N]`:
 * preview a templates.yaml on a rows file. One JSON line per (template, row), templates in id order and
 * rows in file order; skips carry their reason, and errors go to stderr naming template and row.
 */
import { existsSync } from "node:fs";
import type { CommandModule } from "yargs";
import { type CliIO, writeJsonLine } from "../../cli-io.js";
import { rngFor } from "../../core/rng.js";
import { type Row, readAllRows } from "../../core/rows.js";
import { UserError } from "../../errors.js";
import { type ProgressMode, progressOf, workMeter } from "../../progress.js";
import { type ApplyLimits, applyTemplate, DEFAULT_TRUNCATE, prepareTemplate } from "./apply.js";
import { readTemplatesFile, type TemplatesFile } from "./templates-file.js";

export interface RenderPromptSourceArgs {
  templates: string;
  rows: string;
  seed: number;
  truncate: number;
  /** The status line on stderr (`--progress` of `render`). @default "auto" */
  progress?: ProgressMode;
}

/** One output line of the preview. */
export type PreviewRecord =
  | { template: string; row: number; prompt: string; completion: string; choices: string[] | null }
  | { template: string; row: number; skipped: true; reason: string };

export interface PreviewOptions {
  /** @default 0 */
  seed?: number;
  /** Characters kept per printed expression; 0 = off. @default 2048 */
  truncate?: number;
  limits?: ApplyLimits;
}

/** The stage name of the random streams: `rngFor(seed, PREVIEW_STAGE, templateId, rowIndex)`. */
const PREVIEW_STAGE = "promptsource-render";

/** Every (template, row) outcome with the skip detail alongside (pure; rows in memory). */
export function* previewRecords(
  file: TemplatesFile,
  rows: readonly Row[],
  options: PreviewOptions = {},
): Generator<{ record: PreviewRecord; detail?: string }> {
  const seed = options.seed ?? 0;
  const truncate = options.truncate ?? DEFAULT_TRUNCATE;
  for (const template of file.templates) {
    const prepared = prepareTemplate(template, { truncate });
    for (const [row, fields] of rows.entries()) {
      const result = applyTemplate(prepared, fields, rngFor(seed, PREVIEW_STAGE, template.id, row), options.limits);
      if (result.ok) {
        yield {
          record: { template: template.id, row, prompt: result.prompt, completion: result.completion, choices: result.choices ?? null },
        };
      } else {
        yield {
          record: { template: template.id, row, skipped: true, reason: result.reason },
          ...(result.detail === undefined ? {} : { detail: result.detail }),
        };
      }
    }
  }
}

/** The handler behind the command: reads the files, writes JSONL to `io.out`, error details to `io.err`. */
export async function runRenderPromptSource(args: RenderPromptSourceArgs, io: CliIO): Promise<void> {
  if (!Number.isInteger(args.truncate) || args.truncate < 0) {
    throw new UserError("E_ARG", `--truncate must be a non-negative integer (0 turns truncation off), got ${String(args.truncate)}`);
  }
  if (!Number.isInteger(args.seed)) throw new UserError("E_ARG", `--seed must be an integer, got ${String(args.seed)}`);
  if (!existsSync(args.rows))
    throw new UserError("E_INPUT", `--rows ${args.rows}: file not found; expected a .jsonl or .parquet rows file`);
  const file = await readTemplatesFile(args.templates);
  const rows = await readAllRows(args.rows, { markFloats: true });
  const meter = workMeter(progressOf(io, args.progress ?? "auto"));
  meter.stage("render", "templates", file.templates.length, file.templates.length * rows.length);
  for (const { record, detail } of previewRecords(file, rows, { seed: args.seed, truncate: args.truncate })) {
    writeJsonLine(io, record);
    meter.add(record.row === rows.length - 1 ? 1 : 0, 1);
    if ("skipped" in record && (record.reason === "template_error" || record.reason === "template_limit")) {
      io.err(`[promptsource] ${args.templates}: row ${record.row}: ${record.reason}: ${detail ?? ""}\n`);
    }
  }
  meter.end();
}

/** The `promptsource` subcommand of `render` (the lead nests it under `render`). */
export function renderPromptSourceCommand(io: CliIO): CommandModule<object, RenderPromptSourceArgs> {
  return {
    command: "promptsource",
    describe: "Apply every template of a PromptSource templates.yaml to a rows file and print JSONL",
    builder: (yargs) =>
      yargs
        .option("templates", { type: "string", demandOption: true, describe: "templates/<dataset>[/<subset>]/templates.yaml" })
        .option("rows", { type: "string", demandOption: true, describe: "rows file (.jsonl or .parquet)" })
        .option("seed", { type: "number", default: 0, describe: "seed for the choice and random filters" })
        .option("truncate", { type: "number", default: DEFAULT_TRUNCATE, describe: "characters kept per printed expression (0 = off)" }),
    handler: (argv) => runRenderPromptSource(argv, io),
  };
}
