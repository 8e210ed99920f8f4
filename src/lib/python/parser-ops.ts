/**
 * Operator precedence levels of the expression parser (conditional, boolean, comparison, binary,
 * unary, power, trailers: calls, subscripts, attributes). Atoms and displays are in parser.ts.
 */
import type { Expr, Pos } from "./ast.js";
import { TokenCursor } from "./cursor.js";
import type { Token } from "./lexer.js";

const COMPARE_OPS = new Set(["==", "!=", "<", ">", "<=", ">=", "in", "is"]);
const BINARY_LEVELS: readonly (readonly string[])[] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%", "@"]];

export abstract class OperatorParser extends TokenCursor {
  protected abstract atom(): Expr;
  protected abstract comprehension(kind: "list" | "set" | "generator", element: Expr, at: Pos): Expr;

  /** `a, b, c` (a tuple when there is a top-level comma). */
  exprList(): Expr {
    const at = this.pos();
    const first = this.test();
    if (!this.isOp(",")) return first;
    const items = [first];
    while (this.isOp(",")) {
      this.i++;
      if (this.atListEnd()) break;
      items.push(this.test());
    }
    return { type: "tuple", items, at };
  }

  protected atListEnd(): boolean {
    const t = this.peek();
    return t === undefined || (t.kind === "op" && [")", "]", "}", "=", ":"].includes(t.value));
  }

  /** `test`: conditional expression, lambda, or `or_test`. */
  test(): Expr {
    const at = this.pos();
    if (this.isKeyword("lambda")) return this.skipLambda(at);
    if (this.isKeyword("yield")) return this.skipRest(at, "yield expression");
    const body = this.orTest();
    if (this.isOp(":=")) {
      this.i++;
      this.test();
      return { type: "unsupported", what: "assignment expression (:=)", at };
    }
    if (!this.isKeyword("if")) return body;
    this.i++;
    const test = this.orTest();
    if (!this.isKeyword("else")) this.fail(`expected 'else' in conditional expression${this.found()}`);
    this.i++;
    return { type: "ifexp", test, body, orelse: this.test(), at };
  }

  protected skipLambda(at: Pos): Expr {
    let depth = 0;
    this.i++;
    while (this.peek() && !(depth === 0 && this.isOp(":"))) {
      const v = this.peek()?.value ?? "";
      if ("([{".includes(v) && this.peek()?.kind === "op") depth++;
      if (")]}".includes(v) && this.peek()?.kind === "op") depth--;
      this.i++;
    }
    this.expect(":");
    this.test();
    return { type: "unsupported", what: "lambda", at };
  }

  protected skipRest(at: Pos, what: string): Expr {
    this.i++;
    if (!this.atListEnd()) this.exprList();
    return { type: "unsupported", what, at };
  }

  protected orTest(): Expr {
    let left = this.andTest();
    while (this.isKeyword("or")) {
      const at = this.pos();
      this.i++;
      left = { type: "boolop", op: "or", left, right: this.andTest(), at };
    }
    return left;
  }

  protected andTest(): Expr {
    let left = this.notTest();
    while (this.isKeyword("and")) {
      const at = this.pos();
      this.i++;
      left = { type: "boolop", op: "and", left, right: this.notTest(), at };
    }
    return left;
  }

  protected notTest(): Expr {
    if (!this.isKeyword("not")) return this.comparison();
    const at = this.pos();
    this.i++;
    return { type: "unary", op: "not", operand: this.notTest(), at };
  }

  protected comparison(): Expr {
    const at = this.pos();
    const first = this.binary(0);
    const ops: string[] = [];
    const operands = [first];
    for (;;) {
      const op = this.compareOp();
      if (op === undefined) break;
      ops.push(op);
      operands.push(this.binary(0));
    }
    return ops.length === 0 ? first : { type: "compare", ops, operands, at };
  }

  protected compareOp(): string | undefined {
    const t = this.peek();
    if (t === undefined) return undefined;
    if (t.kind === "name" && t.value === "not" && this.isKeyword("in", 1)) {
      this.i += 2;
      return "not in";
    }
    if (t.kind === "name" && t.value === "is" && this.isKeyword("not", 1)) {
      this.i += 2;
      return "is not";
    }
    if (
      (t.kind === "op" || t.value === "in" || t.value === "is") &&
      t.kind !== "string" &&
      t.kind !== "number" &&
      COMPARE_OPS.has(t.value)
    ) {
      this.i++;
      return t.value;
    }
    return undefined;
  }

  protected binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    const ops = BINARY_LEVELS[level] as readonly string[];
    while (this.peek()?.kind === "op" && ops.includes(this.peek()?.value as string)) {
      const at = this.pos();
      const op = this.peek()?.value as string;
      this.i++;
      left = { type: "binop", op, left, right: this.binary(level + 1), at };
    }
    return left;
  }

  protected unary(): Expr {
    const t = this.peek();
    if (t?.kind === "op" && ["-", "+", "~"].includes(t.value)) {
      const at = this.pos();
      this.i++;
      return { type: "unary", op: t.value, operand: this.unary(), at };
    }
    return this.power();
  }

  protected power(): Expr {
    const at = this.pos();
    if (this.isKeyword("await")) return this.skipRest(at, "await expression");
    const base = this.primary();
    if (!this.isOp("**")) return base;
    this.i++;
    return { type: "binop", op: "**", left: base, right: this.unary(), at };
  }

  protected primary(): Expr {
    let expr = this.atom();
    for (;;) {
      const at = this.pos();
      if (this.isOp(".")) {
        this.i++;
        const name = this.peek();
        if (name?.kind !== "name") this.fail(`expected an attribute name after '.'${this.found()}`);
        this.i++;
        expr = { type: "attr", object: expr, name: name.value, at };
      } else if (this.isOp("(")) expr = this.call(expr, at);
      else if (this.isOp("[")) expr = this.subscript(expr, at);
      else return expr;
    }
  }

  protected call(func: Expr, at: Pos): Expr {
    this.expect("(");
    const args: Expr[] = [];
    const kwargs: { name: string; value: Expr }[] = [];
    let unsupported: string | undefined;
    while (!this.isOp(")")) {
      const argAt = this.pos();
      if (this.isOp("*") || this.isOp("**")) {
        this.i++;
        this.test();
        unsupported = "starred call argument";
      } else if (this.peek()?.kind === "name" && this.isOp("=", 1)) {
        const name = (this.peek() as Token).value;
        this.i += 2;
        if (kwargs.some((k) => k.name === name)) this.fail(`keyword argument repeated: ${name}`);
        kwargs.push({ name, value: this.test() });
      } else {
        if (kwargs.length > 0) this.fail("positional argument follows keyword argument");
        const arg = this.test();
        if (this.isKeyword("for")) args.push(this.comprehension("generator", arg, argAt));
        else args.push(arg);
      }
      if (!this.isOp(",")) break;
      this.i++;
    }
    this.expect(")");
    return unsupported ? { type: "unsupported", what: unsupported, at } : { type: "call", func, args, kwargs, at };
  }

  protected subscript(object: Expr, at: Pos): Expr {
    this.expect("[");
    let sliced = false;
    const parts: Expr[] = [];
    while (!this.isOp("]")) {
      if (this.isOp(":")) {
        sliced = true;
        this.i++;
      } else parts.push(this.test());
      if (this.isOp(",")) this.i++;
    }
    this.expect("]");
    if (sliced) return { type: "unsupported", what: "slice", at };
    if (parts.length === 0) this.fail("empty subscript");
    const index = parts.length === 1 ? (parts[0] as Expr) : { type: "tuple" as const, items: parts, at };
    return { type: "subscript", object, index, at };
  }
}
