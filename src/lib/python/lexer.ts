/**
 * A Python tokenizer for reading modules without running them. It yields logical lines (newlines
 * inside brackets and after a backslash continue a line), each with its indentation, so a reader can
 * skip compound statements by indentation. Comments are dropped.
 */
import { PySyntaxError } from "./errors.js";
import { decodeStringBody, parsePrefix, StringEscapeError, type StringPrefix } from "./string-literal.js";

/** How deep brackets may nest, as CPython's tokenizer (MAXLEVEL). */
const MAX_BRACKET_DEPTH = 200;

export type Token =
  | { kind: "name"; value: string; line: number; col: number }
  | { kind: "number"; value: string; line: number; col: number }
  | { kind: "string"; value: string; prefix: StringPrefix; line: number; col: number }
  | { kind: "op"; value: string; line: number; col: number };

export interface LogicalLine {
  /** Indentation width of the first physical line (tabs to multiples of 8, as Python does). */
  indent: number;
  line: number;
  tokens: Token[];
  /** The source text of the logical line (for notes). */
  text: string;
}

const OPERATORS = [
  "**=",
  "//=",
  ">>=",
  "<<=",
  "...",
  "->",
  ":=",
  "==",
  "!=",
  "<=",
  ">=",
  "**",
  "//",
  "<<",
  ">>",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "@=",
  "&=",
  "|=",
  "^=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "@",
  "&",
  "|",
  "^",
  "~",
  "<",
  ">",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  ";",
  ".",
  "=",
];
const CLOSING: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
const NAME_START = /[\p{L}\p{Nl}_]/u;
const NAME_REST = /^[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]*/u;
const NUMBER = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/;
const STRING_START = /^([rRbBuUfF]{0,2})('''|"""|'|")/;

/** Split Python source into logical lines of tokens; throws PySyntaxError on lexical errors. */
export function tokenize(source: string): LogicalLine[] {
  return new Lexer(source.replace(/\r\n?/g, "\n")).run();
}

class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly brackets: Token[] = [];
  private readonly lines: LogicalLine[] = [];
  private current: LogicalLine | undefined;
  private lineOffset = 0;

  constructor(private readonly src: string) {}

  run(): LogicalLine[] {
    while (this.pos < this.src.length) {
      if (this.current === undefined) this.startLine();
      else this.step();
    }
    const open = this.brackets.at(-1);
    if (open) throw new PySyntaxError(`'${open.value}' was never closed`, open.line, open.col);
    this.endLine();
    return this.lines;
  }

  private col(at = this.pos): number {
    return at - this.lineStart + 1;
  }

  /** At the start of a physical line outside brackets: measure indentation, skip blank lines. */
  private startLine(): void {
    let width = 0;
    while (this.pos < this.src.length && " \t\f".includes(this.src[this.pos] as string)) {
      const c = this.src[this.pos];
      width = c === "\t" ? (Math.floor(width / 8) + 1) * 8 : c === "\f" ? 0 : width + 1;
      this.pos++;
    }
    const c = this.src[this.pos];
    if (c === undefined) return;
    if (c === "\n" || c === "#") {
      this.skipToNewline();
      return;
    }
    if (c === "\\" && this.src[this.pos + 1] === "\n") {
      this.newline(this.pos + 2);
      return;
    }
    this.current = { indent: width, line: this.line, tokens: [], text: "" };
    this.lineOffset = this.pos;
  }

  private skipToNewline(): void {
    const end = this.src.indexOf("\n", this.pos);
    if (end < 0) this.pos = this.src.length;
    else this.newline(end + 1);
  }

  private newline(next: number): void {
    this.pos = next;
    this.line++;
    this.lineStart = next;
  }

  private endLine(): void {
    const line = this.current;
    if (line === undefined) return;
    line.text = this.src.slice(this.lineOffset, this.pos).trimEnd();
    if (line.tokens.length > 0) this.lines.push(line);
    this.current = undefined;
  }

  private step(): void {
    const c = this.src[this.pos] as string;
    if (c === " " || c === "\t" || c === "\f") this.pos++;
    else if (c === "#") this.pos = this.src.indexOf("\n", this.pos) < 0 ? this.src.length : this.src.indexOf("\n", this.pos);
    else if (c === "\\") this.continuation();
    else if (c === "\n") {
      if (this.brackets.length === 0) this.endLine();
      this.newline(this.pos + 1);
    } else this.token();
  }

  private continuation(): void {
    if (this.src[this.pos + 1] !== "\n") {
      throw new PySyntaxError("unexpected character after line continuation character", this.line, this.col());
    }
    this.newline(this.pos + 2);
  }

  private push(token: Token): void {
    (this.current as LogicalLine).tokens.push(token);
  }

  private token(): void {
    const rest = this.src.slice(this.pos, this.pos + 4);
    const stringStart = STRING_START.exec(this.src.slice(this.pos, this.pos + 5));
    if (stringStart && parsePrefix(stringStart[1] as string)) return this.string(stringStart[1] as string, stringStart[2] as string);
    const c = rest[0] as string;
    if (NAME_START.test(c)) {
      const name = c + (NAME_REST.exec(this.src.slice(this.pos + c.length, this.pos + 200))?.[0] ?? "");
      this.push({ kind: "name", value: name, line: this.line, col: this.col() });
      this.pos += name.length;
      return;
    }
    const number = /[\d.]/.test(c) ? NUMBER.exec(this.src.slice(this.pos, this.pos + 100)) : null;
    if (number && number[0] !== ".") {
      this.push({ kind: "number", value: number[0], line: this.line, col: this.col() });
      this.pos += number[0].length;
      return;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op === undefined)
      throw new PySyntaxError(
        `invalid character '${c}' (U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")})`,
        this.line,
        this.col(),
      );
    const token: Token = { kind: "op", value: op, line: this.line, col: this.col() };
    this.bracket(token);
    this.push(token);
    this.pos += op.length;
  }

  private bracket(token: Token): void {
    if ("([{".includes(token.value)) {
      // CPython's own limit: deeper nesting is refused before it can exhaust any stack.
      if (this.brackets.length >= MAX_BRACKET_DEPTH) throw new PySyntaxError("too many nested parentheses", token.line, token.col);
      this.brackets.push(token);
    }
    const opener = CLOSING[token.value];
    if (opener === undefined) return;
    const open = this.brackets.pop();
    if (open?.value !== opener) {
      const why = open ? ` does not match '${open.value}' at ${open.line}:${open.col}` : " has no opening bracket";
      throw new PySyntaxError(`closing '${token.value}'${why}`, token.line, token.col);
    }
  }

  private string(prefixText: string, quote: string): void {
    const prefix = parsePrefix(prefixText) as StringPrefix;
    const line = this.line;
    const col = this.col();
    const bodyStart = this.pos + prefixText.length + quote.length;
    let i = bodyStart;
    for (;;) {
      const c = this.src[i];
      if (c === undefined || (c === "\n" && quote.length === 1)) {
        throw new PySyntaxError(`unterminated ${quote.length === 3 ? "triple-quoted " : ""}string literal`, line, col);
      }
      if (c === "\\") i += 2;
      else if (this.src.startsWith(quote, i)) break;
      else i++;
    }
    const body = this.src.slice(bodyStart, i);
    let value: string;
    try {
      value = decodeStringBody(body, prefix);
    } catch (error) {
      if (!(error instanceof StringEscapeError)) throw error;
      const at = this.position(bodyStart + error.offset);
      throw new PySyntaxError(error.message, at.line, at.col);
    }
    this.push({ kind: "string", value, prefix, line, col });
    for (let k = this.pos; k < i; k++) if (this.src[k] === "\n") this.newline(k + 1);
    this.pos = i + quote.length;
  }

  private position(offset: number): { line: number; col: number } {
    const before = this.src.slice(0, offset);
    const line = before.split("\n").length;
    return { line, col: offset - before.lastIndexOf("\n") };
  }
}
