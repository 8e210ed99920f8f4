/** The audit against a naive reference (sets of n-gram strings), on random small-vocabulary data. */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditOverlap } from "../../src/audit/audit.js";
import { tokenize } from "../../src/audit/ngrams.js";
import { byCodeUnit } from "../../src/core/py-str.js";

const N = 3;

function ngrams(text: string): Set<string> {
  const tokens = tokenize(text);
  const out = new Set<string>();
  for (let i = 0; i + N <= tokens.length; i++) out.add(tokens.slice(i, i + N).join(" "));
  return out;
}

const text = fc.array(fc.constantFrom("a", "B", "c.", "a,", "d"), { maxLength: 8 }).map((w) => w.join(" "));
const tasks = (prefix: string) =>
  fc
    .array(fc.array(text, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 })
    .map((list) => list.map((texts, i) => ({ task: `${prefix}${i}`, texts })));

/** Texts as prompts are: one of a few templates (long, so buffers grow), then a short random text; consecutive texts share prefixes. */
const templates = ["", "a b c.", "Definition: a B c d, a b. Input:", `${"d a B c. ".repeat(300)}Input:`];
const prompted = fc
  .tuple(fc.constantFrom(...templates), text, fc.oneof(fc.nat(40), fc.nat(3000)))
  .map(([template, body, cut]) => `${template.slice(0, Math.max(0, template.length - cut))} ${body}`);
const promptedTasks = (prefix: string) =>
  fc
    .array(fc.array(prompted, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 })
    .map((list) => list.map((texts, i) => ({ task: `${prefix}${i}`, texts })));

describe("auditOverlap against a naive reference", () => {
  it.each([
    ["short random texts", tasks],
    ["texts behind shared templates", promptedTasks],
  ])("flags exactly the pairs the reference flags, with the same counts and a shared n-gram (%s)", async (_, taskLists) => {
    await fc.assert(
      fc.asyncProperty(taskLists("e"), taskLists("t"), fc.constantFrom(0, 0.1, 0.25, 0.5), async (evals, trains, threshold) => {
        const examples = evals.flatMap((e) => e.texts.map((t) => ({ task: e.task, text: t })));
        const report = await auditOverlap(() => examples, trains, { n: N, threshold, boilerplate: null });
        const expected = trains.flatMap((train) => {
          const trainGrams = new Set(train.texts.flatMap((t) => [...ngrams(t)]));
          return evals.flatMap((e) => {
            const overlapping = e.texts.filter((t) => [...ngrams(t)].some((g) => trainGrams.has(g))).length;
            return overlapping / e.texts.length > threshold
              ? [{ train: train.task, eval: e.task, evalExamples: e.texts.length, overlapping }]
              : [];
          });
        });
        expected.sort((a, b) => byCodeUnit(a.train, b.train) || byCodeUnit(a.eval, b.eval));
        expect(
          report.pairs.map(({ train, eval: e, evalExamples, overlapping }) => ({ train, eval: e, evalExamples, overlapping })),
        ).toEqual(expected);
        for (const pair of report.pairs) {
          const train = trains.find((t) => t.task === pair.train);
          expect(train?.texts.some((t) => ngrams(t).has(pair.example.ngram))).toBe(true);
          expect(ngrams(pair.example.evalText).has(pair.example.ngram)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
