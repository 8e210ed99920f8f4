import { describe, expect, it } from "vitest";
import {
  type AuditOptions,
  auditOverlap,
  auditText,
  finishAudit,
  prepareAudit,
  type ScannedTask,
  type TrainTaskTexts,
} from "../../src/audit/audit.js";
import { type EvalExample, EvalIndex } from "../../src/audit/eval-index.js";
import { tokenize } from "../../src/audit/ngrams.js";
import { TrainScanner } from "../../src/audit/train-scan.js";
import { rngFor } from "../../src/core/rng.js";
import { UserError } from "../../src/errors.js";
import { evalTask, span, trainTexts } from "./helpers.js";

const EVAL_A = evalTask("superni/task1_entailment", 100);
const EVAL_B = evalTask("promptsource/rte", 300);
const EVALS = [...EVAL_A, ...EVAL_B];

/** A training task whose texts quote a 13-token span of each of `examples` (plus filler records). */
function planted(task: string, examples: readonly EvalExample[], length = 13, filler = 50): TrainTaskTexts {
  const texts = trainTexts(task, filler);
  examples.forEach((e, i) => {
    texts[i % filler] = `${texts[i % filler]} ${span(e, 5, length)} tail`;
  });
  return { task, texts };
}

const audit = (trains: TrainTaskTexts[], options: AuditOptions = {}, evals: EvalExample[] = EVALS) =>
  auditOverlap(() => evals, trains, options);

describe("auditOverlap", () => {
  it("finds planted overlaps with the exact fraction, despite case and punctuation", async () => {
    const report = await audit([planted("flan/anli", EVAL_A.slice(10, 17)), planted("flan/clean", [])]);
    expect(
      report.pairs.map(({ train, eval: e, evalExamples, overlapping, fraction }) => ({
        train,
        eval: e,
        evalExamples,
        overlapping,
        fraction,
      })),
    ).toEqual([{ train: "flan/anli", eval: "superni/task1_entailment", evalExamples: 100, overlapping: 7, fraction: 0.07 }]);
    expect(report).toMatchObject({ n: 13, threshold: 0.01, evalTasks: 2, evalExamples: 400, trainTasks: 2 });
  });

  it("gives the same report when tasks are scanned by several scanners on a shared index, in any order", async () => {
    const trains = [
      planted("flan/anli", EVAL_A.slice(10, 17)),
      planted("flan/clean", []),
      planted("t0/rte", EVAL_B.slice(0, 30)),
      planted("t0/both", [...EVAL_A.slice(50, 60), ...EVAL_B.slice(100, 103)]),
    ];
    const expected = await audit(trains);
    expect(expected.pairs.length).toBeGreaterThanOrEqual(3);
    const prepared = await prepareAudit(() => EVALS, {}, true);
    // What worker threads would get: the index's parts (shared memory, not copied) and the settings.
    const workers = [0, 1, 2].map(() => {
      const { parts, settings } = structuredClone({ parts: prepared.index.parts, settings: prepared.settings });
      return new TrainScanner(new EvalIndex(parts), settings);
    });
    const scanned: ScannedTask[] = [];
    for (const [k, { task, texts }] of [...trains].reverse().entries())
      scanned.push({ task, hits: await (workers[k % workers.length] as TrainScanner).scan(task, texts) });
    expect(await finishAudit(prepared, () => EVALS, scanned)).toEqual(expected);
  });

  it("gives no pair on clean data", async () => {
    const report = await audit([planted("a", []), planted("b", []), { task: "c", texts: [] }]);
    expect(report.pairs).toEqual([]);
    expect(report.trainTasks).toBe(3);
  });

  it("needs n tokens in a row: a 12-token span is not an overlap", async () => {
    expect((await audit([planted("t", EVAL_A.slice(0, 50), 12)])).pairs).toEqual([]);
    expect((await audit([planted("t", EVAL_A.slice(0, 50), 12)], { n: 12 })).pairs).toHaveLength(1);
  });

  it("flags strictly above the threshold: 1 of 100 is not above 1%, 2 of 100 is", async () => {
    expect((await audit([planted("t", EVAL_A.slice(0, 1))])).pairs).toEqual([]);
    expect((await audit([planted("t", EVAL_A.slice(0, 2))])).pairs.map((p) => p.overlapping)).toEqual([2]);
    expect((await audit([planted("t", EVAL_B.slice(0, 3))])).pairs).toEqual([]);
    expect((await audit([planted("t", EVAL_B.slice(0, 4))])).pairs.map((p) => p.fraction)).toEqual([4 / 300]);
    expect((await audit([planted("t", EVAL_B.slice(0, 3))], { threshold: 0.0099 })).pairs).toHaveLength(1);
    expect((await audit([planted("t", EVAL_B.slice(0, 1))], { threshold: 0 })).pairs).toHaveLength(1);
  });

  it("counts an example once however many of its n-grams or training records overlap", async () => {
    const example = EVAL_A[3] as EvalExample;
    const texts = [example.text, example.text, span(example, 0, 20), span(example, 10, 14)];
    const report = await audit([{ task: "t", texts }], { boilerplate: null, threshold: 0 });
    expect(report.pairs.map((p) => p.overlapping)).toEqual([1]);
  });

  it("counts short evaluation examples (no n-gram) in the denominator", async () => {
    const short = Array.from({ length: 98 }, (_, i) => ({ task: "superni/task1_entailment", text: `short ${i}` }));
    const report = await audit([planted("t", EVAL_A.slice(0, 2))], {}, [...EVAL_A.slice(0, 2), ...short]);
    expect(report.pairs.map((p) => [p.evalExamples, p.overlapping])).toEqual([[100, 2]]);
  });

  it("reports an example whose n-gram is in both texts, quoted from the evaluation text", async () => {
    const long = { task: "e", text: `${"lead ".repeat(200)}${(EVAL_A[0] as EvalExample).text}${" trail".repeat(200)}` };
    const quoted = span(EVAL_A[0] as EvalExample, 3, 15);
    const report = await audit([{ task: "t", texts: [`head ${quoted} tail`] }], {}, [long, ...evalTask("e", 9).slice(1)]);
    const pair = report.pairs[0];
    expect(pair?.example.ngram.split(" ")).toHaveLength(13);
    expect(tokenize(long.text).join(" ")).toContain(pair?.example.ngram);
    expect(pair?.example.evalText.length).toBeLessThanOrEqual(302);
    expect(pair?.example.evalText).toMatch(/^….*…$/);
    expect(tokenize(pair?.example.evalText ?? "").join(" ")).toContain(pair?.example.ngram);
  });

  it("gives the same report for the same input in another order", async () => {
    const trains = [planted("x", [...EVAL_A.slice(0, 9), ...EVAL_B.slice(40, 60)]), planted("y", EVAL_B.slice(0, 30)), planted("z", [])];
    const rng = rngFor(3, "test", "audit-order");
    const shuffledTrains = rng.shuffle(trains).map((t) => ({ task: t.task, texts: rng.shuffle([...(t.texts as string[])]) }));
    const first = await audit(trains);
    const second = await audit(shuffledTrains, {}, rng.shuffle(EVALS));
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(first.pairs.map((p) => `${p.train}|${p.eval}`)).toEqual([
      "x|promptsource/rte",
      "x|superni/task1_entailment",
      "y|promptsource/rte",
    ]);
  });

  it("accepts asynchronous training tasks and texts", async () => {
    async function* texts(): AsyncGenerator<string> {
      yield* planted("t", EVAL_A.slice(0, 5)).texts as string[];
    }
    async function* tasks(): AsyncGenerator<TrainTaskTexts> {
      yield { task: "t", texts: texts() };
    }
    const report = await auditOverlap(() => EVALS, tasks());
    expect(report.pairs.map((p) => p.overlapping)).toEqual([5]);
  });
});

describe("template text (boilerplate)", () => {
  const template = "Read the passage below and answer the question that follows using only words from the passage";
  const evals = evalTask("e", 100).map((e) => ({ ...e, text: `${template}: ${e.text}` }));
  const train = { task: "t", texts: trainTexts("t", 200).map((t) => `${template}: ${t}`) };

  it("ignores n-grams most of a training task's records share", async () => {
    expect((await audit([train], {}, evals)).pairs).toEqual([]);
  });

  it("counts them when the rule is off", async () => {
    expect((await audit([train], { boilerplate: null }, evals)).pairs.map((p) => p.fraction)).toEqual([1]);
  });

  it("still finds content leaks in a task with template text", async () => {
    const leaky = { task: "t", texts: train.texts.map((t, i) => (i < 5 ? `${t} ${span(evals[i] as EvalExample, 20, 13)}` : t)) };
    expect((await audit([leaky], {}, evals)).pairs.map((p) => p.overlapping)).toEqual([5]);
  });

  it("needs minRecords records before calling an n-gram template text", async () => {
    const small = { task: "t", texts: train.texts.slice(0, 9) };
    expect((await audit([small], {}, evals)).pairs.map((p) => p.overlapping)).toEqual([100]);
  });
});

describe("same task on both sides", () => {
  const evals = evalTask("sup", 20);
  const train = { task: "sup", texts: evals.slice(0, 5).map((e) => e.text) };

  it("skips a fully supervised task's own evaluation records by default", async () => {
    expect((await audit([train], {}, evals)).pairs).toEqual([]);
  });

  it("compares them with includeSameTask", async () => {
    expect((await audit([train], { includeSameTask: true }, evals)).pairs.map((p) => p.overlapping)).toEqual([5]);
  });
});

describe("errors", () => {
  it("rejects a training task given twice", async () => {
    await expect(audit([planted("t", []), planted("t", [])])).rejects.toThrow('[audit] training task "t" was given twice');
  });

  it("lists every invalid option", async () => {
    const error = await audit([], { n: 0, threshold: 2, boilerplate: { fraction: -1, minRecords: 1.5 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      "[audit] invalid options: n must be a positive integer, got 0; threshold must be a fraction in [0, 1], got 2; boilerplate.fraction must be in [0, 1], got -1; boilerplate.minRecords must be a positive integer, got 1.5.",
    );
  });

  it("fails when the evaluation examples change between the two reads", async () => {
    let reads = 0;
    const changing = () => (reads++ === 0 ? EVALS : EVALS.slice(0, 50));
    await expect(auditOverlap(changing, [planted("t", EVAL_A.slice(0, 5))])).rejects.toThrow(
      "the evaluation examples changed between the two reads (50 examples on the second read, 400 on the first)",
    );
  });

  it("lets the second read skip the examples it does not quote, and only those", async () => {
    const train = [planted("t", EVAL_A.slice(0, 5))];
    const expected = await audit(train);
    const skipping = (quote?: ReadonlySet<number>) => (quote ? EVALS.map((e, o) => (quote.has(o) ? e : { skipped: 1 })) : EVALS);
    expect(await auditOverlap(skipping, train)).toEqual(expected);
    const skipsAll = (quote?: ReadonlySet<number>) => (quote ? [{ skipped: EVALS.length }] : EVALS);
    await expect(auditOverlap(skipsAll, train)).rejects.toThrow(
      /the evaluation examples changed between the two reads \(example \d+, to be quoted, was skipped\)/,
    );
    await expect(auditOverlap(() => [{ skipped: 1 }], train)).rejects.toThrow(
      "[audit] the first read of the evaluation examples must not skip any",
    );
  });
});

describe("auditText", () => {
  it("is the prompt and the completion", () => {
    expect(auditText({ prompt: "Q: 2+2?\nA:", completion: "4" })).toBe("Q: 2+2?\nA: 4");
  });
});
