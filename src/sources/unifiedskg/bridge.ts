/**
 * DB value matching for `schema_serialization_with_db_content` (BRIDGE's
 * `third_party/miscs/bridge_content_encoder.py` `get_database_matches`, as UnifiedSKG uses it):
 * a column's distinct values are fuzzy-matched, character by character, against the question; the
 * best two become `col ( v1 , v2 )`.
 *
 * Upstream reads `SELECT DISTINCT col FROM table` from the SQLite file into a Python set (so its
 * order is arbitrary). Here the values come from the row (`db_content`, see the adapter) and keep
 * their order there, duplicates dropped. Indices count code points, as Python's do.
 */

import { pyParseFloat } from "../../core/py-number.js";
import { pyStrip } from "../../core/py-str.js";
import { findLongestMatch } from "./difflib.js";
import { STOPWORDS } from "./stopwords.js";

/** Distinct values of `table.column` (original names); string, number or null like SQLite's. */
export type ColumnValues = (table: string, column: string) => readonly unknown[] | undefined;

const COMMON_WORDS = new Set(["no", "yes", "many"]);
const SEPARATORS = "'\"()`,.?! ";
const M_THETA = 0.85;
const TOP_K = 2;

const isSeparator = (c: string): boolean => SEPARATORS.includes(c);
const isNumber = (s: string): boolean => pyParseFloat(s.replaceAll(",", "")) !== undefined;
const isStopword = (s: string): boolean => STOPWORDS.has(pyStrip(s));
const isCommonWord = (s: string): boolean => COMMON_WORDS.has(pyStrip(s));
const chars = (s: string): string[] => Array.from(s);

/** `get_database_matches`: at most two values of the column that the question mentions. */
export function databaseMatches(question: string, table: string, column: string, picklist: readonly unknown[]): string[] {
  const distinct = [...new Set(picklist)];
  if (distinct.length === 0 || typeof distinct[0] !== "string") return [];
  const out: string[] = [];
  for (const entry of matchedEntries(question, distinct)) {
    if (column.includes("name") && entry.score * entry.score < 1) continue;
    if (table === "sqlite_sequence") continue;
    out.push(entry.fieldValue);
    if (out.length >= TOP_K) break;
  }
  return out;
}

interface Entry {
  fieldValue: string;
  score: number;
  size: number;
}

/** `get_matched_entries`, sorted best first (stable, as Python's `sorted(..., reverse=True)`). */
function matchedEntries(question: string, fieldValues: readonly unknown[]): Entry[] {
  const nGrams = split(question);
  const matched = new Map<string, Entry>();
  for (const value of fieldValues) {
    if (typeof value !== "string") continue;
    const found = matchOne(question, nGrams, value);
    if (found) matched.set(found.key, found.entry);
  }
  const key = (e: Entry): number => 1e16 * e.score + 1e8 * e.score + e.size;
  return [...matched.values()].sort((a, b) => key(b) - key(a));
}

function matchOne(question: string, nGrams: string[], fieldValue: string): { key: string; entry: Entry } | undefined {
  const fvTokens = split(fieldValue);
  const match = findLongestMatch(nGrams, fvTokens);
  if (match.size === 0) return undefined;
  const source = effectiveMatchSource(nGrams, match.a, match.a + match.size);
  if (!source || source.size <= 1) return undefined;
  const matchStr = chars(fieldValue)
    .slice(match.b, match.b + match.size)
    .join("");
  const sourceStr = chars(question)
    .slice(source.start, source.start + source.size)
    .join("");
  const cMatch = pyStrip(matchStr.toLowerCase());
  const cSource = pyStrip(sourceStr.toLowerCase());
  const cField = pyStrip(fieldValue.toLowerCase());
  if (!cMatch || isNumber(cMatch) || pyStrip(cMatch) === "id") return undefined;
  if (isStopword(cMatch) || isStopword(cSource) || isStopword(cField)) return undefined;
  let score: number;
  if (cSource.endsWith(`${cMatch}'s`)) score = 1.0;
  else score = prefixMatch(cField, cSource) ? fuzzRatio(cField, cSource) / 100 : 0;
  if ((isCommonWord(cMatch) || isCommonWord(cSource) || isCommonWord(cField)) && score < 1) return undefined;
  if (score < M_THETA) return undefined;
  if (isUpper(fieldValue) && score * score < 1) return undefined;
  return { key: matchStr, entry: { fieldValue, score, size: match.size } };
}

/** `split`: the stripped string's code points, each lower-cased (one may become two). */
function split(s: string): string[] {
  return chars(pyStrip(s)).map((c) => c.toLowerCase());
}

/** `get_effective_match_source`: widen the matched span to separators, at most 2 characters out. */
function effectiveMatchSource(s: string[], start: number, end: number): { start: number; size: number } | undefined {
  let from = -1;
  for (let i = start; i > start - 2; i--) {
    if (i < 0) {
      from = i + 1;
      break;
    }
    if (isSeparator(s[i] as string)) {
      from = i;
      break;
    }
  }
  if (from < 0) return undefined;
  let to = -1;
  for (let i = end - 1; i < end + 3; i++) {
    if (i >= s.length) {
      to = i - 1;
      break;
    }
    if (isSeparator(s[i] as string)) {
      to = i;
      break;
    }
  }
  if (to < 0) return undefined;
  while (from < s.length && isSeparator(s[from] as string)) from++;
  while (to >= 0 && isSeparator(s[to] as string)) to--;
  return { start: from, size: to - from + 1 };
}

/** `prefix_match`: the first non-separator characters agree (Python loop variables kept as-is). */
function prefixMatch(s1: string, s2: string): boolean {
  const a = chars(s1);
  const b = chars(s2);
  const firstKept = (cs: string[]): number => {
    let i = 0;
    for (i = 0; i < cs.length; i++) if (!isSeparator(cs[i] as string)) break;
    return cs.length > 0 && i === cs.length ? cs.length - 1 : i;
  };
  const i = firstKept(a);
  const j = firstKept(b);
  if (i < a.length && j < b.length) return a[i] === b[j];
  return i >= a.length && j >= b.length;
}

/** rapidfuzz `fuzz.ratio`: 100 × normalized Indel similarity over code points. */
export function fuzzRatio(s1: string, s2: string): number {
  const a = chars(s1);
  const b = chars(s2);
  const lensum = a.length + b.length;
  if (lensum === 0) return 100;
  const dist = lensum - 2 * lcsLength(a, b);
  const normDist = dist / lensum;
  return (1.0 - normDist) * 100;
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      cur[j] = x === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, cur[j - 1] as number);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Python `str.isupper()`: has a cased character and no lower-case one. */
function isUpper(s: string): boolean {
  let cased = false;
  for (const c of s) {
    if (c !== c.toUpperCase()) return false;
    if (c !== c.toLowerCase()) cased = true;
  }
  return cased;
}
