/** The reader's two error types: syntax errors stop the read; evaluation errors make it skip a statement. */
import type { Pos } from "./ast.js";

/** A syntax error at a 1-based line and column; `reason` is the message without the position. */
export class PySyntaxError extends Error {
  override name = "PySyntaxError";
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(`${line}:${col}: ${reason}`);
  }
}

/** An expression outside the evaluated subset (or a Python error such as KeyError while folding it). */
export class PyEvalError extends Error {
  override name = "PyEvalError";
  constructor(
    message: string,
    readonly at: Pos,
  ) {
    super(message);
  }
}
