/**
 * A recursive-descent parser for Python expressions over one logical line's tokens. It builds a
 * tree and never evaluates anything. Valid Python it does not model (lambda, slices, starred
 * arguments, f-string fields, walrus, yield) becomes an `unsupported` node, so that the reader can
 * skip the statement with a note; invalid syntax throws PySyntaxError with line and column.
 */
import type { Comprehension, Expr, Pos } from "./py-ast.js";
import { PySyntaxError, type Token } from "./py-lexer.js";

const COMPARE_OPS = new Set(["==", "!=", "<", ">", "<=", ">=", "in", "is"]);
const BINARY_LEVELS: readonly (readonly string[])[] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "//", "%", "@"]];

/** Parse `tokens[start, end)` as one expression (a bare comma list is a tuple); all tokens must be used. */
export function parseExpression(tokens: readonly Token[], start = 0, end = tokens.length): Expr {
  const parser = new Parser(tokens.slice(start, end), tokens[end - 1] ?? tokens[start]);
  const expr = parser.exprList();
  parser.expectEnd();
  return expr;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: readonly Token[], private readonly last: Token | undefined) {}

  private peek(offset = 0): Token | undefined {
    return this.toks[this.i + offset];
  }

  private isOp(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === "op" && t.value === value;
  }

  private isKeyword(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === "name" && t.value === value;
  }

  private pos(): Pos {
    const t = this.peek() ?? this.last;
    return t ? { line: t.line, col: t.col + (this.peek() ? 0 : t.kind === "op" ? t.value.length : 1) } : { line: 0, col: 0 };
  }

  private fail(message: string): never {
    const at = this.pos();
    throw new PySyntaxError(message, at.line, at.col);
  }

  private expect(value: string): void {
    if (!this.isOp(value)) this.fail(`expected '${value}'${this.found()}`);
    this.i++;
  }

  private found(): string {
    const t = this.peek();
    return t ? `, found '${t.kind === "string" ? "string" : t.value}'` : " before the end of the line";
  }

  expectEnd(): void {
    if (this.peek()) this.fail(`unexpected '${this.peek()?.value}'`);
  }

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

  private atListEnd(): boolean {
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

  private skipLambda(at: Pos): Expr {
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

  private skipRest(at: Pos, what: string): Expr {
    this.i++;
    if (!this.atListEnd()) this.exprList();
    return { type: "unsupported", what, at };
  }

  private orTest(): Expr {
    let left = this.andTest();
    while (this.isKeyword("or")) {
      const at = this.pos();
      this.i++;
      left = { type: "boolop", op: "or", left, right: this.andTest(), at };
    }
    return left;
  }

  private andTest(): Expr {
    let left = this.notTest();
    while (this.isKeyword("and")) {
      const at = this.pos();
      this.i++;
      left = { type: "boolop", op: "and", left, right: this.notTest(), at };
    }
    return left;
  }

  private notTest(): Expr {
    if (!this.isKeyword("not")) return this.comparison();
    const at = this.pos();
    this.i++;
    return { type: "unary", op: "not", operand: this.notTest(), at };
  }

  private comparison(): Expr {
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

  private compareOp(): string | undefined {
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
    if ((t.kind === "op" || t.value === "in" || t.value === "is") && t.kind !== "string" && t.kind !== "number" && COMPARE_OPS.has(t.value)) {
      this.i++;
      return t.value;
    }
    return undefined;
  }

  private binary(level: number): Expr {
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

  private unary(): Expr {
    const t = this.peek();
    if (t?.kind === "op" && ["-", "+", "~"].includes(t.value)) {
      const at = this.pos();
      this.i++;
      return { type: "unary", op: t.value, operand: this.unary(), at };
    }
    return this.power();
  }

  private power(): Expr {
    const at = this.pos();
    if (this.isKeyword("await")) return this.skipRest(at, "await expression");
    const base = this.primary();
    if (!this.isOp("**")) return base;
    this.i++;
    return { type: "binop", op: "**", left: base, right: this.unary(), at };
  }

  private primary(): Expr {
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

  private call(func: Expr, at: Pos): Expr {
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

  private subscript(object: Expr, at: Pos): Expr {
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

  private atom(): Expr {
    const t = this.peek();
    const at = this.pos();
    if (t === undefined) this.fail("expected an expression before the end of the line");
    if (t.kind === "string") return this.strings(at);
    this.i++;
    if (t.kind === "number") return number(t.value, at);
    if (t.kind === "name") return nameAtom(t.value, at, () => this.fail(`invalid syntax: '${t.value}' cannot start an expression`));
    if (t.value === "(") return this.parenthesized(at);
    if (t.value === "[") return this.display("list", "]", at);
    if (t.value === "{") return this.brace(at);
    if (t.value === "...") return { type: "unsupported", what: "Ellipsis", at };
    if (t.value === "*") return { type: "unsupported", what: `starred ${this.binary(0).type}`, at };
    this.i--;
    return this.fail(`invalid syntax: unexpected '${t.value}'`);
  }

  /** Adjacent literals are one string (implicit concatenation); bytes and str cannot mix. */
  private strings(at: Pos): Expr {
    let value = "";
    let bytes: boolean | undefined;
    let fields = false;
    while (this.peek()?.kind === "string") {
      const t = this.peek() as Extract<Token, { kind: "string" }>;
      if (bytes !== undefined && bytes !== t.prefix.bytes) this.fail("cannot mix bytes and nonbytes literals");
      bytes = t.prefix.bytes;
      if (t.prefix.fstring && /\{(?!\{)/.test(t.value.replace(/\{\{/g, ""))) fields = true;
      value += t.prefix.fstring ? t.value.replace(/\{\{/g, "{").replace(/\}\}/g, "}") : t.value;
      this.i++;
    }
    if (fields) return { type: "unsupported", what: "f-string with replacement fields", at };
    return bytes ? { type: "bytes", value, at } : { type: "const", value, at };
  }

  private parenthesized(at: Pos): Expr {
    if (this.isOp(")")) {
      this.i++;
      return { type: "tuple", items: [], at };
    }
    const first = this.test();
    if (this.isKeyword("for")) {
      const comp = this.comprehension("generator", first, at);
      this.expect(")");
      return comp;
    }
    if (this.isOp(")")) {
      this.i++;
      return first;
    }
    const items = [first];
    while (this.isOp(",")) {
      this.i++;
      if (this.isOp(")")) break;
      items.push(this.test());
    }
    this.expect(")");
    return { type: "tuple", items, at };
  }

  private display(kind: "list" | "set", close: string, at: Pos, first?: Expr): Expr {
    const items: Expr[] = [];
    if (first === undefined && !this.isOp(close)) first = this.test();
    if (first !== undefined) {
      if (this.isKeyword("for")) {
        const comp = this.comprehension(kind, first, at);
        this.expect(close);
        return comp;
      }
      items.push(first);
      while (this.isOp(",")) {
        this.i++;
        if (this.isOp(close)) break;
        items.push(this.test());
      }
    }
    this.expect(close);
    return { type: kind, items, at };
  }

  private brace(at: Pos): Expr {
    if (this.isOp("}")) {
      this.i++;
      return { type: "dict", entries: [], at };
    }
    if (this.isOp("**")) return this.skipBraces(at, "dict unpacking (**)");
    const first = this.test();
    if (!this.isOp(":")) return this.display("set", "}", at, first);
    this.i++;
    const entries = [{ key: first, value: this.test() }];
    if (this.isKeyword("for")) return this.skipBraces(at, "dict comprehension");
    while (this.isOp(",")) {
      this.i++;
      if (this.isOp("}")) break;
      if (this.isOp("**")) return this.skipBraces(at, "dict unpacking (**)");
      const key = this.test();
      this.expect(":");
      entries.push({ key, value: this.test() });
    }
    this.expect("}");
    return { type: "dict", entries, at };
  }

  /** Skip to the matching `}` (the lexer guarantees it exists) for valid but unmodelled forms. */
  private skipBraces(at: Pos, what: string): Expr {
    let depth = 1;
    while (depth > 0 && this.peek()) {
      const t = this.peek() as Token;
      if (t.kind === "op" && "([{".includes(t.value)) depth++;
      if (t.kind === "op" && ")]}".includes(t.value)) depth--;
      this.i++;
    }
    return { type: "unsupported", what, at };
  }

  private comprehension(kind: "list" | "set" | "generator", element: Expr, at: Pos): Expr {
    const generators: Comprehension[] = [];
    while (this.isKeyword("for")) {
      this.i++;
      const target = this.targetList();
      if (!this.isKeyword("in")) this.fail(`expected 'in' in comprehension${this.found()}`);
      this.i++;
      const iter = this.orTest();
      const ifs: Expr[] = [];
      while (this.isKeyword("if")) {
        this.i++;
        ifs.push(this.orTest());
      }
      generators.push({ target, iter, ifs });
    }
    return { type: "comp", kind, element, generators, at };
  }

  private targetList(): Expr {
    const at = this.pos();
    const items = [this.binary(0)];
    while (this.isOp(",")) {
      this.i++;
      if (this.isKeyword("in")) break;
      items.push(this.binary(0));
    }
    return items.length === 1 ? (items[0] as Expr) : { type: "tuple", items, at };
  }
}

const KEYWORD_CONSTANTS: Record<string, boolean | null> = { True: true, False: false, None: null };
const RESERVED = new Set([
  "and", "as", "assert", "async", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally",
  "for", "from", "global", "if", "import", "in", "is", "nonlocal", "not", "or", "pass", "raise", "return", "try",
  "while", "with", "yield", "lambda", "await",
]);

function nameAtom(id: string, at: Pos, fail: () => never): Expr {
  if (id in KEYWORD_CONSTANTS) return { type: "const", value: KEYWORD_CONSTANTS[id] as boolean | null, at };
  if (RESERVED.has(id)) fail();
  return { type: "name", id, at };
}

function number(text: string, at: Pos): Expr {
  const clean = text.replace(/_/g, "");
  if (/[jJ]$/.test(clean)) return { type: "unsupported", what: "complex number", at };
  if (/^0[xXoObB]/.test(clean)) return { type: "const", value: Number(clean.toLowerCase()), at };
  if (/^0\d+$/.test(clean) && /[1-9]/.test(clean)) throw new PySyntaxError("leading zeros in decimal integer literals are not permitted", at.line, at.col);
  const value = Number(clean);
  if (/^\d+$/.test(clean) && !Number.isSafeInteger(value)) return { type: "unsupported", what: "integer beyond 2^53", at };
  return /[.eE]/.test(clean) && !/^0[xX]/.test(clean) ? { type: "const", value, float: true, at } : { type: "const", value, at };
}
