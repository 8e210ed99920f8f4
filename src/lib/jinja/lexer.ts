/**
 * Jinja2 lexer with the default delimiters: `{{ }}`, `{% %}`, `{# #}`, `-` whitespace control,
 * `{% raw %}`. Newlines are normalised to "\n" and one trailing newline is dropped, as Jinja2
 * does with keep_trailing_newline=False.
 */

import { isPyWhitespace } from "../../core/py-str.js";
import { JinjaSyntaxError } from "./errors.js";

export type TokenType = "data" | "var_begin" | "var_end" | "block_begin" | "block_end" | "name" | "string" | "int" | "float" | "op" | "eof";

export interface Token {
  readonly type: TokenType;
  readonly value: string;
  readonly line: number;
}

const FLOAT_RE = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INT_RE = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|(?:\d+_)*\d+/y;
const NAME_RE = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const STRING_RE = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
const OPERATORS = [
  "//",
  "**",
  "==",
  "!=",
  ">=",
  "<=",
  "+",
  "-",
  "/",
  "*",
  "%",
  "~",
  "[",
  "]",
  "(",
  ")",
  "{",
  "}",
  ">",
  "<",
  "=",
  ".",
  ":",
  "|",
  ",",
  ";",
];
const RAW_OPEN_RE = /\{%([-+]?)\s*raw\s*([-+]?)%\}/y;
const RAW_CLOSE_RE = /\{%([-+]?)\s*endraw\s*([-+]?)%\}/g;

function normalizeSource(source: string): string {
  const s = source.replace(/\r\n|\r/g, "\n");
  return s.endsWith("\n") ? s.slice(0, -1) : s;
}

const rstripPy = (s: string): string => {
  let end = s.length;
  while (end > 0 && isPyWhitespace(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end);
};

function skipWhitespace(s: string, pos: number): number {
  while (pos < s.length && isPyWhitespace(s.charCodeAt(pos))) pos++;
  return pos;
}

export function tokenize(rawSource: string, template: string): Token[] {
  const src = normalizeSource(rawSource);
  const tokens: Token[] = [];
  const lineAt = lineCounter(src);
  const fail = (msg: string, at: number): never => {
    throw new JinjaSyntaxError(msg, template, lineAt(at));
  };
  let pos = 0;
  let lstrip = false;
  const pushData = (text: string, at: number): void => {
    const data = lstrip ? text.slice(skipWhitespace(text, 0)) : text;
    lstrip = false;
    if (data) tokens.push({ type: "data", value: data, line: lineAt(at) });
  };
  while (pos < src.length) {
    const next = findTagStart(src, pos);
    if (next < 0) {
      pushData(src.slice(pos), pos);
      break;
    }
    const kind = src[next + 1];
    const stripBefore = src[next + 2] === "-";
    const text = src.slice(pos, next);
    pushData(stripBefore ? rstripPy(text) : text, pos);
    if (kind === "#") {
      const end = src.indexOf("#}", next + 2);
      if (end < 0) fail("missing end of comment tag", next);
      lstrip = src[end - 1] === "-" && end - 1 >= next + 2;
      pos = end + 2;
      continue;
    }
    RAW_OPEN_RE.lastIndex = next;
    if (kind === "%" && RAW_OPEN_RE.exec(src)) {
      const raw = lexRaw(src, RAW_OPEN_RE.lastIndex, tokens, lineAt, fail, src[RAW_OPEN_RE.lastIndex - 3] === "-");
      pos = raw.pos;
      lstrip = raw.strip;
      continue;
    }
    const begin = kind === "{" ? "var_begin" : "block_begin";
    tokens.push({ type: begin, value: "", line: lineAt(next) });
    const start = next + 2 + (stripBefore || src[next + 2] === "+" ? 1 : 0);
    const res = lexTag(src, start, kind === "{" ? "}}" : "%}", tokens, lineAt, fail);
    pos = res.pos;
    lstrip = res.strip;
  }
  tokens.push({ type: "eof", value: "", line: lineAt(src.length) });
  return tokens;
}

function findTagStart(src: string, from: number): number {
  let i = src.indexOf("{", from);
  while (i >= 0) {
    const c = src[i + 1];
    if (c === "{" || c === "%" || c === "#") return i;
    i = src.indexOf("{", i + 1);
  }
  return -1;
}

function lexRaw(
  src: string,
  from: number,
  tokens: Token[],
  lineAt: (i: number) => number,
  fail: Fail,
  stripStart: boolean,
): { pos: number; strip: boolean } {
  RAW_CLOSE_RE.lastIndex = from;
  const m = RAW_CLOSE_RE.exec(src);
  if (!m) return fail("missing end of raw directive", from);
  let body = src.slice(from, m.index);
  if (stripStart) body = body.slice(skipWhitespace(body, 0));
  if (m[1] === "-") body = rstripPy(body);
  if (body) tokens.push({ type: "data", value: body, line: lineAt(from) });
  return { pos: RAW_CLOSE_RE.lastIndex, strip: m[2] === "-" };
}

type Fail = (m: string, at: number) => never;

/** Lex the inside of `{{ … }}` or `{% … %}`; returns the position after the end and whether `-` asked to strip. */
function lexTag(
  src: string,
  start: number,
  end: "}}" | "%}",
  tokens: Token[],
  lineAt: (i: number) => number,
  fail: Fail,
): { pos: number; strip: boolean } {
  let pos = start;
  let depth = 0;
  const push = (type: TokenType, value: string, at: number): void => {
    tokens.push({ type, value, line: lineAt(at) });
  };
  for (;;) {
    pos = skipWhitespace(src, pos);
    if (pos >= src.length) return fail(`unexpected end of template, expected '${end}'`, pos);
    if (depth === 0) {
      if (src.startsWith(end, pos)) {
        push(end === "}}" ? "var_end" : "block_end", "", pos);
        return { pos: pos + 2, strip: false };
      }
      if (src[pos] === "-" && src.startsWith(end, pos + 1)) {
        push(end === "}}" ? "var_end" : "block_end", "", pos);
        return { pos: pos + 3, strip: true };
      }
      if (src[pos] === "+" && end === "%}" && src.startsWith(end, pos + 1)) {
        push("block_end", "", pos);
        return { pos: pos + 3, strip: false };
      }
    }
    const tok = matchToken(src, pos);
    if (!tok) return fail(`unexpected char ${JSON.stringify(src[pos])}`, pos);
    if (tok.type === "op") depth = trackDepth(tok.value, depth, () => fail(`unexpected '${tok.value}'`, pos));
    push(tok.type, tok.value, pos);
    pos += tok.length;
  }
}

function trackDepth(op: string, depth: number, onUnbalanced: () => never): number {
  if (op === "(" || op === "[" || op === "{") return depth + 1;
  if (op === ")" || op === "]" || op === "}") return depth > 0 ? depth - 1 : onUnbalanced();
  return depth;
}

function matchToken(src: string, pos: number): { type: TokenType; value: string; length: number } | undefined {
  const sticky = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    return re.exec(src);
  };
  let m = src[pos - 1] === "." ? null : sticky(FLOAT_RE);
  if (m) return { type: "float", value: m[0], length: m[0].length };
  m = sticky(INT_RE);
  if (m) return { type: "int", value: m[0], length: m[0].length };
  m = sticky(NAME_RE);
  if (m) return { type: "name", value: m[0], length: m[0].length };
  m = sticky(STRING_RE);
  if (m) return { type: "string", value: m[0], length: m[0].length };
  const op = OPERATORS.find((o) => src.startsWith(o, pos));
  return op ? { type: "op", value: op, length: op.length } : undefined;
}

function lineCounter(src: string): (i: number) => number {
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === "\n") starts.push(i + 1);
  return (i) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
