/**
 * Python number semantics, one module for every source and engine: `int(s)` and `float(s)` parsing
 * (any Unicode decimal digit, underscores between digits), `repr(float)` and `str()` of numbers, and
 * the integral float (2.0) that JavaScript numbers cannot tell from 2.
 */
import { pyStrip } from "./py-str.js";

const DIGITS = String.raw`\p{Nd}(?:_?\p{Nd})*`;
const INT_RE = new RegExp(`^[+-]?${DIGITS}$`, "u");
const FLOAT_RE = new RegExp(
  String.raw`^[+-]?(?:(?:(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.?)(?:[eE][+-]?${DIGITS})?|inf|infinity|nan)$`,
  "iu",
);

/** Python `int(s)` for a str: the value, or undefined where Python raises ValueError. */
export function pyParseInt(s: string): number | undefined {
  const t = pyStrip(s);
  if (!INT_RE.test(t)) return undefined;
  return Number(asciiDigits(t).replaceAll("_", ""));
}

/** Python `float(s)` for a str: the value, or undefined where Python raises ValueError. */
export function pyParseFloat(s: string): number | undefined {
  const t = pyStrip(s);
  if (!FLOAT_RE.test(t)) return undefined;
  const lower = t.toLowerCase().replace(/^[+]/, "");
  const sign = lower.startsWith("-") ? -1 : 1;
  const body = lower.replace(/^-/, "");
  if (body === "inf" || body === "infinity") return sign * Infinity;
  if (body === "nan") return NaN;
  return sign * Number(asciiDigits(body).replaceAll("_", ""));
}

/** Unicode decimal digits (Python accepts any Nd digit) mapped to ASCII. Nd digits come in runs of ten from zero. */
function asciiDigits(s: string): string {
  return s.replace(/\p{Nd}/gu, (d) => {
    const cp = d.codePointAt(0) as number;
    if (cp <= 0x39) return d;
    let offset = 0;
    while (/\p{Nd}/u.test(String.fromCodePoint(cp - offset - 1))) offset++;
    return String(offset % 10);
  });
}

/**
 * Python `str(x)` for a number that came from JSON. JSON cannot tell 1 from 1.0 once parsed, so an
 * integral value prints as a Python int ("1"); other values print as Python's float repr.
 */
export function pyNumberStr(x: number): string {
  if (Number.isInteger(x)) return String(BigInt(x));
  return pyFloatRepr(x);
}

/** Python `repr(float)`: shortest round-trip digits, exponent form when exp < -4 or >= 16; nan, inf, -0.0. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Object.is(x, -0)) return "-0.0";
  const [mantissa, expPart] = x.toExponential().split("e") as [string, string];
  const exp = Number(expPart);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  let out: string;
  if (exp < -4 || exp >= 16) {
    const frac = digits.slice(1);
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    out = `${digits[0]}${frac ? `.${frac}` : ""}e${exp < 0 ? "-" : "+"}${e}`;
  } else if (exp >= digits.length - 1) {
    out = `${digits}${"0".repeat(exp - digits.length + 1)}.0`;
  } else if (exp >= 0) {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    out = `0.${"0".repeat(-exp - 1)}${digits}`;
  }
  return negative ? `-${out}` : out;
}

/**
 * A Python float whose value is integral (2.0). JavaScript numbers cannot tell 2.0 from 2, but Python
 * prints them differently ("2.0" vs "2"), so row readers that know a value was written as a float wrap
 * it. Serializes as the plain number.
 */
export class PyFloat {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}
