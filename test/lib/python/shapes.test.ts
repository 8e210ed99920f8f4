/** No module shape crashes the reader: deep nesting is a syntax error naming the line, as in CPython. */
import { describe, expect, it } from "vitest";
import { PySyntaxError, readPythonModule } from "../../../src/lib/python/index.js";

const read = (source: string) => readPythonModule(source, "deep.py");

describe("deeply nested modules", () => {
  it("refuses more than 200 nested brackets, as CPython's tokenizer does, with line and column", () => {
    expect(() => read(`X = ${"[".repeat(201)}${"]".repeat(201)}\n`)).toThrow(PySyntaxError);
    expect(() => read(`X = ${"(".repeat(1000)}1${")".repeat(1000)}\n`)).toThrow("1:205: too many nested parentheses");
    expect(read(`X = ${"[".repeat(150)}${"]".repeat(150)}\n`).names.has("X")).toBe(true);
  });

  it("turns a statement too deep for the reader's recursion into a syntax error, not a crash", () => {
    const chain = `X = ${"-".repeat(200_000)}1\nY = 2\n`;
    expect(() => read(chain)).toThrow(PySyntaxError);
    expect(() => read(chain)).toThrow("1:1: statement too deeply nested");
  });

  it("reads a very long flat literal", () => {
    const items = Array.from({ length: 100_000 }, (_, i) => `"s${i}"`).join(", ");
    const module = read(`X = [${items}]\n`);
    expect((module.names.get("X") as unknown[]).length).toBe(100_000);
  });
});
