import { describe, expect, it } from "vitest";
import { PySyntaxError } from "../../../src/lib/python/errors.js";
import { evaluate } from "../../../src/lib/python/evaluate.js";
import { tokenize } from "../../../src/lib/python/lexer.js";
import { parseExpression } from "../../../src/lib/python/parser.js";
import { pyRepr } from "../../../src/lib/python/values.js";

/** `repr()` of one expression folded with no names bound. */
function reprOf(source: string): string {
  const [line] = tokenize(source);
  if (line === undefined) throw new Error("empty source");
  return pyRepr(evaluate(parseExpression(line.tokens), { names: new Map(), dataclasses: new Map() }));
}

describe("number literals", () => {
  it("read ints and floats as Python does, underscores included", () => {
    expect(reprOf("1_000")).toBe("1000");
    expect(reprOf("1_000.000_1")).toBe("1000.0001");
    expect(reprOf("[.5, 5., 1e5, 1E-5, 0x1F, 0o17, 0b11]")).toBe("[0.5, 5.0, 100000.0, 1e-05, 31, 15, 3]");
    expect(reprOf("-0.0")).toBe("-0.0");
  });

  it("refuses misplaced underscores and leading zeros as Python's parser does", () => {
    for (const bad of ["1__0", "1_", "1_.5", "1e_5"]) expect(() => reprOf(bad), bad).toThrow(PySyntaxError);
    expect(() => reprOf("1__0")).toThrow("1:1: invalid decimal literal");
    expect(() => reprOf("012")).toThrow("leading zeros");
  });

  it("print the float repr of an exact tie as Python does", () => {
    expect(reprOf("90736685373361.12")).toBe("90736685373361.12");
  });
});

describe("float()", () => {
  it("converts ints, floats and strs as Python's float() does", () => {
    expect(reprOf("float(2)")).toBe("2.0");
    expect(reprOf("float(2.5)")).toBe("2.5");
    expect(reprOf("float()")).toBe("0.0");
    expect(reprOf("[float(' 1_000.5 '), float('-inf'), float('nan'), float('١٢')]")).toBe("[1000.5, -inf, nan, 12.0]");
  });

  it("leaves a str Python would refuse unevaluated, naming it", () => {
    expect(() => reprOf("float('1__0')")).toThrow("ValueError: could not convert string to float: '1__0'");
    expect(() => reprOf("float(None)")).toThrow("float() needs an int, got NoneType");
  });
});

describe("arithmetic and builtins at their edges", () => {
  it("makes an int to a negative power a float, as Python does", () => {
    expect(reprOf("[2 ** -1, 2 ** 3, 2.0 ** 2]")).toBe("[0.5, 8, 4.0]");
    expect(() => reprOf("'ab'[2 ** -1]")).toThrow("subscript of str by float is not evaluated");
  });

  it("leaves chr() outside Unicode unevaluated instead of crashing", () => {
    expect(() => reprOf("chr(-1)")).toThrow("ValueError: chr() arg not in range(0x110000)");
    expect(reprOf("ord(chr(0x10ffff))")).toBe("1114111");
  });
});
