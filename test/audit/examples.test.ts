import { describe, expect, it } from "vitest";
import { EXCERPT_CHARS, excerpt } from "../../src/audit/examples.js";

describe("excerpt", () => {
  const text = `${"a".repeat(500)}NGRAM${"b".repeat(500)}`;

  it("keeps short texts whole", () => {
    expect(excerpt("short text", 0, 5)).toBe("short text");
  });

  it("centres on the n-gram and marks both cuts", () => {
    const out = excerpt(text, 500, 505);
    expect(out).toMatch(/^…a+NGRAMb+…$/);
    expect(out.length).toBe(EXCERPT_CHARS + 2);
    expect(Math.abs(out.indexOf("NGRAM") - (out.length - out.indexOf("NGRAM") - 5))).toBeLessThanOrEqual(2);
  });

  it("does not cut before the start or after the end", () => {
    expect(excerpt(text, 0, 5)).toBe(`${text.slice(0, EXCERPT_CHARS)}…`);
    expect(excerpt(text, text.length - 5, text.length)).toBe(`…${text.slice(-EXCERPT_CHARS)}`);
  });

  it("never splits a surrogate pair", () => {
    const emoji = "😀".repeat(400);
    const out = excerpt(`${emoji}NGRAM${emoji}`, 800, 805);
    expect(out.replace(/^…|…$/g, "")).toMatch(/^(😀)+NGRAM(😀)+$/u);
  });
});
