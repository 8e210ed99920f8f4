/**
 * UnifiedSKG's configs: INI files read with Python `configparser` (defaults: `=`/`:` delimiters,
 * `#`/`;` full-line comments, lower-cased keys, indented continuation lines, a `[DEFAULT]` section,
 * `%(name)s` basic interpolation, duplicates are errors) and typed by `utils/configue.py`
 * `String.to_basic`: int, else float, else True/true/False/false, else the string with surrounding
 * `"`/`'` characters stripped. A missing key reads as None upstream; here it is `undefined`.
 */

import { pyParseFloat, pyParseInt } from "../../core/py-number.js";
import { pyRstrip, pyStrip } from "../../core/py-str.js";

export type SkgValue = number | boolean | string;
export type SkgSection = Readonly<Record<string, SkgValue>>;
export type SkgConfig = Readonly<Record<string, SkgSection>>;

/** A config file that `configparser` would reject; names the line. */
export class IniSyntaxError extends Error {
  override name = "IniSyntaxError";
  /** 1-based; undefined for problems found after reading (interpolation). */
  readonly line: number | undefined;
  constructor(line: number | undefined, message: string) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.line = line;
  }
}

/** `utils/configue.py` `String.to_basic`. */
export function toBasic(raw: string): SkgValue {
  const asInt = pyParseInt(raw);
  if (asInt !== undefined) return asInt;
  const asFloat = pyParseFloat(raw);
  if (asFloat !== undefined) return asFloat;
  if (raw === "True" || raw === "true") return true;
  if (raw === "False" || raw === "false") return false;
  return pyStrip(raw, "\"'");
}

/** Parse INI text into typed sections (the `[DEFAULT]` keys merged into every section). */
export function parseSkgConfig(text: string): SkgConfig {
  const raw = parseIni(text);
  const defaults = raw.get("DEFAULT") ?? new Map<string, string>();
  const out: Record<string, Record<string, SkgValue>> = {};
  for (const [section, options] of raw) {
    if (section === "DEFAULT") continue;
    const merged = new Map([...defaults, ...options]);
    const typed: Record<string, SkgValue> = {};
    for (const [key, value] of merged) typed[key] = toBasic(interpolate(value, merged, 1, `[${section}] ${key}`));
    out[section] = typed;
  }
  return out;
}

/** configparser's `BasicInterpolation`: `%%` is a percent sign, `%(key)s` another option's value. */
function interpolate(value: string, options: ReadonlyMap<string, string>, depth: number, where: string): string {
  if (depth > 10) throw new IniSyntaxError(undefined, `${where}: interpolation is nested too deeply in ${JSON.stringify(value)}`);
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch !== "%") {
      out += ch;
      continue;
    }
    if (value[i + 1] === "%") {
      out += "%";
      i++;
      continue;
    }
    const ref = /^%\(([^)]+)\)s/.exec(value.slice(i));
    if (!ref)
      throw new IniSyntaxError(
        undefined,
        `${where}: '%' must be followed by '%' or '(' in ${JSON.stringify(value)} (write %% for a percent sign)`,
      );
    const target = options.get((ref[1] as string).toLowerCase());
    if (target === undefined) throw new IniSyntaxError(undefined, `${where}: bad interpolation: no option ${JSON.stringify(ref[1])}`);
    out += interpolate(target, options, depth + 1, where);
    i += ref[0].length - 1;
  }
  return out;
}

interface Cursor {
  section: Map<string, string> | undefined;
  option: string | undefined;
  lines: string[];
  indent: number;
}

/** The raw string values per section, in file order. */
function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  const pending = new Map<Map<string, string>, Map<string, string[]>>();
  const cur: Cursor = { section: undefined, option: undefined, lines: [], indent: 0 };
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    const lineNo = index + 1;
    const value = pyStrip(line);
    const indent = line.length - line.replace(/^\s+/, "").length;
    if (value.startsWith("#") || value.startsWith(";")) return;
    if (!value) {
      if (cur.option !== undefined) cur.lines.push("");
      return;
    }
    if (cur.section && cur.option !== undefined && indent > cur.indent) {
      cur.lines.push(value);
      return;
    }
    cur.indent = indent;
    const header = /^\[(.+)\]/.exec(value);
    if (header) {
      const name = header[1] as string;
      if (sections.has(name)) throw new IniSyntaxError(lineNo, `section [${name}] appears twice`);
      cur.section = new Map();
      sections.set(name, cur.section);
      pending.set(cur.section, new Map());
      cur.option = undefined;
      return;
    }
    if (!cur.section) throw new IniSyntaxError(lineNo, "an option comes before any [section] header");
    const option = /^(.*?)\s*([=:])\s*(.*)$/.exec(value);
    if (!option || !(option[1] as string).trim()) throw new IniSyntaxError(lineNo, `expected "key = value", got ${JSON.stringify(value)}`);
    const key = pyStrip(option[1] as string).toLowerCase();
    const values = pending.get(cur.section) as Map<string, string[]>;
    if (values.has(key)) throw new IniSyntaxError(lineNo, `option ${JSON.stringify(key)} appears twice in its section`);
    cur.option = key;
    cur.lines = [pyStrip(option[3] as string)];
    values.set(key, cur.lines);
  });
  for (const [section, values] of pending) {
    for (const [key, lines] of values) section.set(key, pyRstrip(lines.join("\n")));
  }
  return sections;
}

/** A typed value, or undefined when the section or key is missing (upstream: None). */
export function cfgGet(config: SkgConfig, section: string, key: string): SkgValue | undefined {
  return config[section]?.[key.toLowerCase()];
}

/** Python truthiness of a config value (missing, 0, "" and False are false). */
export function cfgTruthy(value: SkgValue | undefined): boolean {
  return value !== undefined && value !== false && value !== 0 && value !== "";
}
