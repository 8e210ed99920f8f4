/**
 * The two kinds of UnifiedSKG cfg files, read into what iml-bench uses:
 * - `configure/META_TUNING/<task>.cfg`: `[model] description`, `[seq2seq] constructor` + options;
 * - `configure/Salesforce/<exp>.cfg`: `[model] use_description, concatenate_description,
 *   knowledge_usage`, `[dataset] upsample_temp, eval_num`, `[arg_paths] <task> = META_TUNING/<x>.cfg`.
 */
import { readUtf8File, TextFileError } from "../../core/text-file.js";
import { AdapterError } from "../../errors.js";
import { cfgGet, cfgTruthy, IniSyntaxError, parseSkgConfig, type SkgConfig, type SkgSection } from "./config.js";
import type { SkgModelOptions } from "./input.js";
import { NAME as SOURCE } from "./name.js";

export interface MetaTuningConfig {
  file: string;
  /** The module after `seq2seq_construction.` (e.g. "wikitq"). */
  constructorName: string;
  description?: string;
  seq2seq: SkgSection;
}

export interface ExperimentConfig {
  file: string;
  model: SkgModelOptions;
  upsampleTemp?: number;
  evalNum?: number;
  /** Task name → META_TUNING path as written (relative to `configure/`), in file order. */
  argPaths: [string, string][];
}

export async function readSkgConfigFile(file: string): Promise<SkgConfig> {
  let text: string;
  try {
    text = await readUtf8File(file);
  } catch (error) {
    if (error instanceof TextFileError) throw new AdapterError(SOURCE, file, error.detail, { cause: error });
    throw new AdapterError(SOURCE, file, `cannot read the cfg (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
      cause: error,
    });
  }
  try {
    return parseSkgConfig(text);
  } catch (error) {
    if (error instanceof IniSyntaxError)
      throw new AdapterError(SOURCE, file, `${error.message} (the file must be readable by Python configparser)`, { cause: error });
    throw error;
  }
}

export function metaTuningFrom(config: SkgConfig, file: string): MetaTuningConfig {
  const constructorName = cfgGet(config, "seq2seq", "constructor");
  if (typeof constructorName !== "string" || constructorName === "") {
    throw new AdapterError(SOURCE, file, `[seq2seq] constructor is missing; expected e.g. "constructor = seq2seq_construction.wikitq"`);
  }
  const description = cfgGet(config, "model", "description");
  return {
    file,
    constructorName: constructorName.replace(/^seq2seq_construction\./, ""),
    ...(description === undefined ? {} : { description: String(description) }),
    seq2seq: config.seq2seq ?? {},
  };
}

export function experimentFrom(config: SkgConfig, file: string): ExperimentConfig {
  const usage = cfgGet(config, "model", "knowledge_usage");
  const temp = cfgGet(config, "dataset", "upsample_temp");
  const evalNum = cfgGet(config, "dataset", "eval_num");
  return {
    file,
    model: {
      knowledgeUsage: usage === undefined ? undefined : String(usage),
      useDescription: cfgTruthy(cfgGet(config, "model", "use_description")),
      concatenateDescription: cfgTruthy(cfgGet(config, "model", "concatenate_description")),
    },
    ...(typeof temp === "number" ? { upsampleTemp: temp } : {}),
    ...(typeof evalNum === "number" ? { evalNum } : {}),
    argPaths: Object.entries(config.arg_paths ?? {}).map(([task, p]) => [task, String(p)]),
  };
}

export async function readMetaTuning(file: string): Promise<MetaTuningConfig> {
  return metaTuningFrom(await readSkgConfigFile(file), file);
}

export async function readExperiment(file: string): Promise<ExperimentConfig> {
  return experimentFrom(await readSkgConfigFile(file), file);
}
