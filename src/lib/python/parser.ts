/**
 * A recursive-descent parser for Python expressions over one logical line's tokens. It builds a
 * tree and never evaluates anything. Valid Python it does not model (lambda, slices, starred
 * arguments, f-string fields, walrus, yield) becomes an `unsupported` node, so that the reader can
 * skip the statement with a note; invalid syntax throws PySyntaxError with line and column.
 */
import { pyParseFloat, pyParseInt } from "../../core/py-number.js";
import type { Comprehension, Expr, Pos } from "./ast.js";
import { PySyntaxError } from "./errors.js";
import type { Token } from "./lexer.js";
import { OperatorParser } from "./parser-ops.js";

/** Parse `tokens[start, end)` as one expression (a bare comma list is a tuple); all tokens must be used. */
export function parseExpression(tokens: readonly Token[], start = 0, end = tokens.length): Expr {
  const parser = new Parser(tokens.slice(start, end), tokens[end - 1] ?? tokens[start]);
  const expr = parser.exprList();
  parser.expectEnd();
  return expr;
}

class Parser extends OperatorParser {
  protected atom(): Expr {
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
  protected strings(at: Pos): Expr {
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

  protected parenthesized(at: Pos): Expr {
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

  protected display(kind: "list" | "set", close: string, at: Pos, first?: Expr): Expr {
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

  protected brace(at: Pos): Expr {
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
  protected skipBraces(at: Pos, what: string): Expr {
    let depth = 1;
    while (depth > 0 && this.peek()) {
      const t = this.peek() as Token;
      if (t.kind === "op" && "([{".includes(t.value)) depth++;
      if (t.kind === "op" && ")]}".includes(t.value)) depth--;
      this.i++;
    }
    return { type: "unsupported", what, at };
  }

  protected comprehension(kind: "list" | "set" | "generator", element: Expr, at: Pos): Expr {
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

  protected targetList(): Expr {
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
  "and",
  "as",
  "assert",
  "async",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
  "lambda",
  "await",
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
  if (/^0\d+$/.test(clean) && /[1-9]/.test(clean))
    throw new PySyntaxError("leading zeros in decimal integer literals are not permitted", at.line, at.col);
  // Core's int()/float() parsers also check the underscores, which the tokenizer lets through.
  const isFloat = /[.eE]/.test(text);
  const value = isFloat ? pyParseFloat(text) : pyParseInt(text);
  if (value === undefined) throw new PySyntaxError("invalid decimal literal", at.line, at.col);
  if (!isFloat && !Number.isSafeInteger(value)) return { type: "unsupported", what: "integer beyond 2^53", at };
  return isFloat ? { type: "const", value, float: true, at } : { type: "const", value, at };
}
