/** The expression tree the module reader builds (a subset of Python's `ast`, plus `unsupported`). */

export interface Pos {
  line: number;
  col: number;
}

export interface Comprehension {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export type Expr =
  | { type: "const"; value: string | number | boolean | null; float?: true; at: Pos }
  | { type: "bytes"; value: string; at: Pos }
  | { type: "name"; id: string; at: Pos }
  | { type: "tuple" | "list" | "set"; items: Expr[]; at: Pos }
  | { type: "dict"; entries: { key: Expr; value: Expr }[]; at: Pos }
  | { type: "binop"; op: string; left: Expr; right: Expr; at: Pos }
  | { type: "unary"; op: string; operand: Expr; at: Pos }
  | { type: "boolop"; op: "and" | "or"; left: Expr; right: Expr; at: Pos }
  | { type: "compare"; ops: string[]; operands: Expr[]; at: Pos }
  | { type: "ifexp"; test: Expr; body: Expr; orelse: Expr; at: Pos }
  | { type: "call"; func: Expr; args: Expr[]; kwargs: { name: string; value: Expr }[]; at: Pos }
  | { type: "attr"; object: Expr; name: string; at: Pos }
  | { type: "subscript"; object: Expr; index: Expr; at: Pos }
  | { type: "comp"; kind: "list" | "set" | "generator"; element: Expr; generators: Comprehension[]; at: Pos }
  | { type: "unsupported"; what: string; at: Pos };
