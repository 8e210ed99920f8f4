/**
 * Reads the literal module-level assignments of a Python file without running it (FLAN's template
 * modules are an example): literal values are folded; imports, functions, loops and computed
 * statements are skipped with a note naming line and column; a `@dataclass` class contributes its
 * fields and defaults. Syntax errors throw PySyntaxError with line and column.
 */
import { PyEvalError, PySyntaxError } from "./errors.js";
import { type DataclassSpec, evaluate } from "./evaluate.js";
import { type LogicalLine, type Token, tokenize } from "./lexer.js";
import type { ModuleState, PythonModule } from "./module-types.js";
import { parseExpression } from "./parser.js";
import { simpleStatement } from "./statements.js";

const COMPOUND = new Set(["def", "class", "for", "while", "if", "with", "try", "async"]);
const CONTINUATION = new Set(["elif", "else", "except", "finally", "case"]);

export interface ReadPythonModuleOptions {
  /** Dataclasses the module may call without defining them (e.g. ones it imports); its own definitions win. */
  dataclasses?: readonly DataclassSpec[];
}

/** Read module source; `file` is recorded in the result. Throws PySyntaxError on invalid Python. */
export function readPythonModule(source: string, file: string, options: ReadPythonModuleOptions = {}): PythonModule {
  const state: ModuleState = {
    names: new Map(),
    dataclasses: new Map((options.dataclasses ?? []).map((spec) => [spec.name, spec])),
    aliases: [],
    notes: [],
  };
  runModule(tokenize(source), state);
  return { file, ...state };
}

function runModule(lines: LogicalLine[], state: ModuleState): void {
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as LogicalLine;
    const first = line.tokens[0] as Token;
    if (line.indent > 0) throw new PySyntaxError("unexpected indent", line.line, line.indent + 1);
    if (first.kind === "op" && first.value === "@") {
      i = decorated(lines, i, state);
    } else if (first.kind === "name" && isCompoundHeader(line, first.value)) {
      noteSkip(state, line, `skipped '${first.value}' block`);
      i = skipBlock(lines, i);
    } else if (first.kind === "name" && (first.value === "import" || first.value === "from")) {
      noteSkip(state, line, "skipped import (imported names are not read)");
      i++;
    } else {
      for (const part of splitSemicolons(line.tokens)) withinStack(line, () => simpleStatement(part, line.text, state));
      i++;
    }
  }
}

/**
 * A statement nested deeper than the reader's recursion can follow (CPython refuses far less: its parser
 * stops at 200 nested brackets) is a syntax error naming its line, never a crash.
 */
function withinStack(line: LogicalLine, read: () => void): void {
  try {
    read();
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message))
      throw new PySyntaxError("statement too deeply nested", line.line, 1);
    throw error;
  }
}

/** Hard keywords always start a compound statement; the soft keyword `match` only when the line ends with ':'. */
function isCompoundHeader(line: LogicalLine, word: string): boolean {
  if (COMPOUND.has(word) || (CONTINUATION.has(word) && word !== "case")) return true;
  const last = line.tokens.at(-1);
  return (word === "match" || word === "case") && last?.kind === "op" && last.value === ":" && line.tokens[1]?.value !== "=";
}

function noteSkip(state: ModuleState, line: LogicalLine, message: string): void {
  const text = line.text.split("\n")[0] ?? "";
  state.notes.push({ line: line.line, col: line.indent + 1, message, statement: text.length > 120 ? `${text.slice(0, 117)}...` : text });
}

/** Index after a compound statement: its indented block and any elif/else/except/finally clauses. */
function skipBlock(lines: LogicalLine[], start: number): number {
  const indent = (lines[start] as LogicalLine).indent;
  let i = start + 1;
  for (;;) {
    while (i < lines.length && (lines[i] as LogicalLine).indent > indent) i++;
    const next = lines[i];
    const first = next?.tokens[0];
    if (next === undefined || next.indent !== indent || first?.kind !== "name" || !CONTINUATION.has(first.value)) return i;
    i++;
  }
}

function splitSemicolons(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === "op" && t.value === ";") parts.push([]);
    else parts[parts.length - 1]?.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** Decorators, then a class or def. A `@dataclass` class contributes its fields and defaults. */
function decorated(lines: LogicalLine[], start: number, state: ModuleState): number {
  let i = start;
  let isDataclass = false;
  while ((lines[i]?.tokens[0] as Token | undefined)?.value === "@") {
    const names = (lines[i] as LogicalLine).tokens.filter((t) => t.kind === "name").map((t) => t.value);
    if (names.includes("dataclass")) isDataclass = true;
    i++;
  }
  const header = lines[i];
  if (header === undefined)
    throw new PySyntaxError("a decorator must be followed by a class or def", (lines[start] as LogicalLine).line, 1);
  const keyword = header.tokens[0]?.value;
  const className = header.tokens[1];
  const end = skipBlock(lines, i);
  if (isDataclass && keyword === "class" && className?.kind === "name") {
    const spec = dataclassSpec(className.value, lines.slice(i + 1, end), state);
    state.dataclasses.set(spec.name, spec);
  } else noteSkip(state, header, `skipped decorated '${keyword ?? "?"}'`);
  return end;
}

/** Fields `name: type [= default]` at the class body's own indentation; methods and docstrings are skipped. */
function dataclassSpec(name: string, body: LogicalLine[], state: ModuleState): DataclassSpec {
  const bodyIndent = body[0]?.indent ?? 0;
  const spec: DataclassSpec = { name, fields: [], defaults: new Map() };
  for (const line of body) {
    const [field, colon] = line.tokens;
    if (line.indent !== bodyIndent || field?.kind !== "name" || colon?.value !== ":" || colon.kind !== "op") continue;
    spec.fields.push(field.value);
    const equals = line.tokens.findIndex((t, k) => k > 1 && t.kind === "op" && t.value === "=");
    if (equals < 0) continue;
    try {
      spec.defaults.set(
        field.value,
        evaluate(parseExpression(line.tokens, equals + 1), { names: state.names, dataclasses: state.dataclasses }),
      );
    } catch (error) {
      if (!(error instanceof PyEvalError)) throw error;
      noteSkip(state, line, `dataclass ${name}: default of '${field.value}' is not a literal (${error.message})`);
    }
  }
  return spec;
}
