import { describe, expect, it } from "vitest";
import { byCodeUnit, lastChar, pyLen, pyRstrip, pyStrip } from "../../src/core/py-str.js";

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
