import { describe, expect, it } from "vitest";
import { byCodeUnit, lastChar, pyLen, pyRstrip, pySplitWhitespace, pyStrip, pyWordCount } from "../../src/core/py-str.js";

describe("pyStrip", () => {
  it("strips Python whitespace, including U+001C-U+001F and U+0085", () => {
    expect(pyStrip("\u001c\u0085 a b \t\n\u001f")).toBe("a b");
  });
  it("keeps U+FEFF, which JavaScript trim() would remove", () => {
    expect(pyStrip("\ufeffa\ufeff")).toBe("\ufeffa\ufeff");
  });
  it("strips a given character set", () => {
    expect(pyStrip("xxaxyx", "xy")).toBe("a");
    expect(pyRstrip("a  \n ", " ")).toBe("a  \n");
  });
  it("handles astral characters", () => {
    expect(pyStrip("😀 a 😀", "😀 ")).toBe("a");
  });
});

describe("code points", () => {
  it("counts and picks code points as Python does", () => {
    expect(pyLen("a😀")).toBe(2);
    expect(lastChar("a😀")).toBe("😀");
    expect(lastChar("")).toBe("");
  });
  it("sorts by code unit, not locale", () => {
    expect(["b", "B", "a", "_"].toSorted(byCodeUnit)).toEqual(["B", "_", "a", "b"]);
  });
});

describe("pySplitWhitespace and pyWordCount", () => {
  it("split and count as Python's s.split() and len(s.split())", () => {
    const cases: [string, string[]][] = [
      ["", []],
      ["  a  b\n\nc ", ["a", "b", "c"]],
      ["a\u0085b\u00a0c\u3000d\u001ce", ["a", "b", "c", "d", "e"]],
      ["a\ufeffb", ["a\ufeffb"]],
      ["😀 x😀", ["😀", "x😀"]],
    ];
    for (const [s, words] of cases) {
      expect(pySplitWhitespace(s)).toEqual(words);
      expect(pyWordCount(s)).toBe(words.length);
    }
  });
});

describe("pyWordCount on arbitrary strings", () => {
  it("counts as pySplitWhitespace splits (lone surrogates and astral characters included)", async () => {
    const fc = (await import("fast-check")).default;
    const alphabet = [" ", "\n", "\u0085", "\u00a0", "\u3000", "\u001c", "a", "😀", "\ud800", "\udfff", "\ufeff"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (parts) => {
        const s = parts.join("");
        expect(pyWordCount(s)).toBe(pySplitWhitespace(s).length);
      }),
    );
  });
});
