/** Python string formatting: `fmt % args` (printf style, also the `format` filter) and `str.format`. */
import { pyFloatRepr } from "../../core/py-number.js";
import { PyError, pyTypeError, pyValueError } from "./errors.js";
import { roundDecimal } from "./numbers.js";
import { pyRepr, pyStr } from "./repr.js";
import type { Kwargs, PyValue } from "./values.js";
import { isDict, isFloat, isNumeric, isStr, isTuple, numVal, strVal, typeName, Undef } from "./values.js";

const PERCENT_RE = /%(?:\(([^)]*)\))?([-+ #0]*)(\d+)?(?:\.(\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g;

export function percentFormat(fmt: string, args: PyValue): string {
  const positional = isTuple(args) ? args : [args];
  const mapping = isDict(args) ? args : undefined;
  let next = 0;
  const out = fmt.replace(PERCENT_RE, (whole, key: string | undefined, flags: string, width?: string, prec?: string, conv?: string) => {
    if (conv === undefined) throw pyValueError("incomplete format");
    if (conv === "%" && whole === "%%") return "%";
    let value: PyValue;
    if (key !== undefined) {
      if (!mapping) throw pyTypeError("format requires a mapping");
      if (!mapping.has(key)) throw new PyError("KeyError", `'${key}'`);
      value = mapping.get(key) as PyValue;
    } else {
      if (next >= positional.length) throw pyTypeError("not enough arguments for format string");
      value = positional[next++] as PyValue;
    }
    const body = convertPercent(conv, value, prec === undefined ? undefined : Number(prec));
    return pad(body, flags, width === undefined ? 0 : Number(width), "nfeEgGdiuxXo".includes(conv));
  });
  if (!mapping && next < positional.length && !(positional.length === 1 && isDict(positional[0])))
    throw pyTypeError("not all arguments converted during string formatting");
  return out;
}

function requireNumber(conv: string, v: PyValue): number {
  if (!isNumeric(v)) throw pyTypeError(`%${conv} format: a real number is required, not ${typeName(v)}`);
  return numVal(v);
}

function convertPercent(conv: string, v: PyValue, prec: number | undefined): string {
  switch (conv) {
    case "s":
      return prec === undefined ? pyStr(v) : pyStr(v).slice(0, prec);
    case "r":
    case "a":
      return pyRepr(v);
    case "d":
    case "i":
    case "u":
      return String(Math.trunc(requireNumber(conv, v)));
    case "f":
    case "F":
      return fixed(requireNumber(conv, v), prec ?? 6);
    case "e":
    case "E":
      return expo(requireNumber(conv, v), prec ?? 6, conv === "E");
    case "g":
    case "G":
      return general(requireNumber(conv, v), prec ?? 6);
    case "x":
      return Math.trunc(requireNumber(conv, v)).toString(16);
    case "X":
      return Math.trunc(requireNumber(conv, v)).toString(16).toUpperCase();
    case "o":
      return Math.trunc(requireNumber(conv, v)).toString(8);
    case "c":
      return isStr(v) ? strVal(v) : String.fromCodePoint(requireNumber(conv, v));
    default:
      return "%";
  }
}

/** `%.nf`: CPython rounds the exact binary value half to even; JS toFixed rounds ties up. */
function fixed(x: number, prec: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (prec > 20 || Math.abs(x) >= 1e21) return x.toFixed(Math.min(prec, 100));
  return roundDecimal(x, prec).toFixed(prec);
}

function expo(x: number, prec: number, upper: boolean): string {
  const s = x.toExponential(Math.min(prec, 100)).replace(/e([+-])(\d)$/, "e$10$2");
  return upper ? s.toUpperCase() : s;
}

function general(x: number, prec: number): string {
  const p = prec === 0 ? 1 : prec;
  if (x === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= p) return expo(x, p - 1, false).replace(/\.?0+e/, "e");
  const s = x.toFixed(Math.max(0, p - 1 - exp));
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

function pad(body: string, flags: string, width: number, numeric: boolean): string {
  let s = body;
  if (numeric && flags.includes("+") && !s.startsWith("-")) s = `+${s}`;
  else if (numeric && flags.includes(" ") && !s.startsWith("-")) s = ` ${s}`;
  if (s.length >= width) return s;
  if (flags.includes("-")) return s.padEnd(width);
  if (flags.includes("0") && numeric) {
    const sign = /^[+\- ]/.test(s) ? (s[0] as string) : "";
    return sign + s.slice(sign.length).padStart(width - sign.length, "0");
  }
  return s.padStart(width);
}

const SPEC_RE = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

/** Python `str.format(*args, **kwargs)` for `{}`, `{0}`, `{name}`, `!r`/`!s` and common format specs. */
export function strFormat(fmt: string, args: PyValue[], kwargs: Kwargs): string {
  let auto = 0;
  return fmt.replace(/\{\{|\}\}|\{([^{}]*)\}|[{}]/g, (m, field?: string) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    if (field === undefined) throw pyValueError("Single '{' or '}' encountered in format string");
    const conv = /^(.*?)(?:!([rsa]))?(?::(.*))?$/s.exec(field) as RegExpExecArray;
    const name = conv[1] ?? "";
    let value: PyValue | undefined;
    if (name === "") value = args[auto++];
    else if (/^\d+$/.test(name)) value = args[Number(name)];
    else value = kwargs.get(name);
    if (value === undefined) {
      if (name === "" || /^\d+$/.test(name)) throw new PyError("IndexError", "Replacement index out of range for positional args tuple");
      throw new PyError("KeyError", `'${name}'`);
    }
    const shown = conv[2] === "r" || conv[2] === "a" ? pyRepr(value) : conv[2] === "s" ? pyStr(value) : value;
    return formatSpec(shown, conv[3] ?? "");
  });
}

function formatSpec(value: PyValue, spec: string): string {
  const m = SPEC_RE.exec(spec);
  if (!m) throw pyValueError(`Invalid format specifier '${spec}'`);
  const [, fill = " ", align, sign, , zero, widthText, group, precText, type] = m;
  const prec = precText === undefined ? undefined : Number(precText);
  let body: string;
  const numeric = isNumeric(value) && typeof value !== "boolean";
  if (value instanceof Undef) body = "";
  else if (!numeric || type === "s") body = type === undefined || type === "s" ? truncateTo(pyStr(value), prec) : badType(type, value);
  else body = formatNumber(numVal(value), type, prec, isFloat(value), group);
  if (numeric && sign === "+" && !body.startsWith("-")) body = `+${body}`;
  const width = widthText === undefined ? 0 : Number(widthText);
  const chosenAlign = align ?? (zero ? "=" : numeric ? ">" : "<");
  const padChar = align === undefined && zero ? "0" : fill;
  return alignText(body, width, chosenAlign, padChar);
}

function truncateTo(s: string, prec: number | undefined): string {
  return prec === undefined ? s : Array.from(s).slice(0, prec).join("");
}

function badType(type: string, v: PyValue): never {
  throw pyValueError(`Unknown format code '${type}' for object of type '${typeName(v)}'`);
}

function formatNumber(x: number, type: string | undefined, prec: number | undefined, float: boolean, group?: string): string {
  let s: string;
  switch (type) {
    case "f":
    case "F":
      s = fixed(x, prec ?? 6);
      break;
    case "e":
    case "E":
      s = expo(x, prec ?? 6, type === "E");
      break;
    case "%":
      s = `${fixed(x * 100, prec ?? 6)}%`;
      break;
    case "g":
    case "G":
      s = general(x, prec ?? 6);
      break;
    case "d":
    case "n":
      s = String(Math.trunc(x));
      break;
    case "x":
      s = Math.trunc(x).toString(16);
      break;
    case "X":
      s = Math.trunc(x).toString(16).toUpperCase();
      break;
    case "o":
      s = Math.trunc(x).toString(8);
      break;
    case "b":
      s = Math.trunc(x).toString(2);
      break;
    default:
      s = prec !== undefined ? general(x, prec) : float ? pyFloatRepr(x) : String(x);
  }
  if (group) s = s.replace(/^(-?\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, group));
  return s;
}

function alignText(body: string, width: number, align: string, fill: string): string {
  const missing = width - Array.from(body).length;
  if (missing <= 0) return body;
  if (align === "<") return body + fill.repeat(missing);
  if (align === ">") return fill.repeat(missing) + body;
  if (align === "^") return fill.repeat(Math.floor(missing / 2)) + body + fill.repeat(Math.ceil(missing / 2));
  const sign = /^[+-]/.test(body) ? (body[0] as string) : "";
  return sign + fill.repeat(missing) + body.slice(sign.length);
}
