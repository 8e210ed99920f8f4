import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type AuditReport, auditOverlap } from "../../src/audit/audit.js";
import { auditOptionsOf, DEFAULT_AUDIT_CONFIG, type RawAuditConfig, resolveAuditConfig } from "../../src/audit/config.js";
import { applyAuditPolicy, auditFileOf } from "../../src/audit/policy.js";
import { packageRoot } from "../../src/config/package-root.js";
import { schemaIssues } from "../../src/config/schemas.js";
import { evalTask, span } from "./helpers.js";

const pair = (train: string, evalTask: string) => ({
  train,
  eval: evalTask,
  evalExamples: 10,
  overlapping: 2,
  fraction: 0.2,
  example: { evalText: "x", ngram: "x" },
});
const report = { pairs: [pair("t2", "e1"), pair("t1", "e2"), pair("t2", "e2"), pair("T0", "e1")] };

describe("applyAuditPolicy", () => {
  it("report drops nothing", () => {
    expect(applyAuditPolicy(report, "report")).toEqual({ dropTrain: [], dropEval: [] });
  });

  it("drop_train drops every flagged training task once, in code-unit order", () => {
    expect(applyAuditPolicy(report, "drop_train")).toEqual({ dropTrain: ["T0", "t1", "t2"], dropEval: [] });
  });

  it("drop_eval drops every flagged evaluation task once", () => {
    expect(applyAuditPolicy(report, "drop_eval")).toEqual({ dropTrain: [], dropEval: ["e1", "e2"] });
  });
});

describe("audit.json", () => {
  async function realReport(): Promise<AuditReport> {
    const evals = [...evalTask("e1", 20), ...evalTask("e2", 5)];
    return auditOverlap(() => evals, [{ task: "t", texts: evals.slice(0, 3).map((e) => span(e, 0, 20)) }]);
  }

  it("matches schema/audit.schema.json, with the policy's drops", async () => {
    const file = auditFileOf(await realReport(), "drop_train");
    expect(file.dropped).toEqual({ train: ["t"], eval: [] });
    expect(file.pairs).toHaveLength(1);
    expect(schemaIssues("audit", JSON.parse(JSON.stringify(file)), "audit.json")).toEqual([]);
  });

  it("keeps a fixed key order: settings, counts, policy, drops, pairs last", async () => {
    expect(Object.keys(auditFileOf(await realReport(), "report"))).toEqual([
      "n",
      "threshold",
      "tokenization",
      "boilerplate",
      "includeSameTask",
      "evalTasks",
      "evalExamples",
      "trainTasks",
      "policy",
      "dropped",
      "pairs",
    ]);
  });

  it("rejects a file with an unknown policy or a pair without example", async () => {
    const file = JSON.parse(JSON.stringify(auditFileOf(await realReport(), "report"))) as Record<string, unknown> & {
      pairs: Record<string, unknown>[];
    };
    file.policy = "drop_both";
    delete file.pairs[0]?.example;
    expect(schemaIssues("audit", file, "audit.json").map((i) => `${i.pointer} ${i.message}`)).toEqual([
      '/policy expected one of: "report", "drop_train", "drop_eval".',
      '/pairs/0 missing required field "example".',
    ]);
  });
});

describe("split config audit block", () => {
  const fragment = JSON.parse(readFileSync(join(packageRoot(), "schema/fragments/audit.schema.json"), "utf8")) as object;
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(fragment);

  it("accepts the documented forms and rejects typos and bad values", () => {
    for (const yaml of [
      "{}",
      "enabled: false",
      "n: 8\nthreshold: 0.05\npolicy: drop_eval",
      "boilerplate: false",
      "boilerplate: { fraction: 0.1 }",
      "same_task: true",
    ]) {
      expect(validate(parse(yaml)), yaml).toBe(true);
    }
    for (const yaml of [
      "policy: drop",
      "n: 0",
      "threshold: 1.5",
      "boilerplate: true",
      "boilerplate: { min_records: 0 }",
      "treshold: 0.1",
    ]) {
      expect(validate(parse(yaml)), yaml).toBe(false);
    }
  });

  it("fills every default", () => {
    expect(resolveAuditConfig(undefined)).toEqual({
      enabled: true,
      n: 13,
      threshold: 0.01,
      policy: "report",
      boilerplate: { fraction: 0.02, min_records: 10 },
      same_task: false,
    });
    expect(resolveAuditConfig({})).toEqual(DEFAULT_AUDIT_CONFIG);
  });

  it("resolves partial blocks and maps them to audit options", () => {
    const config = resolveAuditConfig(parse("n: 8\npolicy: drop_train\nboilerplate: { fraction: 0.1 }") as RawAuditConfig);
    expect(config).toMatchObject({ n: 8, policy: "drop_train", boilerplate: { fraction: 0.1, min_records: 10 } });
    expect(auditOptionsOf(config)).toEqual({
      n: 8,
      threshold: 0.01,
      boilerplate: { fraction: 0.1, minRecords: 10 },
      includeSameTask: false,
    });
    expect(auditOptionsOf(resolveAuditConfig({ boilerplate: false, same_task: true }))).toMatchObject({
      boilerplate: null,
      includeSameTask: true,
    });
  });
});
