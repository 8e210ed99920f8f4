import { describe, expect, it } from "vitest";
import type { AuditPair, AuditReport } from "../../src/audit/audit.js";
import { auditFileOf } from "../../src/audit/policy.js";
import { formatAuditSummary } from "../../src/commands/stats-audit.js";

const pair = (train: string, evalTask: string, overlapping: number, evalExamples: number): AuditPair => ({
  train,
  eval: evalTask,
  evalExamples,
  overlapping,
  fraction: overlapping / evalExamples,
  example: { evalText: "…", ngram: `${train} ${evalTask} shared words` },
});

const report: AuditReport = {
  n: 13,
  threshold: 0.01,
  tokenization: "t",
  boilerplate: { fraction: 0.02, minRecords: 10 },
  includeSameTask: false,
  evalTasks: 3,
  evalExamples: 400,
  trainTasks: 12,
  pairs: [pair("flan/anli", "rte", 3, 100), pair("flan/anli", "wnli", 50, 100), pair("superni/task1", "rte", 50, 100)],
};

describe("formatAuditSummary", () => {
  it("prints settings, counts, policy and the top pairs by fraction", () => {
    expect(formatAuditSummary(auditFileOf(report, "drop_train"), 2)).toBe(
      [
        "audit        13-grams, flagged above 1% of an eval task's examples; n-grams in more than 2% and at least 10 of a train task's records ignored as template text",
        "             3 eval task(s), 400 example(s) × 12 train task(s): 3 flagged pair(s)",
        "             policy drop_train: dropped 2 train, 0 eval task(s)",
        "  train          eval  overlap",
        '  flan/anli      wnli  50/100 (50%)  "flan/anli wnli shared words"',
        '  superni/task1  rte   50/100 (50%)  "superni/task1 rte shared words"',
        "  … and 1 more in audit.json",
        "",
      ].join("\n"),
    );
  });

  it("says when nothing was flagged and when every n-gram counted", () => {
    expect(formatAuditSummary({ ...report, boilerplate: null, threshold: 0.125, pairs: [] })).toBe(
      [
        "audit        13-grams, flagged above 12.5% of an eval task's examples; every n-gram counted",
        "             3 eval task(s), 400 example(s) × 12 train task(s): 0 flagged pair(s)",
        "",
      ].join("\n"),
    );
  });
});
