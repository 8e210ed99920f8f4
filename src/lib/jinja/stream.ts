/** A cursor over lexer tokens with Jinja2's TokenStream helpers. */
import { JinjaSyntaxError } from "./errors.js";
import type { Token, TokenType } from "./lexer.js";

export class TokenStream {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    readonly template: string,
  ) {}

  get current(): Token {
    return this.tokens[this.pos] as Token;
  }
  get look(): Token {
    return this.tokens[Math.min(this.pos + 1, this.tokens.length - 1)] as Token;
  }
  next(): Token {
    const tok = this.current;
    if (this.pos < this.tokens.length - 1) this.pos++;
    return tok;
  }
  /** `type` or `type:value` (Jinja's token test syntax, e.g. "name:endfor", "op:|"). */
  test(expr: string, tok: Token = this.current): boolean {
    const i = expr.indexOf(":");
    if (i < 0) return tok.type === expr;
    return tok.type === expr.slice(0, i) && tok.value === expr.slice(i + 1);
  }
  testAny(exprs: readonly string[]): boolean {
    return exprs.some((e) => this.test(e));
  }
  skipIf(expr: string): boolean {
    if (!this.test(expr)) return false;
    this.next();
    return true;
  }
  expect(expr: string): Token {
    if (!this.test(expr)) this.fail(`expected token '${expr}', got ${describe(this.current)}`);
    return this.next();
  }
  fail(message: string, line = this.current.line): never {
    throw new JinjaSyntaxError(message, this.template, line);
  }
  typeIs(type: TokenType): boolean {
    return this.current.type === type;
  }
}

export function describe(tok: Token): string {
  if (tok.type === "eof") return "end of template";
  if (tok.type === "block_end") return "end of statement block";
  if (tok.type === "var_end") return "end of print statement";
  return `'${tok.value}'`;
}
