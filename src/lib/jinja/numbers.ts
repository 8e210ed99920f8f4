/** Python int()/float()/round() as the `int`, `float` and `round` filters use them. */
import { pyParseFloat, pyParseInt } from "../../core/py-number.js";
import { PyError, pyTypeError, pyUndefinedError } from "./errors.js";
import type { PyValue } from "./values.js";
import { isFloat, isNumeric, isStr, mkFloat, numVal, strVal, typeName, Undef } from "./values.js";

/** Python float(x), or undefined where Python raises ValueError/TypeError. */
function floatOf(v: PyValue): number | undefined {
  if (isNumeric(v)) return numVal(v);
  return isStr(v) ? pyParseFloat(strVal(v)) : undefined;
}

/** The `int` filter: int(value, base), else int(float(value)), else the default. */
export function toInt(v: PyValue, dflt: PyValue, base: number): PyValue {
  if (v instanceof Undef) throw pyUndefinedError(v.message);
  if (isStr(v)) {
    const parsed = base === 10 ? pyParseInt(strVal(v)) : parseIntText(strVal(v).trim(), base);
    if (parsed !== undefined) return parsed;
  } else if (isNumeric(v)) {
    const x = numVal(v);
    return Number.isFinite(x) ? Math.trunc(x) : dflt;
  }
  // Jinja2 catches TypeError, ValueError and OverflowError (int(float("inf"))) and returns the default.
  const f = floatOf(v);
  return f === undefined || !Number.isFinite(f) ? dflt : Math.trunc(f);
}

/** int(text, base) for bases other than 10 (ASCII digits only). */
function parseIntText(t: string, base: number): number | undefined {
  const sign = t.startsWith("-") ? -1 : 1;
  let body = t.replace(/^[+-]/, "").replace(/_/g, "").toLowerCase();
  const prefixes: Record<number, string> = { 16: "0x", 8: "0o", 2: "0b" };
  const prefix = prefixes[base];
  if (prefix && body.startsWith(prefix)) body = body.slice(2);
  const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, base);
  if (body === "" || [...body].some((c) => !digits.includes(c))) return undefined;
  return sign * parseInt(body, base);
}

export function toFloat(v: PyValue, dflt: PyValue): PyValue {
  if (v instanceof Undef) throw pyUndefinedError(v.message);
  const f = floatOf(v);
  return f === undefined ? dflt : mkFloat(f);
}

/** The `round` filter: method common (Python round, half to even), ceil or floor. */
export function pyRound(v: PyValue, precision: number, method: string): PyValue {
  if (method !== "common" && method !== "ceil" && method !== "floor")
    throw new PyError("FilterArgumentError", "method must be common, ceil or floor");
  if (!isNumeric(v)) throw pyTypeError(`type ${typeName(v)} doesn't define __round__ method`);
  const x = numVal(v);
  if (method !== "common") {
    const scale = 10 ** precision;
    return mkFloat((method === "ceil" ? Math.ceil(x * scale) : Math.floor(x * scale)) / scale);
  }
  if (!isFloat(v)) return precision >= 0 ? x : roundHalfEven(x / 10 ** -precision) * 10 ** -precision;
  if (!Number.isFinite(x)) return mkFloat(x);
  return mkFloat(roundDecimal(x, precision));
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Round the exact binary value of x to `digits` decimals, ties to even (CPython's round). */
export function roundDecimal(x: number, digits: number): number {
  if (digits < 0) {
    const scale = 10 ** -digits;
    return roundHalfEven(x / scale) * scale;
  }
  if (Math.abs(x) >= 1e21 || digits > 80) return x;
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf(".");
  const kept = exact.slice(0, dot + 1 + digits);
  const rest = exact.slice(dot + 1 + digits);
  const half = rest[0] === "5" && /^50*$/.test(rest);
  const up = rest[0] !== undefined && (rest[0] > "5" || (rest[0] === "5" && !half));
  let result = Number(kept.endsWith(".") ? kept.slice(0, -1) : kept);
  const lastDigit = Number(kept.replace(".", "").slice(-1));
  if (up || (half && lastDigit % 2 === 1)) result = Number((result + 10 ** -digits).toFixed(digits));
  return x < 0 ? -result : result;
}
