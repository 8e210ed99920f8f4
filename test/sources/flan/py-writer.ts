/**
 * Test helper: write a JSON rendering of a FLAN module (shared/sources-sample/flan/*.py.json) back as
 * Python source in FLAN's syntax, varying the syntax at random (seeded): implicit concatenation across
 * lines with comments between, both quote styles, triple quotes, raw and u prefixes, every escape
 * form, line continuations inside strings, tuples, comprehensions for repeated lists, FewShotPattern
 * calls with defaults omitted or positional, alias statements, and the non-literal statements FLAN
 * has (imports, copy.deepcopy, loops). Reading it back must give the rendering again.
 */
import { type Rng, rngFor } from "../../../src/core/rng.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Dataclass = { fields: string[]; defaults: Record<string, Json> };

function escapeChar(ch: string, quote: string, rng: Rng, allowNewline: boolean): string {
  const cp = ch.codePointAt(0) as number;
  if (ch === "\\") return "\\\\";
  if (ch === quote) return `\\${quote}`;
  if (ch === "\n") return allowNewline ? "\n" : rng.choice(["\\n", "\\x0a", "\\012", "\\u000a"]);
  if (ch === "\r") return "\\r";
  if (ch === "\t") return rng.choice(["\\t", "\t", "\\x09", "\\011"]);
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp > 0x7f && rng.int(3) === 0)
    return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
  if (cp >= 0xd800 && cp <= 0xdfff) return `\\u${cp.toString(16)}`;
  return ch;
}

function chunkLiteral(chunk: string, rng: Rng): string {
  const chars = Array.from(chunk);
  const rawOk = chunk !== "" && !/[\\"\n\r\t]/.test(chunk) && !/[\u0000-\u001f\u007f\ud800-\udfff]/.test(chunk);
  const style = rng.int(10);
  const prefix = rng.int(8) === 0 ? rng.choice(["u", "U"]) : "";
  if (rawOk && style === 0) return `${rng.choice(["r", "R"])}"${chunk}"`;
  if (style === 1 && !chunk.endsWith('"')) return `${prefix}"""${chars.map((c) => escapeChar(c, '"', rng, true)).join("")}"""`;
  const quote = style < 5 ? '"' : "'";
  const body = chars.map((c) => escapeChar(c, quote, rng, false));
  if (body.length > 2 && rng.int(6) === 0) body.splice(1 + rng.int(body.length - 1), 0, "\\\n");
  return `${prefix}${quote}${body.join("")}${quote}`;
}

function stringLiteral(s: string, rng: Rng, indent: string): string {
  const chars = Array.from(s);
  const pieces = chars.length < 2 ? 1 : 1 + rng.int(Math.min(4, chars.length));
  const cuts = [...new Set(Array.from({ length: pieces - 1 }, () => 1 + rng.int(chars.length - 1)))].sort((a, b) => a - b);
  const bounds = [0, ...cuts, chars.length];
  const chunks = bounds.slice(1).map((end, i) => chars.slice(bounds[i], end).join(""));
  return chunks.map((c) => chunkLiteral(c, rng)).join(rng.int(4) === 0 ? `  # part\n${indent}` : `\n${indent}`);
}

function value(v: Json, rng: Rng, indent: string, ctx: { dataclass?: Dataclass; tupleDepth: boolean }): string {
  const inner = `${indent}    `;
  if (typeof v === "string") return stringLiteral(v, rng, inner);
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) {
    if (v.length > 3 && typeof v[0] === "string" && v.every((x) => x === v[0]))
      return `[${stringLiteral(v[0], rng, inner)} for _ in range(${v.length})]`;
    const isPair = ctx.tupleDepth && (v.length === 2 || v.length === 3) && v.every((x) => typeof x === "string");
    const items = v.map((x) => value(x, rng, inner, { ...ctx, tupleDepth: true }));
    const [open, close] = isPair ? ["(", ")"] : ["[", "]"];
    return `${open}\n${items.map((x) => `${inner}${x},`).join("\n")}\n${indent}${close}`;
  }
  const dc = ctx.dataclass;
  if (dc?.fields.every((f) => f in v)) return fewShotCall(v, dc, rng, inner, indent);
  const entries = Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${value(x, rng, inner, { ...ctx, tupleDepth: true })},`);
  return `{\n${entries.join("\n")}\n${indent}}`;
}

function fewShotCall(v: { [k: string]: Json }, dc: Dataclass, rng: Rng, inner: string, _indent: string): string {
  const positional = rng.int(4) === 0 ? 2 : 0;
  const args: string[] = [];
  dc.fields.forEach((f, i) => {
    const x = v[f] as Json;
    const literal = value(x, rng, inner, { tupleDepth: false });
    if (i < positional) args.push(literal);
    else if (!(f in dc.defaults) || JSON.stringify(dc.defaults[f]) !== JSON.stringify(x) || rng.int(2) === 0) args.push(`${f}=${literal}`);
  });
  return `FewShotPattern(\n${args.map((a) => `${inner}${a}`).join(",\n")})`;
}

function aliasTail(table: { [k: string]: Json }, aliases: Record<string, string>): string[] {
  const keys = Object.keys(table);
  let start = keys.length;
  while (start > 0 && (keys[start - 1] as string) in aliases) start--;
  return keys.slice(start);
}

export function writeModule(rendering: Record<string, Json>, seed: string): string {
  const rng = rngFor(seed, "py-writer");
  const dataclass = (rendering._dataclasses as Record<string, Dataclass> | undefined)?.FewShotPattern;
  const aliases = (rendering._aliases ?? {}) as Record<string, Record<string, string>>;
  const out = [
    "# Written by iml-bench tests from a JSON rendering.",
    '"""Templates."""',
    "import copy",
    "import dataclasses",
    "",
    "from flan.v2 import flan_templates_branched as flan_templates",
    "",
  ];
  if (dataclass) {
    out.push("@dataclasses.dataclass", "class FewShotPattern:", '  """Patterns for few-shot tasks."""');
    for (const f of dataclass.fields)
      out.push(
        f in dataclass.defaults
          ? `  ${f}: str = (${value(dataclass.defaults[f] as Json, rng, "  ", { tupleDepth: false })})`
          : `  ${f}: str`,
      );
    out.push("", "  @property", "  def combined_inputs(self):", "    return self.inputs_prefix + self.inputs", "");
  }
  for (const [name, v] of Object.entries(rendering)) {
    if (name.startsWith("_")) continue;
    const tableAliases = aliases[name] ?? {};
    const tail = v !== null && typeof v === "object" && !Array.isArray(v) ? aliasTail(v, tableAliases) : [];
    const literal = tail.length > 0 ? Object.fromEntries(Object.entries(v as object).filter(([k]) => !tail.includes(k))) : v;
    out.push(`${name} = (${value(literal as Json, rng, "", { ...(dataclass ? { dataclass } : {}), tupleDepth: false })})`, "");
    for (const [key, source] of Object.entries(tableAliases)) {
      out.push(
        rng.int(2) === 0
          ? `${name}[${JSON.stringify(key)}] = ${name}[${JSON.stringify(source)}]`
          : `${name}[\n    ${JSON.stringify(key)}] = ${name}[\n        ${JSON.stringify(source)}]`,
      );
    }
    if (name === "PATTERNS") {
      out.push("PATTERNS_NO_OPTIONS = copy.deepcopy(PATTERNS)", "PATTERNS_NO_OPTIONS.update(flan_templates.PATTERNS)");
      out.push(
        "for t_name, templates in PATTERNS_NO_OPTIONS.items():",
        "  for ti, (in_template, out_template) in enumerate(templates):",
        '    in_template = in_template.replace("\\n\\n{options_}", "")',
        "    PATTERNS_NO_OPTIONS[t_name][ti] = (in_template, out_template)",
        "",
      );
    }
  }
  return `${out.join("\n")}\n`;
}
