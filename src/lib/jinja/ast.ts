/** Template syntax tree. Expressions evaluate to PyValues; statements write output. */
import type { PyValue } from "./values.js";

export interface Args {
  readonly args: Expr[];
  readonly kwargs: [string, Expr][];
  readonly dynArgs?: Expr;
  readonly dynKwargs?: Expr;
}

export type Expr =
  | { kind: "const"; value: PyValue; line: number }
  | { kind: "name"; name: string; line: number }
  | { kind: "tuple" | "list"; items: Expr[]; line: number }
  | { kind: "dict"; pairs: [Expr, Expr][]; line: number }
  | { kind: "getattr"; obj: Expr; attr: string; line: number }
  | { kind: "getitem"; obj: Expr; key: Expr; line: number }
  | { kind: "slice"; start?: Expr; stop?: Expr; step?: Expr; line: number }
  | { kind: "call"; fn: Expr; call: Args; line: number }
  | { kind: "filter"; node: Expr | null; name: string; call: Args; line: number }
  | { kind: "test"; node: Expr; name: string; call: Args; negated: boolean; line: number }
  | { kind: "unary"; op: "not" | "-" | "+"; node: Expr; line: number }
  | { kind: "binary"; op: string; left: Expr; right: Expr; line: number }
  | { kind: "concat"; items: Expr[]; line: number }
  | { kind: "compare"; first: Expr; ops: [string, Expr][]; line: number }
  | { kind: "cond"; test: Expr; then: Expr; else?: Expr; line: number };

/** Assignment targets: `x`, `a, b`, `ns.attr`. */
export type Target = { kind: "name"; name: string } | { kind: "tuple"; items: Target[] } | { kind: "nsattr"; name: string; attr: string };

export interface MacroParam {
  readonly name: string;
  readonly default?: Expr;
}

export type Stmt =
  | { kind: "data"; text: string }
  | { kind: "print"; expr: Expr; line: number }
  | { kind: "if"; test: Expr; body: Stmt[]; orelse: Stmt[]; line: number }
  | {
      kind: "for";
      target: Target;
      iter: Expr;
      filter?: Expr;
      body: Stmt[];
      orelse: Stmt[];
      recursive: boolean;
      line: number;
    }
  | { kind: "set"; target: Target; value: Expr; line: number }
  | { kind: "setblock"; target: Target; body: Stmt[]; filter?: Expr; line: number }
  | { kind: "macro"; name: string; params: MacroParam[]; body: Stmt[]; line: number }
  | { kind: "callblock"; call: Expr; params: MacroParam[]; body: Stmt[]; line: number }
  | { kind: "filterblock"; filter: Expr; body: Stmt[]; line: number }
  | { kind: "with"; assigns: [Target, Expr][]; body: Stmt[]; line: number };
