/**
 * Tokenization and n-gram hashing for the content audit. Texts are compared as sequences of lower-cased
 * word tokens, so punctuation, spacing and case never hide an overlap (as in the GPT-3 / OPT-IML
 * contamination checks). Each n-gram becomes a 64-bit hash held as two uint32 lanes, computed with a
 * rolling polynomial over per-token hashes: O(1) per position, no BigInt, no strings per n-gram.
 *
 * Two implementations of the same function: `tokenize` + `ngramHashes` (the definition: regular
 * expression, one lower-cased string per token), used to quote reported examples and as the reference in
 * tests; and `NgramHasher` (one pass over the text's code units, per-token hashes computed as it goes, no
 * string per ASCII token), used for every text the audit indexes or scans. Both give the same hashes.
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
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Code units between two saved textHash states (NgramHasher.textHash). */
const TEXT_STEP = 256;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const MURMUR_SEED = 0x9747b28c;

/** FNV-1a over UTF-16 code units, finalized. */
function hashA(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return fmix32(h ^ s.length);
}

/** One code unit into hashB's state. */
function murmurStep(h: number, unit: number): number {
  let k = Math.imul(unit, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

/** Murmur3-style mixing over UTF-16 code units, independent of hashA. */
function hashB(s: string): number {
  let h = MURMUR_SEED;
  for (let i = 0; i < s.length; i++) h = murmurStep(h, s.charCodeAt(i));
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

/** Character classes of the tokenizer: see TOKENIZATION. */
const SEPARATOR = 0;
const WORD = 1;
const SPACELESS_CHAR = 2;
const UNKNOWN = 3;

const SPACELESS_ONE = new RegExp(`^[${SPACELESS}]$`, "v");
const WORD_ONE = new RegExp(String.raw`^[[\p{L}\p{N}\p{M}]--[${SPACELESS}]]$`, "v");

/** The class of one code point (given as its string), by the same character sets as TOKEN. */
function classOf(codePoint: string): number {
  return SPACELESS_ONE.test(codePoint) ? SPACELESS_CHAR : WORD_ONE.test(codePoint) ? WORD : SEPARATOR;
}

/** Classes of UTF-16 code units, filled on first sight (a lone surrogate is a code point of its own: a separator). */
const UNIT_CLASS = new Uint8Array(0x10000).fill(UNKNOWN);
/** Classes of astral code points (surrogate pairs), filled on first sight. */
const ASTRAL_CLASS = new Map<number, number>();

function unitClass(unit: number): number {
  let c = UNIT_CLASS[unit] as number;
  if (c === UNKNOWN) UNIT_CLASS[unit] = c = classOf(String.fromCharCode(unit));
  return c;
}

function astralClass(codePoint: number): number {
  let c = ASTRAL_CLASS.get(codePoint);
  if (c === undefined) ASTRAL_CLASS.set(codePoint, (c = classOf(String.fromCodePoint(codePoint))));
  return c;
}

for (let unit = 0; unit < 0x80; unit++) unitClass(unit);

/** Code units of the code point starting at `i` (2 for a surrogate pair). */
function widthAt(text: string, i: number, unit: number): number {
  return (unit & 0xfc00) === 0xd800 && ((text.charCodeAt(i + 1) | 0) & 0xfc00) === 0xdc00 ? 2 : 1;
}

function classAt(text: string, i: number, unit: number, width: number): number {
  return width === 2 ? astralClass((((unit & 0x3ff) << 10) | (text.charCodeAt(i + 1) & 0x3ff)) + 0x10000) : unitClass(unit);
}

/**
 * The n-gram hashes of texts, one text at a time, into reused buffers: `hash(text)` fills `hi[i]`, `lo[i]`
 * for i < the count it returns, exactly as `ngramHashes(tokenize(text), n)`. ASCII tokens are lower-cased
 * and hashed code unit by code unit as they are read; a token with any other character is cut out and
 * hashed as `tokenize` does (String.toLowerCase on the whole token: final sigma, dotted I).
 *
 * Records of one task often start alike (a Super-NI prompt is its task's definition and examples, then
 * the instance): the tokens of the previous text that lie inside the prefix both texts share are taken
 * as they are, with the n-grams made of them only (`reused`), and hashing resumes after them.
 */
export class NgramHasher {
  hi: Uint32Array = new Uint32Array(256);
  lo: Uint32Array = new Uint32Array(256);
  /** N-grams [0, reused) of the last text were also the first n-grams of the text before it. */
  reused = 0;
  private tokenA: Uint32Array = new Uint32Array(256);
  private tokenB: Uint32Array = new Uint32Array(256);
  /** Code-unit offset where each token of the last text ends. */
  private tokenEnd: Uint32Array = new Uint32Array(256);
  private previous = "";
  private previousTokens = 0;
  /** textHash states (hashA, hashB) after each TEXT_STEP code units of the last text, the first `textStates` valid. */
  private textState = new Uint32Array(64);
  private textStates = 0;
  private readonly powA: number;
  private readonly powB: number;

  constructor(readonly n: number) {
    this.powA = power(BASE_A, n);
    this.powB = power(BASE_B, n);
  }

  hash(text: string): number {
    const { n, powA, powB } = this;
    const length = text.length;
    let tokens = this.sharedTokens(text);
    let count = Math.max(0, tokens - n + 1);
    this.reused = count;
    let { tokenA, tokenB, tokenEnd } = this;
    let a = 0;
    let b = 0;
    for (let j = Math.max(0, tokens - n); j < tokens; j++) {
      a = (Math.imul(a, BASE_A) + (tokenA[j] as number)) | 0;
      b = (Math.imul(b, BASE_B) + (tokenB[j] as number)) | 0;
    }
    let i = tokens > 0 ? (tokenEnd[tokens - 1] as number) : 0;
    for (;;) {
      let unit = 0;
      let width = 1;
      let kind = SEPARATOR;
      while (i < length) {
        unit = text.charCodeAt(i);
        if (unit < 0x80) {
          width = 1;
          kind = UNIT_CLASS[unit] as number;
        } else {
          width = widthAt(text, i, unit);
          kind = classAt(text, i, unit, width);
        }
        if (kind !== SEPARATOR) break;
        i += width;
      }
      if (i >= length) break;
      let ta: number;
      let tb: number;
      if (kind === SPACELESS_CHAR) {
        const token = text.slice(i, i + width).toLowerCase();
        ta = hashA(token);
        tb = hashB(token);
        i += width;
      } else {
        const start = i;
        let ascii = true;
        let ha = FNV_OFFSET;
        let hb = MURMUR_SEED;
        while (i < length) {
          unit = text.charCodeAt(i);
          if (unit < 0x80) {
            if (UNIT_CLASS[unit] !== WORD) break;
            const lower = unit >= 0x41 && unit <= 0x5a ? unit + 0x20 : unit;
            ha = Math.imul(ha ^ lower, FNV_PRIME);
            hb = murmurStep(hb, lower);
            i++;
          } else {
            width = widthAt(text, i, unit);
            if (classAt(text, i, unit, width) !== WORD) break;
            ascii = false;
            i += width;
          }
        }
        if (ascii) {
          ta = fmix32(ha ^ (i - start));
          tb = fmix32(hb ^ (i - start));
        } else {
          const token = text.slice(start, i).toLowerCase();
          ta = hashA(token);
          tb = hashB(token);
        }
      }
      if (tokens === tokenA.length) ({ tokenA, tokenB, tokenEnd } = this.growTokens());
      tokenA[tokens] = ta;
      tokenB[tokens] = tb;
      tokenEnd[tokens] = i;
      a = (Math.imul(a, BASE_A) + ta) | 0;
      b = (Math.imul(b, BASE_B) + tb) | 0;
      if (tokens >= n) {
        a = (a - Math.imul(tokenA[tokens - n] as number, powA)) | 0;
        b = (b - Math.imul(tokenB[tokens - n] as number, powB)) | 0;
      }
      tokens++;
      if (tokens >= n) {
        if (count === this.hi.length) this.growNgrams();
        this.hi[count] = fmix32(a);
        this.lo[count] = fmix32(b);
        count++;
      }
    }
    this.previous = text;
    this.previousTokens = tokens;
    return count;
  }

  /**
   * How many leading tokens of the previous text `text` has too: those that end, and whose next code
   * unit is, inside the prefix both share (the code unit after a token decides where it ends, and the
   * one after that whether a surrogate pairs).
   */
  private sharedTokens(text: string): number {
    const same = sharedPrefix(this.previous, text);
    this.textStates = Math.min(this.textStates, Math.floor(same / TEXT_STEP));
    let low = 0;
    let high = this.previousTokens;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.tokenEnd[mid] as number) + 1 < same) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /**
   * `textHash` of the last text given to `hash`, resumed from the hash state at the last multiple of
   * TEXT_STEP code units inside the prefix it shares with the text before (both hashes read the text
   * from the start, unit by unit).
   */
  textHash(): [number, number] {
    const text = this.previous;
    let k = this.textStates;
    if (2 * (Math.floor(text.length / TEXT_STEP) + 1) > this.textState.length) {
      const grown = new Uint32Array(2 * (Math.floor(text.length / TEXT_STEP) + 1));
      grown.set(this.textState.subarray(0, 2 * k));
      this.textState = grown;
    }
    const state = this.textState;
    let a = k > 0 ? (state[2 * k - 2] as number) : FNV_OFFSET;
    let b = k > 0 ? (state[2 * k - 1] as number) : MURMUR_SEED;
    for (let i = k * TEXT_STEP; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      a = Math.imul(a ^ unit, FNV_PRIME);
      b = murmurStep(b, unit);
      if ((i + 1) % TEXT_STEP === 0) {
        state[2 * k] = a;
        state[2 * k + 1] = b;
        k++;
      }
    }
    this.textStates = k;
    return [fmix32(a ^ text.length), fmix32(b ^ text.length)];
  }

  private growTokens(): { tokenA: Uint32Array; tokenB: Uint32Array; tokenEnd: Uint32Array } {
    this.tokenA = doubled(this.tokenA);
    this.tokenB = doubled(this.tokenB);
    this.tokenEnd = doubled(this.tokenEnd);
    return { tokenA: this.tokenA, tokenB: this.tokenB, tokenEnd: this.tokenEnd };
  }

  private growNgrams(): void {
    this.hi = doubled(this.hi);
    this.lo = doubled(this.lo);
  }
}

/**
 * The length of the prefix `a` and `b` share. Compared in slices of 1024, then 256, 64 and 16 code units
 * (string equality is native and slices share the strings' memory), then unit by unit: several times
 * faster than charCodeAt on two strings per unit.
 */
function sharedPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let same = 0;
  for (let step = 1024; step >= 16; step >>= 2) {
    while (same + step <= limit && a.slice(same, same + step) === b.slice(same, same + step)) same += step;
  }
  while (same < limit && a.charCodeAt(same) === b.charCodeAt(same)) same++;
  return same;
}

function doubled(array: Uint32Array): Uint32Array {
  const grown = new Uint32Array(array.length * 2);
  grown.set(array);
  return grown;
}
