/**
 * The 13-gram content audit (OPT-IML §2.3): for every (training task, evaluation task) pair, the fraction
 * of the evaluation task's examples that share an n-gram with the training task; pairs above the
 * threshold are reported. The evaluation side is indexed once (typed arrays, see eval-index.ts), then the
 * training tasks stream through one at a time, so memory is bounded by the evaluation side.
 */

import { byCodeUnit } from "../core/py-str.js";
import { UserError } from "../errors.js";
import { buildEvalIndex, type EvalExample, type EvalIndex } from "./eval-index.js";
import { exampleKey, type ReportedExample, resolveExamples, type SkippedExamples } from "./examples.js";
import { TOKENIZATION } from "./ngrams.js";
import { type BoilerplateRule, type PairHit, type ScanOptions, TrainScanner } from "./train-scan.js";

/**
 * Called twice, with the same records in the same order: once to build the index (every example), once
 * to quote the reported examples, given their ordinals (`quote`); the second read may stand for runs of
 * other examples with `{ skipped: count }` instead of reading them.
 */
export type EvalExamples = (
  quote?: ReadonlySet<number>,
) => AsyncIterable<EvalExample | SkippedExamples> | Iterable<EvalExample | SkippedExamples>;

export interface TrainTaskTexts {
  task: string;
  texts: AsyncIterable<string> | Iterable<string>;
}

export interface AuditOptions {
  /** Tokens per n-gram. @default 13 (GPT-3, OPT-IML) */
  n?: number;
  /** A pair is flagged when more than this fraction of the eval task's examples overlap. @default 0.01 */
  threshold?: number;
  /**
   * N-grams in more than `fraction` (and at least `minRecords`) of a training task's records are its
   * template text, which other tasks' templates may share without sharing content; they are ignored,
   * and so are n-grams overlapping them in the same record. `null` counts every n-gram. @default { fraction: 0.02, minRecords: 10 }
   */
  boilerplate?: BoilerplateRule | null;
  /** Also compare a training task with evaluation records of the same task id. @default false */
  includeSameTask?: boolean;
}

export const DEFAULT_BOILERPLATE: BoilerplateRule = { fraction: 0.02, minRecords: 10 };

export interface AuditPair {
  train: string;
  eval: string;
  evalExamples: number;
  overlapping: number;
  fraction: number;
  example: ReportedExample;
}

export interface AuditReport {
  n: number;
  threshold: number;
  tokenization: string;
  boilerplate: BoilerplateRule | null;
  includeSameTask: boolean;
  evalTasks: number;
  evalExamples: number;
  trainTasks: number;
  /** Flagged pairs only, sorted by training then evaluation task id (code-unit order). */
  pairs: AuditPair[];
}

/** The text audited for an output record: what the model reads and what it is trained to write. */
export function auditText(record: { prompt: string; completion: string }): string {
  return `${record.prompt} ${record.completion}`;
}

export async function auditOverlap(
  evalExamples: EvalExamples,
  trainTasks: AsyncIterable<TrainTaskTexts> | Iterable<TrainTaskTexts>,
  options: AuditOptions = {},
): Promise<AuditReport> {
  const prepared = await prepareAudit(evalExamples, options);
  const scanner = new TrainScanner(prepared.index, prepared.settings);
  const scanned: ScannedTask[] = [];
  for await (const { task, texts } of trainTasks) scanned.push({ task, hits: await scanner.scan(task, texts) });
  return finishAudit(prepared, evalExamples, scanned);
}

/**
 * The audit in three phases, for callers that scan training tasks elsewhere (e.g. worker threads):
 * `prepareAudit` checks the options and indexes the evaluation side (`shared`: in SharedArrayBuffers, so
 * `index.parts` and `settings` can be posted to workers, each scanning tasks with
 * `new TrainScanner(new EvalIndex(parts), settings)`); `finishAudit` takes every task's hits, in any
 * order, and quotes and sorts the flagged pairs. `auditOverlap` is the three in one thread.
 */
export interface PreparedAudit {
  settings: AuditSettings;
  index: EvalIndex;
}

/** One training task's scan: its flagged pairs (TrainScanner.scan). */
export interface ScannedTask {
  task: string;
  hits: PairHit[];
}

export async function prepareAudit(evalExamples: EvalExamples, options: AuditOptions = {}, shared = false): Promise<PreparedAudit> {
  const settings = checkOptions(options);
  return { settings, index: await buildEvalIndex(everyExample(evalExamples()), settings.n, shared) };
}

export async function finishAudit(
  prepared: PreparedAudit,
  evalExamples: EvalExamples,
  scanned: readonly ScannedTask[],
): Promise<AuditReport> {
  const { settings, index } = prepared;
  const seen = new Set<string>();
  for (const { task } of scanned) {
    if (seen.has(task))
      throw new UserError(
        "E_INPUT",
        `[audit] training task "${task}" was given twice; each training task must come once with all of its records.`,
      );
    seen.add(task);
  }
  const hits = scanned.flatMap((t) => t.hits);
  const wanted = wantedExamples(hits);
  const examples = await resolveExamples(evalExamples(new Set(wanted.keys())), index, wanted);
  const pairs = hits.map((hit) => toPair(hit, index, examples));
  pairs.sort((a, b) => byCodeUnit(a.train, b.train) || byCodeUnit(a.eval, b.eval));
  return {
    n: settings.n,
    threshold: settings.threshold,
    tokenization: TOKENIZATION,
    boilerplate: settings.boilerplate,
    includeSameTask: settings.includeSameTask,
    evalTasks: index.tasks.length,
    evalExamples: index.examples,
    trainTasks: seen.size,
    pairs,
  };
}

async function* everyExample(read: AsyncIterable<EvalExample | SkippedExamples> | Iterable<EvalExample | SkippedExamples>) {
  for await (const item of read) {
    if ("skipped" in item)
      throw new Error("[audit] the first read of the evaluation examples must not skip any (only the second, to quote, may).");
    yield item;
  }
}

function wantedExamples(hits: readonly PairHit[]): Map<number, number[]> {
  const wanted = new Map<number, number[]>();
  for (const hit of hits) {
    const list = wanted.get(hit.ordinal) ?? [];
    if (!list.includes(hit.ngram)) list.push(hit.ngram);
    wanted.set(hit.ordinal, list);
  }
  return wanted;
}

function toPair(hit: PairHit, index: EvalIndex, examples: ReadonlyMap<string, ReportedExample>): AuditPair {
  const evalExamples = index.taskExamples[hit.evalTask] as number;
  return {
    train: hit.train,
    eval: index.tasks[hit.evalTask] as string,
    evalExamples,
    overlapping: hit.overlapping,
    fraction: hit.overlapping / evalExamples,
    example: examples.get(exampleKey(hit.ordinal, hit.ngram)) as ReportedExample,
  };
}

/** The options checked, every default filled in (plain data: can be posted to a worker). */
interface AuditSettings extends ScanOptions {
  n: number;
}

function checkOptions(options: AuditOptions): AuditSettings {
  const settings: AuditSettings = {
    n: options.n ?? 13,
    threshold: options.threshold ?? 0.01,
    boilerplate: options.boilerplate === undefined ? DEFAULT_BOILERPLATE : options.boilerplate,
    includeSameTask: options.includeSameTask ?? false,
  };
  const problems: string[] = [];
  if (!Number.isInteger(settings.n) || settings.n < 1) problems.push(`n must be a positive integer, got ${settings.n}`);
  if (!(settings.threshold >= 0 && settings.threshold <= 1))
    problems.push(`threshold must be a fraction in [0, 1], got ${settings.threshold}`);
  const rule = settings.boilerplate;
  if (rule && !(rule.fraction >= 0 && rule.fraction <= 1)) problems.push(`boilerplate.fraction must be in [0, 1], got ${rule.fraction}`);
  if (rule && (!Number.isInteger(rule.minRecords) || rule.minRecords < 1))
    problems.push(`boilerplate.minRecords must be a positive integer, got ${rule.minRecords}`);
  if (problems.length > 0) throw new UserError("E_CONFIG", `[audit] invalid options: ${problems.join("; ")}.`);
  return settings;
}
