/** Expression grammar of Jinja2 3.1 (jinja2/parser.py), precedence for precedence. */
import type { Expr } from "./ast.js";
import { PrimaryParser } from "./parser-primary.js";
import { describe } from "./stream.js";

const COMPARE_OPS = new Set(["==", "!=", "<", "<=", ">", ">="]);
const TUPLE_END = ["var_end", "block_end", "op:)"];

export class ExprParser extends PrimaryParser {
  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  /** Jinja's parse_tuple: `a, b` without parentheses is a tuple. */
  parseTuple(opts: { withCondexpr?: boolean; endRules?: string[]; explicitParens?: boolean } = {}): Expr {
    const line = this.line;
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) this.s.expect("op:,");
      if (this.s.testAny(TUPLE_END) || (opts.endRules !== undefined && this.s.testAny(opts.endRules))) break;
      items.push(this.parseExpression(opts.withCondexpr ?? true));
      if (this.s.test("op:,")) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length > 0) return items[0] as Expr;
      if (!opts.explicitParens) this.s.fail(`expected an expression, got ${describe(this.s.current)}`);
    }
    return { kind: "tuple", items, line };
  }

  private parseCondexpr(): Expr {
    const line = this.line;
    let expr = this.parseOr();
    while (this.s.skipIf("name:if")) {
      const test = this.parseOr();
      if (this.s.skipIf("name:else")) expr = { kind: "cond", test, then: expr, else: this.parseCondexpr(), line };
      else expr = { kind: "cond", test, then: expr, line };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.s.skipIf("name:or")) left = { kind: "binary", op: "or", left, right: this.parseAnd(), line: this.line };
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.s.skipIf("name:and")) left = { kind: "binary", op: "and", left, right: this.parseNot(), line: this.line };
    return left;
  }

  private parseNot(): Expr {
    const line = this.line;
    if (this.s.skipIf("name:not")) return { kind: "unary", op: "not", node: this.parseNot(), line };
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const line = this.line;
    const first = this.parseMath1();
    const ops: [string, Expr][] = [];
    for (;;) {
      const tok = this.s.current;
      if (tok.type === "op" && COMPARE_OPS.has(tok.value)) {
        this.s.next();
        ops.push([tok.value, this.parseMath1()]);
      } else if (this.s.skipIf("name:in")) {
        ops.push(["in", this.parseMath1()]);
      } else if (this.s.test("name:not") && this.s.test("name:in", this.s.look)) {
        this.s.next();
        this.s.next();
        ops.push(["notin", this.parseMath1()]);
      } else break;
    }
    return ops.length === 0 ? first : { kind: "compare", first, ops, line };
  }

  private parseBinary(ops: readonly string[], operand: () => Expr): Expr {
    let left = operand();
    while (this.s.current.type === "op" && ops.includes(this.s.current.value)) {
      const op = this.s.next().value;
      left = { kind: "binary", op, left, right: operand(), line: this.line };
    }
    return left;
  }

  private parseMath1(): Expr {
    return this.parseBinary(["+", "-"], () => this.parseConcat());
  }

  private parseConcat(): Expr {
    const line = this.line;
    const items = [this.parseMath2()];
    while (this.s.skipIf("op:~")) items.push(this.parseMath2());
    return items.length === 1 ? (items[0] as Expr) : { kind: "concat", items, line };
  }

  private parseMath2(): Expr {
    return this.parseBinary(["*", "/", "//", "%"], () => this.parsePow());
  }

  private parsePow(): Expr {
    return this.parseBinary(["**"], () => this.parseUnary());
  }

  private parseUnary(withFilter = true): Expr {
    const line = this.line;
    let node: Expr;
    if (this.s.skipIf("op:-")) node = { kind: "unary", op: "-", node: this.parseUnary(false), line };
    else if (this.s.skipIf("op:+")) node = { kind: "unary", op: "+", node: this.parseUnary(false), line };
    else node = this.parsePrimary();
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }
}
