/** Token access for the expression parser: lookahead, keyword and operator tests, errors with positions. */
import type { Pos } from "./ast.js";
import { PySyntaxError } from "./errors.js";
import type { Token } from "./lexer.js";

export class TokenCursor {
  protected i = 0;
  constructor(
    protected readonly toks: readonly Token[],
    protected readonly last: Token | undefined,
  ) {}
  protected peek(offset = 0): Token | undefined {
    return this.toks[this.i + offset];
  }

  protected isOp(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === "op" && t.value === value;
  }

  protected isKeyword(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === "name" && t.value === value;
  }

  protected pos(): Pos {
    const t = this.peek() ?? this.last;
    return t ? { line: t.line, col: t.col + (this.peek() ? 0 : t.kind === "op" ? t.value.length : 1) } : { line: 0, col: 0 };
  }

  protected fail(message: string): never {
    const at = this.pos();
    throw new PySyntaxError(message, at.line, at.col);
  }

  protected expect(value: string): void {
    if (!this.isOp(value)) this.fail(`expected '${value}'${this.found()}`);
    this.i++;
  }

  protected found(): string {
    const t = this.peek();
    return t ? `, found '${t.kind === "string" ? "string" : t.value}'` : " before the end of the line";
  }

  expectEnd(): void {
    if (this.peek()) this.fail(`unexpected '${this.peek()?.value}'`);
  }
}
