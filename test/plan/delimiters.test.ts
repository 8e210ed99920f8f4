import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pyRstrip } from "../../src/core/py-str.js";
import { rngFor } from "../../src/core/rng.js";
import { appendDelimiter, drawDelimiter, needsDelimiter, OPT_IML_DELIMITERS } from "../../src/plan/delimiters.js";

describe("OPT_IML_DELIMITERS", () => {
  it("is the paper's list with the printed \\output: read as \\noutput:", () => {
    expect(OPT_IML_DELIMITERS).toEqual(["\nAnswer:", " Answer:", "\nA:", " A:", "\nOutput:", " Output:", "\nanswer:", "\noutput:"]);
  });

  it("cannot be changed at run time", () => {
    expect(() => (OPT_IML_DELIMITERS as string[]).push("x")).toThrow(TypeError);
  });

  it("is the default of the delimiters schema fragment", () => {
    const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../schema/fragments/delimiters.schema.json"), "utf8")) as {
      properties: { list: { default: string[] } };
    };
    expect(schema.properties.list.default).toEqual(OPT_IML_DELIMITERS);
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
    expect(validate({ enabled: true, list: [" =>"] })).toBe(true);
    expect(validate({ enabled: true, list: [] })).toBe(false);
    expect(validate({ enable: true })).toBe(false);
  });
});

describe("needsDelimiter", () => {
  it.each([
    ["Is the review positive?", true],
    ["Translate to French:", false],
    ["Output: ", false],
    ["Answer:\n", false],
    ["Answer:\u0085", false],
    ["ratio 3:1", true],
    ["Answer：", true],
    ["", true],
    ["   ", true],
  ])("%j → %s", (prompt, expected) => {
    expect(needsDelimiter(prompt)).toBe(expected);
  });
});

describe("drawDelimiter", () => {
  it("is the same for the same stream and covers the list about evenly", () => {
    const draws = (seed: number) =>
      Array.from({ length: 8000 }, (_, i) => drawDelimiter(OPT_IML_DELIMITERS, rngFor(seed, "delimiter", "t", i)));
    const a = draws(1);
    expect(draws(1)).toEqual(a);
    expect(draws(2)).not.toEqual(a);
    for (const d of OPT_IML_DELIMITERS) {
      const share = a.filter((x) => x === d).length / a.length;
      expect(share).toBeGreaterThan(1 / 8 - 0.02);
      expect(share).toBeLessThan(1 / 8 + 0.02);
    }
  });

  it("refuses an empty list", () => {
    expect(() => drawDelimiter([], rngFor(1, "d"))).toThrow(/delimiter list is empty/);
  });
});

describe("appendDelimiter", () => {
  it("right-strips the prompt and appends the delimiter", () => {
    expect(appendDelimiter("Is it positive?\n\n", " A:")).toBe("Is it positive? A:");
  });

  it("leaves prompts ending with ':' untouched", () => {
    expect(appendDelimiter("Output: ", " A:")).toBe("Output: ");
    expect(appendDelimiter("Answer:\n", "\nA:")).toBe("Answer:\n");
  });

  it("always ends with the drawn delimiter when one was needed (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 1000 }), (prompt, seed) => {
        const delimiter = drawDelimiter(OPT_IML_DELIMITERS, rngFor(seed, "delimiter"));
        const out = appendDelimiter(prompt, delimiter);
        if (!needsDelimiter(prompt)) {
          expect(out).toBe(prompt);
          return;
        }
        expect(out).toBe(pyRstrip(prompt) + delimiter);
        expect(needsDelimiter(out)).toBe(false);
      }),
    );
  });
});
