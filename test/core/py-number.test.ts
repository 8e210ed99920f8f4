import { describe, expect, it } from "vitest";
import { pyFloatRepr, pyNumberStr, pyParseFloat, pyParseInt } from "../../src/core/py-number.js";

describe("py-number", () => {
  it("repr(float) covers the values without digits: nan, inf, -inf, -0.0", () => {
    expect([NaN, Infinity, -Infinity, -0, 0].map(pyFloatRepr)).toEqual(["nan", "inf", "-inf", "-0.0", "0.0"]);
    expect([0.1, 1e16, 1e-5, 2 ** 0.5].map(pyFloatRepr)).toEqual(["0.1", "1e+16", "1e-05", "1.4142135623730951"]);
    expect([NaN, -Infinity, -0, 2].map(pyNumberStr)).toEqual(["nan", "-inf", "0", "2"]);
  });

  it("int() and float() accept any Unicode decimal digit and underscores between digits", () => {
    expect(["١٢", " 1_000 ", "𝟏𝟐", "1__0", "_1"].map(pyParseInt)).toEqual([12, 1000, 12, undefined, undefined]);
    expect(["١٢.5", "٣e2", "-inf", "1_.5"].map(pyParseFloat)).toEqual([12.5, 300, -Infinity, undefined]);
  });
});
