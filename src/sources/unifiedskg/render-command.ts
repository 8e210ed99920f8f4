/**
 * `iml-bench render unifiedskg --task <name> --rows <file> [--cfg <META_TUNING cfg>] [--exp <Salesforce cfg>]
 * [--split validation] [--seed 0]`: the model input UnifiedSKG builds for each row, as JSONL
 * `{"row": i, "prompt", "completion"}` (rows numbered from 0 in file order), or
 * `{"row": i, "skipped": true, "reason", "detail"}`. A row that yields several items (KVRET: one per
 * turn; DART with --split train: one per reference) prints several lines with the same `row`.
 *
 * Rows are instantiated examples (`text_in`/`struct_in`/`seq_out`) or raw rows of the task's HF
 * loader, run through the constructor the cfg names (without --cfg: guessed from the task name, see
 * `guessFromTaskName`). Without --exp the input uses `knowledge_usage = concatenate`, and the `{description} ; `
 * prefix only for instantiated rows that carry a `description` (its presence means descriptions were
 * used); `--use-description` / `--no-use-description` force it on or off (the cfg's `[model] description`
 * is the text for raw rows).
 */
import type { CommandModule } from "yargs";
import { type CliIO, writeJsonLine } from "../../cli-io.js";
import { rngFor } from "../../core/rng.js";
import { readRows } from "../../core/rows.js";
import { UserError } from "../../errors.js";
import { type ProgressMode, progressOf, workMeter } from "../../progress.js";
import { CONSTRUCTOR_NAMES, findConstructor, type SkgConstructor } from "./constructors/index.js";
import { DEFAULT_MODEL_OPTIONS, type SkgModelOptions } from "./input.js";
import { isInstantiated, renderSkgRow } from "./render.js";
import { type MetaTuningConfig, readExperiment, readMetaTuning } from "./task-config.js";

export interface RenderUnifiedSkgArgs {
  task: string;
  rows: string;
  cfg?: string | undefined;
  exp?: string | undefined;
  split: string;
  seed: number;
  /** Force `{description} ; ` on (true) or off (false); unset: the --exp cfg decides, else only rows carrying a description get it. */
  useDescription?: boolean | undefined;
  /** The status line on stderr (`--progress` of `render`). @default "auto" */
  progress?: ProgressMode;
}

type SkgPreviewRecord =
  | { row: number; prompt: string; completion: string }
  | { row: number; skipped: true; reason: string; detail: string };

/** The stage name of the truncation streams: `rngFor(seed, SKG_RENDER_STAGE, task, rowIndex)`. */
const SKG_RENDER_STAGE = "unifiedskg-render";

interface Resolved {
  builder?: SkgConstructor;
  meta?: MetaTuningConfig;
  model: SkgModelOptions;
  /** No --exp and no --use-description: describe exactly the rows that carry a description. */
  autoDescription: boolean;
}

async function resolve(args: RenderUnifiedSkgArgs): Promise<Resolved> {
  const meta = args.cfg === undefined ? undefined : await readMetaTuning(args.cfg);
  let model = args.exp === undefined ? DEFAULT_MODEL_OPTIONS : (await readExperiment(args.exp)).model;
  if (args.useDescription !== undefined)
    model = { ...model, useDescription: args.useDescription, concatenateDescription: args.useDescription };
  const guess = meta ? undefined : guessFromTaskName(args.task);
  const name = meta?.constructorName ?? guess?.constructorName ?? args.task;
  const builder = findConstructor(name);
  if (meta && !builder) {
    throw new UserError(
      "E_CONFIG",
      `${meta.file}: constructor "seq2seq_construction.${name}" is not supported for raw rows. Expected one of: ${CONSTRUCTOR_NAMES.join(", ")} (instantiated text_in/struct_in/seq_out rows work for any task).`,
    );
  }
  return {
    ...(builder ? { builder } : {}),
    ...(meta ? { meta } : guess ? { meta: guess } : {}),
    model,
    autoDescription: args.exp === undefined && args.useDescription === undefined,
  };
}

/**
 * Without --cfg: the task name picks the constructor (`spider_with_cell_nl` → spider) and the
 * upstream cfg naming convention picks the options (`_with_cell` → DB values, `_nl` → natural-language
 * schema); tables get the cfgs' `table_truncation_max_length = 1024`.
 */
export function guessFromTaskName(task: string): MetaTuningConfig | undefined {
  const name = CONSTRUCTOR_NAMES.filter((c) => task === c || task.startsWith(`${c}_`)).sort((a, b) => b.length - a.length)[0];
  if (name === undefined) return undefined;
  const suffix = task.slice(name.length);
  return {
    file: `(no --cfg; options guessed from the task name "${task}")`,
    constructorName: name,
    seq2seq: {
      table_truncation_max_length: 1024,
      schema_serialization_with_db_content: suffix.includes("_with_cell"),
      schema_serialization_with_nl: suffix.includes("_nl"),
      target_with_db_id: false,
    },
  };
}

/** The handler behind the command (rows stream; nothing is held but the current row). */
export async function runRenderUnifiedSkg(args: RenderUnifiedSkgArgs, io: CliIO): Promise<void> {
  if (!Number.isInteger(args.seed)) throw new UserError("E_ARG", `--seed must be an integer, got ${String(args.seed)}`);
  const { builder, meta, model, autoDescription } = await resolve(args);
  const describedModel = { ...model, useDescription: true, concatenateDescription: true };
  const meter = workMeter(progressOf(io, args.progress ?? "auto"));
  meter.stage("render", "rows", null);
  let index = 0;
  for await (const row of readRows(args.rows)) {
    const i = index++;
    if (!builder && !isInstantiated(row)) {
      throw new UserError(
        "E_INPUT",
        `${args.rows}: row ${i}: not an instantiated example (no struct_in/seq_out) and task "${args.task}" names no known constructor; pass --cfg <META_TUNING cfg>. Known constructors: ${CONSTRUCTOR_NAMES.join(", ")}.`,
      );
    }
    const results = renderSkgRow(row, {
      builder,
      split: args.split,
      seq2seq: meta?.seq2seq ?? {},
      model: autoDescription && typeof row.description === "string" && isInstantiated(row) ? describedModel : model,
      description: meta?.description,
      rng: rngFor(args.seed, SKG_RENDER_STAGE, args.task, i),
    });
    if (results.length === 0)
      writeJsonLine(io, {
        row: i,
        skipped: true,
        reason: "no_items",
        detail: `row ${i}: the constructor made no item of this row (e.g. a dialogue without an answered turn)`,
      });
    for (const r of results) {
      const record: SkgPreviewRecord = r.ok
        ? { row: i, prompt: r.prompt, completion: r.completion }
        : { row: i, skipped: true, reason: r.reason, detail: `row ${i}: ${r.detail}` };
      writeJsonLine(io, record);
    }
    meter.add(1, Math.max(1, results.length));
  }
  meter.end();
}

/** The `unifiedskg` subcommand of `render` (the lead nests it under `render`). */
export function renderUnifiedSkgCommand(io: CliIO): CommandModule<object, RenderUnifiedSkgArgs> {
  return {
    command: "unifiedskg",
    describe: "Linearize UnifiedSKG rows (tables, triples, schemas, dialogues) exactly as UnifiedSKG builds its model input",
    builder: (yargs) =>
      yargs
        .option("task", { type: "string", demandOption: true, describe: "task name (e.g. wikitq, dart, spider)" })
        .option("rows", {
          type: "string",
          demandOption: true,
          describe: "rows file (.jsonl or .parquet): raw HF rows or text_in/struct_in/seq_out examples",
        })
        .option("cfg", { type: "string", describe: "configure/META_TUNING/<task>.cfg (constructor, description, [seq2seq] options)" })
        .option("exp", {
          type: "string",
          describe: "configure/Salesforce/<exp>.cfg ([model] knowledge_usage, use_description, concatenate_description)",
        })
        .option("split", {
          type: "string",
          default: "validation",
          choices: ["train", "validation", "test"],
          describe: "train lets answers guide truncation and expands DART references",
        })
        .option("seed", { type: "number", default: 0, describe: "seed for table row deletion (upstream: unseeded)" })
        .option("use-description", {
          type: "boolean",
          describe: 'prefix "{description} ; " (default: as --exp says; else only rows carrying a description)',
        })
        .example(
          "$0 render unifiedskg --task wikitq --rows rows.jsonl --cfg configure/META_TUNING/wikitq.cfg",
          "Print the linearized inputs",
        ) as never,
    handler: (args) => runRenderUnifiedSkg(args, io),
  };
}
