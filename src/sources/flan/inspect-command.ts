/**
 * `iml-bench inspect flan --templates <module.py> [--fewshot] [--table NAME]`: read a FLAN template
 * module without running it and print one JSON line per task, in module order:
 *   {"task": "<key>", "templates": [{"input": "...", "target": "..."}, ...]}       (PATTERNS)
 *   {"task": "<key>", "fewshot": [{"inputs": ..., "targets": ..., ...}, ...]}      (--fewshot: FEWSHOT_PATTERNS)
 * Skipped statements (imports, loops, computed tables) are listed on stderr with line and column.
 */
import { readFile } from "node:fs/promises";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { type CliIO, writeJsonLine } from "../../cli-io.js";
import { UserError } from "../../errors.js";
import { type FlanModule, readFlanModule } from "./module.js";
import { NAME } from "./name.js";
import { fewShotTable, zeroShotTable } from "./templates.js";
import { decodeUtf8 } from "./text-file.js";

export interface InspectFlanArgs {
  templates: string;
  fewshot?: boolean;
  table?: string;
}

export interface InspectLine {
  task: string;
  templates?: { input: string; target: string }[];
  fewshot?: Record<string, unknown>[];
}

/** The lines `inspect flan` prints for a read module (pure). */
export function inspectFlanLines(module: FlanModule, options: { fewshot?: boolean; table?: string } = {}): InspectLine[] {
  const table = options.table ?? (options.fewshot ? "FEWSHOT_PATTERNS" : "PATTERNS");
  if (!module.names.has(table)) {
    const tables = [...module.names].filter(([, v]) => v instanceof Map).map(([k]) => k);
    throw new UserError(
      "E_INPUT",
      `${module.file}: no literal ${table} in this module. Dict tables found: ${tables.length ? tables.join(", ") : "none"}.`,
    );
  }
  if (options.fewshot) {
    const patterns = fewShotTable(module, table) ?? new Map();
    return [...patterns].map(([task, list]) => ({ task, fewshot: list as unknown as Record<string, unknown>[] }));
  }
  const templates = zeroShotTable(module, table) ?? new Map();
  return [...templates].map(([task, list]) => ({ task, templates: list }));
}

export async function runInspectFlan(args: InspectFlanArgs, io: CliIO): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(args.templates);
  } catch (error) {
    throw new UserError("E_INPUT", `${args.templates}: cannot read the template module (${(error as Error).message}).`, { cause: error });
  }
  const module = readFlanModule(decodeUtf8(bytes, args.templates), args.templates);
  const options: { fewshot?: boolean; table?: string } = { fewshot: args.fewshot === true };
  if (args.table !== undefined) options.table = args.table;
  for (const line of inspectFlanLines(module, options)) writeJsonLine(io, line);
  for (const note of module.notes) io.err(`${args.templates}:${note.line}:${note.col}: ${note.message}: ${note.statement}\n`);
}

export function inspectFlanCommand(io: CliIO): CommandModule<object, InspectFlanArgs> {
  return {
    command: NAME,
    describe: "Print a FLAN template module's templates as JSON lines (the module is parsed, never run)",
    builder: (yargs: Argv<object>) =>
      yargs
        .option("templates", {
          type: "string",
          demandOption: true,
          describe: "FLAN template module (flan/templates.py, flan/v2/templates.py, ...)",
        })
        .option("fewshot", { type: "boolean", default: false, describe: "Print FEWSHOT_PATTERNS with every FewShotPattern field" })
        .option("table", {
          type: "string",
          describe: "Another dict table to print (e.g. INLINE_FS_PATTERNS)",
        }) as unknown as Argv<InspectFlanArgs>,
    handler: (argv: ArgumentsCamelCase<InspectFlanArgs>) => runInspectFlan(argv, io),
  };
}
