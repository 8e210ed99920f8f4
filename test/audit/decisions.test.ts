import { describe, expect, it } from "vitest";
import { AUDIT_DECISIONS } from "../../src/audit/decisions.js";
import { DECISIONS } from "../../src/pipeline/decisions.js";

describe("AUDIT_DECISIONS", () => {
  it("adds the tokenization and other audit_* keys, overriding none of the build's own decisions", () => {
    const keys = Object.keys(AUDIT_DECISIONS);
    expect(keys).toContain("audit_tokenization");
    for (const key of keys) expect(key).toMatch(/^audit_[a-z_]+$/);
    expect(keys.filter((key) => Object.hasOwn(DECISIONS, key))).toEqual([]);
  });
});
