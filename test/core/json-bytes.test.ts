/**
 * JSON checked in place on bytes accepts exactly what JSON.parse accepts: on generated documents, and on
 * documents with characters inserted, removed and replaced by the ones JSON's grammar turns on.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonStringEnd, jsonValueEnd, lastStringEscaped, MAX_DEPTH, skipJsonSpace } from "../../src/core/json-bytes.js";

/** Whether the whole text is one JSON value, by the byte-level check. */
function accepts(text: string): boolean {
  const bytes = Buffer.from(text, "utf8");
  const start = skipJsonSpace(bytes, 0, bytes.length);
  const end = jsonValueEnd(bytes, start, bytes.length);
  return end >= 0 && skipJsonSpace(bytes, end, bytes.length) === bytes.length;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const TRICKY = [
  '"',
  "\\",
  ",",
  ":",
  "{",
  "}",
  "[",
  "]",
  "0",
  "1",
  "-",
  "+",
  ".",
  "e",
  "E",
  "u",
  "t",
  "n",
  "f",
  " ",
  "\n",
  "\u0001",
  "\t",
  "é",
  "\u2028",
  "a",
];

describe("JSON checked on bytes", () => {
  it("accepts every document JSON.stringify writes, in any layout", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(undefined, 0, 2, "\t", " \r\n"), (value, indent) => {
        const text = JSON.stringify(value, null, indent as never);
        expect(accepts(text)).toBe(true);
        expect(accepts(` \n${text}\t\r `)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with JSON.parse on documents with characters inserted, removed or replaced", () => {
    const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom("insert", "remove", "replace"), char: fc.constantFrom(...TRICKY) });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (value, edits) => {
        let text = JSON.stringify(value, null, 1);
        for (const { at, kind, char } of edits) {
          const i = at % (text.length + 1);
          text =
            kind === "insert"
              ? text.slice(0, i) + char + text.slice(i)
              : text.slice(0, i) + (kind === "replace" ? char : "") + text.slice(i + 1);
        }
        expect(accepts(text), text).toBe(parses(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees with JSON.parse on the corners of its grammar", () => {
    const cases = [
      "0",
      "-0",
      "01",
      "-",
      "1.",
      ".5",
      "1e",
      "1e+",
      "1E-7",
      "1.5e3",
      "-12.25",
      "+1",
      "00",
      "1.e3",
      "2e01",
      "true",
      "tru",
      "false",
      "null",
      "nul",
      "True",
      "NaN",
      "Infinity",
      "-Infinity",
      '""',
      '"\\u00e9"',
      '"\\u00g9"',
      '"\\ud800"',
      '"\\x41"',
      '"\\/"',
      '"a\\"',
      '"\t"',
      '"\u007f"',
      '"\u2028"',
      "[]",
      "[,]",
      "[1,]",
      "[1 2]",
      "{}",
      '{"a"}',
      '{"a":}',
      '{"a":1,}',
      '{"a" : 1 , "b" : [ ] }',
      "{1:2}",
      "[1]]",
      "",
    ];
    for (const text of cases) expect(accepts(text), JSON.stringify(text)).toBe(parses(text));
  });

  it("leaves values nested deeper than MAX_DEPTH to a full parse", () => {
    const deep = (n: number): string => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(accepts(deep(MAX_DEPTH))).toBe(true);
    expect(accepts(deep(MAX_DEPTH + 1))).toBe(false);
  });

  it("finds a string's end before the given limit only", () => {
    const bytes = Buffer.from('"ab\\"c" tail', "utf8");
    expect(jsonStringEnd(bytes, 0, bytes.length)).toBe(7);
    expect(jsonStringEnd(bytes, 0, 6)).toBe(-1);
    jsonStringEnd(bytes, 0, bytes.length);
    expect(lastStringEscaped()).toBe(true);
    jsonStringEnd(Buffer.from('"plain" "a\\u0041"'), 0, 7);
    expect(lastStringEscaped()).toBe(false);
    jsonStringEnd(Buffer.from('"plain" "a\\u0041"'), 8, 18);
    expect(lastStringEscaped()).toBe(true);
  });
});
