import { describe, expect, it } from "vitest";
import { auditOverlap } from "../../src/audit/audit.js";
import { AUDIT_DECISIONS } from "../../src/audit/decisions.js";

describe("AUDIT_DECISIONS", () => {
  it("records the tokenization the report states, under audit_* keys", async () => {
    const report = await auditOverlap(() => [], []);
    expect(AUDIT_DECISIONS.audit_tokenization).toBe(report.tokenization);
    for (const key of Object.keys(AUDIT_DECISIONS)) expect(key).toMatch(/^audit_[a-z_]+$/);
  });
});
