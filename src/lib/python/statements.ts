/**
 * Simple statements of a module: assignments to module-level names and dict items
 * (aliases included), augmented assignments, `X.update(...)`/`append`/`extend`, docstrings.
 * Values come from evaluate.ts's constant folding; a statement it cannot fold is skipped with a note.
 */
import type { Expr } from "./ast.js";
import { PyEvalError, PySyntaxError } from "./errors.js";
import { type EvalScope, evaluate } from "./evaluate.js";
import { isIterable, iterate } from "./iterate.js";
import type { Token } from "./lexer.js";
import type { ModuleState } from "./module-types.js";
import { parseExpression } from "./parser.js";
import { isTuple, type PyKey, type PyValue, pyEquals, typeName } from "./values.js";

const AUGMENTED = new Set(["+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "^=", "|=", "@="]);

/** Run one simple statement (tokens of one `;`-separated part of a logical line) against the state. */
export function simpleStatement(tokens: Token[], text: string, state: ModuleState): void {
  const first = tokens[0] as Token;
  if (
    first.kind === "name" &&
    ["pass", "del", "assert", "global", "nonlocal", "raise", "return", "break", "continue", "print"].includes(first.value)
  ) {
    return note(state, first, `skipped '${first.value}' statement`, text);
  }
  const split = splitTopLevel(tokens);
  if (split.annotation !== undefined) return annotated(tokens, split.annotation, text, state);
  if (split.augmented !== undefined) return augmented(tokens, split.augmented, text, state);
  if (split.assignments.length > 0) return assignment(tokens, split.assignments, text, state);
  expressionStatement(parseExpression(tokens), text, state);
}

interface Split {
  assignments: number[];
  augmented?: number;
  annotation?: number;
}

function splitTopLevel(tokens: Token[]): Split {
  const split: Split = { assignments: [] };
  let depth = 0;
  tokens.forEach((t, i) => {
    if (t.kind !== "op") return;
    if ("([{".includes(t.value)) depth++;
    else if (")]}".includes(t.value)) depth--;
    else if (depth > 0) return;
    else if (t.value === "=") split.assignments.push(i);
    else if (AUGMENTED.has(t.value) && split.augmented === undefined) split.augmented = i;
    else if (t.value === ":" && split.annotation === undefined && split.assignments.length === 0) split.annotation = i;
  });
  return split;
}

function note(state: ModuleState, at: { line: number; col: number }, message: string, text: string): void {
  state.notes.push({ line: at.line, col: at.col, message, statement: text.length > 120 ? `${text.slice(0, 117)}...` : text });
}

function scope(state: ModuleState): EvalScope {
  return { names: state.names, dataclasses: state.dataclasses };
}

/** Evaluate or note; `undefined` means the statement was skipped. */
function tryEvaluate(expr: Expr, text: string, state: ModuleState): PyValue | undefined {
  try {
    return evaluate(expr, scope(state));
  } catch (error) {
    if (!(error instanceof PyEvalError)) throw error;
    note(state, error.at, `not a literal, skipped: ${error.message}`, text);
    return undefined;
  }
}

function assignment(tokens: Token[], equals: number[], text: string, state: ModuleState): void {
  const bounds = [-1, ...equals, tokens.length];
  const parts = bounds.slice(1).map((end, k) => parseSegment(tokens, (bounds[k] as number) + 1, end));
  const valueExpr = parts.pop() as Expr;
  const value = tryEvaluate(valueExpr, text, state);
  for (const target of parts) {
    if (value === undefined) unbind(target, state);
    else assign(target, value, valueExpr, text, state);
  }
}

function parseSegment(tokens: Token[], start: number, end: number): Expr {
  if (start >= end) {
    const at = tokens[Math.min(start, tokens.length - 1)] as Token;
    throw new PySyntaxError("invalid syntax: empty assignment part", at.line, at.col);
  }
  return parseExpression(tokens, start, end);
}

function unbind(target: Expr, state: ModuleState): void {
  if (target.type === "name") state.names.delete(target.id);
  if (target.type === "subscript" && target.object.type === "name") {
    const table = state.names.get(target.object.id);
    if (table instanceof Map && target.index.type === "const") table.delete(target.index.value as PyKey);
  }
}

function assign(target: Expr, value: PyValue, valueExpr: Expr, text: string, state: ModuleState): void {
  if (target.type === "name") {
    state.names.set(target.id, value);
    return;
  }
  if (target.type === "subscript" && target.object.type === "name") return assignItem(target, value, valueExpr, text, state);
  if (target.type === "tuple" || target.type === "list") {
    const values = Array.isArray(value) ? value : undefined;
    if (values?.length === target.items.length) {
      target.items.forEach((t, i) => assign(t, values[i] as PyValue, valueExpr, text, state));
      return;
    }
  }
  note(state, target.at, `skipped assignment to a ${target.type} target`, text);
}

function assignItem(target: Extract<Expr, { type: "subscript" }>, value: PyValue, valueExpr: Expr, text: string, state: ModuleState): void {
  const tableName = (target.object as Extract<Expr, { type: "name" }>).id;
  const table = state.names.get(tableName);
  const key = tryEvaluate(target.index, text, state);
  if (!(table instanceof Map) || key === undefined || (typeof key === "object" && key !== null)) {
    note(state, target.at, `skipped item assignment: '${tableName}' is not a dict bound to a literal`, text);
    return;
  }
  const existing = [...table.keys()].find((k) => pyEquals(k, key));
  table.set(existing ?? (key as PyKey), value);
  if (valueExpr.type === "subscript" && valueExpr.object.type === "name" && valueExpr.index.type === "const") {
    state.aliases.push({ table: tableName, key: String(key), sourceTable: valueExpr.object.id, sourceKey: String(valueExpr.index.value) });
  }
}

function augmented(tokens: Token[], at: number, text: string, state: ModuleState): void {
  const target = parseSegment(tokens, 0, at);
  const op = (tokens[at] as Token).value.slice(0, -1);
  if (target.type !== "name") return note(state, target.at, "skipped augmented assignment to a non-name target", text);
  const combined: Expr = { type: "binop", op, left: target, right: parseSegment(tokens, at + 1, tokens.length), at: target.at };
  const current = state.names.get(target.id);
  const value = tryEvaluate(combined, text, state);
  if (value === undefined) return unbind(target, state);
  // `list += iterable` extends in place (other names bound to the same list see it).
  if (Array.isArray(current) && !isTuple(current) && Array.isArray(value)) current.splice(0, current.length, ...value);
  else state.names.set(target.id, value);
}

function annotated(tokens: Token[], colon: number, text: string, state: ModuleState): void {
  const target = parseSegment(tokens, 0, colon);
  const equals = tokens.findIndex((t, i) => i > colon && t.kind === "op" && t.value === "=");
  if (equals < 0) return;
  const valueExpr = parseSegment(tokens, equals + 1, tokens.length);
  const value = tryEvaluate(valueExpr, text, state);
  if (value === undefined) unbind(target, state);
  else assign(target, value, valueExpr, text, state);
}

/** `PATTERNS.update(OTHER)`, `X.append(v)`, `X.extend(v)`; a bare string is a docstring. */
function expressionStatement(expr: Expr, text: string, state: ModuleState): void {
  if (expr.type === "const" && typeof expr.value === "string") return;
  const isMutation =
    expr.type === "call" &&
    expr.func.type === "attr" &&
    expr.func.object.type === "name" &&
    ["update", "append", "extend"].includes(expr.func.name);
  if (!isMutation || expr.type !== "call" || expr.func.type !== "attr" || expr.func.object.type !== "name") {
    return note(state, expr.at, "skipped expression statement", text);
  }
  const name = expr.func.object.id;
  const method = expr.func.name;
  const target = state.names.get(name);
  if (target === undefined) return note(state, expr.at, `skipped ${name}.${method}(): '${name}' is not bound to a literal`, text);
  if (expr.args.length !== 1 || expr.kwargs.length > 0)
    return note(state, expr.at, `skipped ${name}.${method}() with other than one positional argument`, text);
  const arg = tryEvaluate(expr.args[0] as Expr, text, state);
  if (arg === undefined) return;
  mutate(target, method, arg, name, expr, text, state);
}

function mutate(target: PyValue, method: string, arg: PyValue, name: string, expr: Expr, text: string, state: ModuleState): void {
  if (method === "update" && target instanceof Map && arg instanceof Map) {
    for (const [k, v] of arg) target.set(k, v);
  } else if (method === "append" && Array.isArray(target) && !isTuple(target)) {
    target.push(arg);
  } else if (method === "extend" && Array.isArray(target) && !isTuple(target) && isIterable(arg)) {
    target.push(...iterate(arg, expr.at));
  } else {
    note(state, expr.at, `skipped ${name}.${method}() on ${typeName(target)} with ${typeName(arg)}`, text);
  }
}
