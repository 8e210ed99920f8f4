/** Statement grammar: if/for/set/macro/call/filter/with/block, on top of ExprParser. */
import type { Expr, MacroParam, Stmt, Target } from "./ast.js";
import { tokenize } from "./lexer.js";
import { ExprParser } from "./parser-expr.js";
import { TokenStream } from "./stream.js";

const MAX_BLOCK_NESTING = 100;

export function parseTemplate(source: string, template: string): Stmt[] {
  const parser = new Parser(new TokenStream(tokenize(source, template), template));
  return parser.parseAll();
}

class Parser extends ExprParser {
  private blockDepth = 0;

  parseAll(): Stmt[] {
    const body = this.subparse([]);
    if (!this.s.typeIs("eof")) this.s.fail(`unexpected '${this.s.current.value}'`);
    return body;
  }

  /** Parse until a block tag whose name is in `endTokens`; the stream is left on that name. */
  private subparse(endTokens: string[]): Stmt[] {
    const body: Stmt[] = [];
    for (;;) {
      const tok = this.s.current;
      if (tok.type === "eof") {
        if (endTokens.length > 0)
          this.s.fail(`unexpected end of template, expected ${endTokens.map((t) => `'${t.slice(5)}'`).join(" or ")}`);
        return body;
      }
      if (tok.type === "data") {
        body.push({ kind: "data", text: this.s.next().value });
      } else if (tok.type === "var_begin") {
        this.s.next();
        body.push({ kind: "print", expr: this.parseTuple(), line: tok.line });
        this.s.expect("var_end");
      } else {
        this.s.expect("block_begin");
        if (this.s.testAny(endTokens)) return body;
        body.push(this.parseStatement());
      }
    }
  }

  /** Body up to one of `endTokens`; consumes the end name and, if `drop`, the `%}` after it. */
  private block(endTokens: string[], drop: boolean): Stmt[] {
    if (++this.blockDepth > MAX_BLOCK_NESTING) this.s.fail(`blocks nested deeper than ${MAX_BLOCK_NESTING} levels`);
    const body = this.subparse(endTokens);
    this.blockDepth--;
    if (drop) {
      this.s.next();
      this.s.expect("block_end");
    }
    return body;
  }

  private parseStatement(): Stmt {
    const tok = this.s.current;
    if (tok.type !== "name") return this.s.fail("tag name expected");
    switch (tok.value) {
      case "if":
        return this.parseIf();
      case "for":
        return this.parseFor();
      case "set":
        return this.parseSet();
      case "macro":
        return this.parseMacro();
      case "call":
        return this.parseCallBlock();
      case "filter":
        return this.parseFilterBlock();
      case "with":
        return this.parseWith();
      case "block":
        return this.parseBlock();
      default:
        return this.s.fail(`Encountered unknown tag '${tok.value}'.`);
    }
  }

  private parseIf(): Stmt {
    const line = this.s.next().line;
    return this.parseIfTail(line);
  }

  private parseIfTail(line: number): Stmt {
    const test = this.parseTuple({ withCondexpr: false });
    this.s.expect("block_end");
    const body = this.block(["name:elif", "name:else", "name:endif"], false);
    const kw = this.s.next().value;
    let orelse: Stmt[] = [];
    if (kw === "elif") orelse = [this.parseIfTail(line)];
    else if (kw === "else") {
      this.s.expect("block_end");
      orelse = this.block(["name:endif"], true);
    } else this.s.expect("block_end");
    return { kind: "if", test, body, orelse, line };
  }

  private parseFor(): Stmt {
    const line = this.s.next().line;
    const target = this.parseTarget(["name:in"]);
    this.s.expect("name:in");
    const iter = this.parseTuple({ withCondexpr: false, endRules: ["name:recursive"] });
    const filter = this.s.skipIf("name:if") ? this.parseExpression() : undefined;
    const recursive = this.s.skipIf("name:recursive");
    this.s.expect("block_end");
    const body = this.block(["name:endfor", "name:else"], false);
    let orelse: Stmt[] = [];
    if (this.s.next().value === "else") {
      this.s.expect("block_end");
      orelse = this.block(["name:endfor"], true);
    } else this.s.expect("block_end");
    return { kind: "for", target, iter, body, orelse, recursive, line, ...(filter && { filter }) };
  }

  private parseSet(): Stmt {
    const line = this.s.next().line;
    const target = this.parseTarget([], true);
    if (this.s.skipIf("op:=")) {
      const value = this.parseTuple();
      this.s.expect("block_end");
      return { kind: "set", target, value, line };
    }
    const filter = this.s.test("op:|") ? this.parseFilter(null) : undefined;
    this.s.expect("block_end");
    const body = this.block(["name:endset"], true);
    return { kind: "setblock", target, body, line, ...(filter && { filter }) };
  }

  /** Assignment target: names, tuples of names (optionally parenthesised), or `ns.attr`. */
  private parseTarget(endRules: string[], withNamespace = false): Target {
    if (withNamespace && this.s.typeIs("name") && this.s.test("op:.", this.s.look)) {
      const name = this.s.next().value;
      this.s.next();
      return { kind: "nsattr", name, attr: this.s.expect("name").value };
    }
    const items: Target[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) this.s.expect("op:,");
      if (this.s.testAny(["block_end", "op:)", "op:=", ...endRules])) break;
      items.push(this.parseTargetItem());
      if (this.s.test("op:,")) isTuple = true;
      else break;
    }
    if (items.length === 0) this.s.fail("expected an assignment target");
    return isTuple ? { kind: "tuple", items } : (items[0] as Target);
  }

  private parseTargetItem(): Target {
    if (this.s.skipIf("op:(")) {
      const inner = this.parseTarget([]);
      this.s.expect("op:)");
      return inner;
    }
    const tok = this.s.expect("name");
    if (["true", "false", "none", "True", "False", "None"].includes(tok.value)) this.s.fail(`can't assign to '${tok.value}'`, tok.line);
    return { kind: "name", name: tok.value };
  }

  private parseSignature(): MacroParam[] {
    const params: MacroParam[] = [];
    this.s.expect("op:(");
    while (!this.s.test("op:)")) {
      if (params.length > 0) this.s.expect("op:,");
      const name = this.s.expect("name").value;
      params.push(this.s.skipIf("op:=") ? { name, default: this.parseExpression() } : { name });
    }
    this.s.expect("op:)");
    return params;
  }

  private parseMacro(): Stmt {
    const line = this.s.next().line;
    const name = this.s.expect("name").value;
    const params = this.parseSignature();
    this.s.expect("block_end");
    return { kind: "macro", name, params, body: this.block(["name:endmacro"], true), line };
  }

  private parseCallBlock(): Stmt {
    const line = this.s.next().line;
    const params = this.s.test("op:(") ? this.parseSignature() : [];
    const call: Expr = this.parseExpression();
    if (call.kind !== "call") this.s.fail("expected call", line);
    this.s.expect("block_end");
    return { kind: "callblock", call, params, body: this.block(["name:endcall"], true), line };
  }

  private parseFilterBlock(): Stmt {
    const line = this.s.next().line;
    const filter = this.parseFilter(null, true);
    this.s.expect("block_end");
    return { kind: "filterblock", filter, body: this.block(["name:endfilter"], true), line };
  }

  private parseWith(): Stmt {
    const line = this.s.next().line;
    const assigns: [Target, Expr][] = [];
    while (!this.s.typeIs("block_end")) {
      if (assigns.length > 0) this.s.expect("op:,");
      const target = this.parseTarget([]);
      this.s.expect("op:=");
      assigns.push([target, this.parseExpression()]);
    }
    this.s.expect("block_end");
    return { kind: "with", assigns, body: this.block(["name:endwith"], true), line };
  }

  /** `{% block name %}` in a standalone template simply renders its body in place. */
  private parseBlock(): Stmt {
    const line = this.s.next().line;
    const name = this.s.expect("name").value;
    this.s.skipIf("name:scoped");
    this.s.skipIf("name:required");
    this.s.expect("block_end");
    const body = this.block(["name:endblock"], false);
    this.s.next();
    if (this.s.typeIs("name") && this.s.current.value !== name) this.s.fail(`mismatching endblock '${this.s.current.value}'`);
    this.s.skipIf("name");
    this.s.expect("block_end");
    return { kind: "with", assigns: [], body, line };
  }
}
