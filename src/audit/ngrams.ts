/**
 * Tokenization and n-gram hashing for the content audit. Texts are compared as sequences of lower-cased
 * word tokens, so punctuation, spacing and case never hide an overlap (as in the GPT-3 / OPT-IML
 * contamination checks). Each n-gram becomes a 64-bit hash held as two uint32 lanes, computed with a
 * rolling polynomial over per-token hashes: O(1) per position, no BigInt, no strings per n-gram.
 */

/** Recorded in every report (and the manifest): what exactly counts as a token and an n-gram. */
export const TOKENIZATION =
  "String.toLowerCase per token, no Unicode normalization; a token is one Han/Hiragana/Katakana character " +
  "or a maximal run of other letters, digits and combining marks ([\\p{L}\\p{N}\\p{M}]); everything else " +
  "separates tokens; an n-gram is n consecutive tokens; a text with fewer than n tokens has no n-gram; " +
  "n-grams are hashed to 64 bits (two uint32 lanes: per-token FNV-1a and Murmur3-style hashes combined " +
  "by rolling polynomials mod 2^32)";

/** Scripts written without spaces: each character is a token, otherwise a whole sentence would be one. */
const SPACELESS = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}`;
/**
 * Built with `new RegExp` because the `v` flag (set subtraction) postdates the ES2023 target's regex
 * syntax. A run is matched in pieces of at most RUN_PIECE characters and the pieces are joined again
 * (eachToken): an unbounded `+` over this class overflows the regex engine's backtrack stack on a run of
 * a few million characters (a 50 MB one-token input crashed the build).
 */
const RUN_PIECE = 4096;
const TOKEN = new RegExp(String.raw`([${SPACELESS}])|[[\p{L}\p{N}\p{M}]--[${SPACELESS}]]{1,${RUN_PIECE}}`, "gv");

/** Each token of `text` as written (not lower-cased) with its code-unit offsets, in order. */
function eachToken(text: string, visit: (token: string, start: number, end: number) => void): void {
  let runStart = -1;
  let runEnd = -1;
  for (const match of text.matchAll(TOKEN)) {
    const isRun = match[1] === undefined;
    // Two run pieces that touch are one run cut at RUN_PIECE: a maximal run never ends next to another.
    if (isRun && runStart !== -1 && match.index === runEnd) {
      runEnd += match[0].length;
      continue;
    }
    if (runStart !== -1) visit(text.slice(runStart, runEnd), runStart, runEnd);
    runStart = -1;
    if (isRun) {
      runStart = match.index;
      runEnd = match.index + match[0].length;
    } else visit(match[0], match.index, match.index + match[0].length);
  }
  if (runStart !== -1) visit(text.slice(runStart, runEnd), runStart, runEnd);
}

export interface TokenSpan {
  /** The lower-cased token. */
  token: string;
  /** Code-unit offsets of the token in the original text. */
  start: number;
  end: number;
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  eachToken(text, (token) => tokens.push(token.toLowerCase()));
  return tokens;
}

/** Tokens with their positions in `text`, to quote the original around an n-gram. */
export function tokenSpans(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  eachToken(text, (token, start, end) => spans.push({ token: token.toLowerCase(), start, end }));
  return spans;
}

/** Murmur3's finalizer: a bijection on uint32 that spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalized. */
function hashA(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h ^ s.length);
}

/** Murmur3-style mixing over UTF-16 code units, independent of hashA. */
function hashB(s: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ s.length);
}

const BASE_A = 0x9e3779b1;
const BASE_B = 0x85ebca77;

/** The n-gram hashes of a token sequence, one per start position (`hi[i]`, `lo[i]` for tokens i..i+n-1). */
export interface NgramHashes {
  hi: Uint32Array;
  lo: Uint32Array;
}

export function ngramHashes(tokens: readonly string[], n: number): NgramHashes {
  const count = Math.max(0, tokens.length - n + 1);
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  if (count === 0) return { hi, lo };
  const ta = new Uint32Array(tokens.length);
  const tb = new Uint32Array(tokens.length);
  tokens.forEach((t, i) => {
    ta[i] = hashA(t);
    tb[i] = hashB(t);
  });
  const powA = power(BASE_A, n);
  const powB = power(BASE_B, n);
  let a = 0;
  let b = 0;
  for (let i = 0; i < tokens.length; i++) {
    a = (Math.imul(a, BASE_A) + (ta[i] as number)) | 0;
    b = (Math.imul(b, BASE_B) + (tb[i] as number)) | 0;
    if (i >= n) {
      a = (a - Math.imul(ta[i - n] as number, powA)) | 0;
      b = (b - Math.imul(tb[i - n] as number, powB)) | 0;
    }
    if (i >= n - 1) {
      hi[i - n + 1] = fmix32(a);
      lo[i - n + 1] = fmix32(b);
    }
  }
  return { hi, lo };
}

/** base^n mod 2^32. */
function power(base: number, n: number): number {
  let p = 1;
  for (let i = 0; i < n; i++) p = Math.imul(p, base);
  return p;
}

/** The 64-bit hash of a whole text (two lanes), used to pick reported examples by content, not position. */
export function textHash(text: string): [number, number] {
  return [hashA(text), hashB(text)];
}
