/** Primary expressions, subscripts, calls, filters and tests (the operand level of jinja2/parser.py). */
import type { Args, Expr } from "./ast.js";
import { decodeStringLiteral, parseFloatLiteral, parseIntLiteral } from "./literals.js";
import { describe, type TokenStream } from "./stream.js";

const MAX_NESTING = 100;

export abstract class PrimaryParser {
  private nesting = 0;
  constructor(protected readonly s: TokenStream) {}

  protected get line(): number {
    return this.s.current.line;
  }

  abstract parseExpression(withCondexpr?: boolean): Expr;
  abstract parseTuple(opts?: { withCondexpr?: boolean; endRules?: string[]; explicitParens?: boolean }): Expr;

  protected parsePrimary(): Expr {
    const tok = this.s.current;
    const line = tok.line;
    if (tok.type === "name") {
      this.s.next();
      if (tok.value === "true" || tok.value === "True") return { kind: "const", value: true, line };
      if (tok.value === "false" || tok.value === "False") return { kind: "const", value: false, line };
      if (tok.value === "none" || tok.value === "None") return { kind: "const", value: null, line };
      return { kind: "name", name: tok.value, line };
    }
    if (tok.type === "string") {
      let value = "";
      while (this.s.typeIs("string")) value += decodeStringLiteral(this.s.next().value);
      return { kind: "const", value, line };
    }
    if (tok.type === "int") return { kind: "const", value: parseIntLiteral(this.s.next().value), line };
    if (tok.type === "float") return { kind: "const", value: parseFloatLiteral(this.s.next().value), line };
    if (tok.type === "op" && (tok.value === "(" || tok.value === "[" || tok.value === "{")) return this.nested(tok.value);
    return this.s.fail(`unexpected ${describe(tok)}`);
  }

  private nested(open: string): Expr {
    if (++this.nesting > MAX_NESTING) this.s.fail(`expression nested deeper than ${MAX_NESTING} levels`);
    const line = this.line;
    this.s.next();
    let node: Expr;
    if (open === "(") {
      node = this.parseTuple({ explicitParens: true });
      this.s.expect("op:)");
    } else if (open === "[") {
      node = { kind: "list", items: this.commaList("op:]", () => this.parseExpression()), line };
    } else {
      const pairs = this.commaList("op:}", (): [Expr, Expr] => {
        const key = this.parseExpression();
        this.s.expect("op::");
        return [key, this.parseExpression()];
      });
      node = { kind: "dict", pairs, line };
    }
    this.nesting--;
    return node;
  }

  /** Items separated by commas (trailing comma allowed) up to and including `close`. */
  private commaList<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    while (!this.s.test(close)) {
      if (items.length > 0) this.s.expect("op:,");
      if (this.s.test(close)) break;
      items.push(item());
    }
    this.s.expect(close);
    return items;
  }

  protected parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.s.test("op:.") || this.s.test("op:[")) node = this.parseSubscript(node);
      else if (this.s.test("op:(")) node = { kind: "call", fn: node, call: this.parseCallArgs(), line: this.line };
      else return node;
    }
  }

  protected parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.s.test("op:|")) node = this.parseFilter(node);
      else if (this.s.test("name:is")) node = this.parseTest(node);
      else if (this.s.test("op:(")) node = { kind: "call", fn: node, call: this.parseCallArgs(), line: this.line };
      else return node;
    }
  }

  private parseSubscript(node: Expr): Expr {
    const line = this.line;
    const tok = this.s.next();
    if (tok.value === ".") {
      const attr = this.s.next();
      if (attr.type === "name") return { kind: "getattr", obj: node, attr: attr.value, line };
      if (attr.type !== "int") this.s.fail("expected name or number", attr.line);
      return { kind: "getitem", obj: node, key: { kind: "const", value: parseIntLiteral(attr.value), line }, line };
    }
    const keys = this.commaList("op:]", () => this.parseSubscribed());
    if (keys.length === 0) this.s.fail("expected a subscript", line);
    const key: Expr = keys.length === 1 ? (keys[0] as Expr) : { kind: "tuple", items: keys, line };
    return { kind: "getitem", obj: node, key, line };
  }

  private parseSubscribed(): Expr {
    const line = this.line;
    const parts: (Expr | undefined)[] = [];
    if (this.s.skipIf("op::")) parts.push(undefined);
    else {
      const node = this.parseExpression();
      if (!this.s.skipIf("op::")) return node;
      parts.push(node);
    }
    const boundary = (): boolean => this.s.test("op:]") || this.s.test("op:,");
    if (this.s.test("op::")) parts.push(undefined);
    else parts.push(boundary() ? undefined : this.parseExpression());
    if (this.s.skipIf("op::")) parts.push(boundary() ? undefined : this.parseExpression());
    const slice: Expr = { kind: "slice", line };
    const [start, stop, step] = parts;
    return { ...slice, ...(start && { start }), ...(stop && { stop }), ...(step && { step }) } as Expr;
  }

  protected parseCallArgs(): Args {
    this.s.expect("op:(");
    const args: Expr[] = [];
    const kwargs: [string, Expr][] = [];
    let dynArgs: Expr | undefined;
    let dynKwargs: Expr | undefined;
    let needComma = false;
    while (!this.s.test("op:)")) {
      if (needComma) {
        this.s.expect("op:,");
        if (this.s.test("op:)")) break;
      }
      if (this.s.skipIf("op:*")) dynArgs = this.parseExpression();
      else if (this.s.skipIf("op:**")) dynKwargs = this.parseExpression();
      else if (this.s.typeIs("name") && this.s.test("op:=", this.s.look)) {
        const key = this.s.next().value;
        this.s.next();
        kwargs.push([key, this.parseExpression()]);
      } else args.push(this.parseExpression());
      needComma = true;
    }
    this.s.expect("op:)");
    return { args, kwargs, ...(dynArgs && { dynArgs }), ...(dynKwargs && { dynKwargs }) };
  }

  private dottedName(): string {
    let name = this.s.expect("name").value;
    while (this.s.test("op:.") && this.s.look.type === "name") {
      this.s.next();
      name += `.${this.s.next().value}`;
    }
    return name;
  }

  /** `| name(args)`; with `node` null it parses the head of a `{% filter %}` or `{% set x | f %}`. */
  parseFilter(node: Expr | null, startInline = false): Expr {
    let current = node;
    let first = startInline;
    while (first || this.s.test("op:|")) {
      if (!first) this.s.next();
      first = false;
      const line = this.line;
      const name = this.dottedName();
      const call = this.s.test("op:(") ? this.parseCallArgs() : { args: [], kwargs: [] };
      current = { kind: "filter", node: current, name, call, line };
    }
    return current as Expr;
  }

  private parseTest(node: Expr): Expr {
    const line = this.line;
    this.s.expect("name:is");
    const negated = this.s.skipIf("name:not");
    const name = this.dottedName();
    let call: Args = { args: [], kwargs: [] };
    if (this.s.test("op:(")) call = this.parseCallArgs();
    else if (this.startsTestArg()) {
      if (this.s.test("name:is")) this.s.fail("You cannot chain multiple tests with is");
      call = { args: [this.parsePostfix(this.parsePrimary())], kwargs: [] };
    }
    return { kind: "test", node, name, call, negated, line };
  }

  private startsTestArg(): boolean {
    const tok = this.s.current;
    const opener = tok.type === "op" && (tok.value === "[" || tok.value === "{");
    const simple = tok.type === "name" || tok.type === "string" || tok.type === "int" || tok.type === "float";
    return (opener || simple) && !this.s.testAny(["name:else", "name:or", "name:and"]);
  }
}
