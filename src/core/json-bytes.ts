/**
 * JSON values checked in place, on UTF-8 bytes, without decoding them: where a value ends if it is one
 * JSON.parse accepts (RFC 8259: strings without raw control characters and with valid escapes, numbers
 * in JSON's grammar, true/false/null), or -1. The bytes must already be valid UTF-8 (checked once per file).
 *
 * Strict by design: whatever JSON.parse would reject, and anything deeper than `MAX_DEPTH`, is -1, so a
 * caller can fall back to a full parse, which reports the problem as a load does.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Nesting the check follows; deeper values are left to a full parse. */
export const MAX_DEPTH = 64;

/** One of JSON's four whitespace bytes. */
function isJsonSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** The first offset from `i` (below `end`) that is not JSON whitespace. */
export function skipJsonSpace(bytes: Uint8Array, i: number, end: number): number {
  while (i < end && isJsonSpace(bytes[i] as number)) i++;
  return i;
}

function isHex(b: number): boolean {
  return (b >= ZERO && b <= NINE) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/** The escape letters JSON allows after a backslash (besides u): " \ / b f n r t. */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

/** The bytes of the last buffer seen as 32-bit words, from its first 4-aligned byte (`wordsFrom`). */
let wordsOf: Uint8Array | undefined;
let words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
let wordsFrom = 0;

function wordsFor(bytes: Uint8Array): void {
  if (bytes === wordsOf) return;
  wordsOf = bytes;
  wordsFrom = (4 - (bytes.byteOffset & 3)) & 3;
  words = new Uint32Array(bytes.buffer, bytes.byteOffset + wordsFrom, Math.max(0, (bytes.length - wordsFrom) >> 2));
}

/**
 * Whether none of the 4 bytes of `x` is a quote, a backslash or a control character: the bytes a string's
 * content is checked for, four at a time ("SWAR": a byte of x - 0x01010101 & ~x & 0x80808080 is set where x has a zero byte).
 */
function plainWord(x: number): boolean {
  const quote = x ^ 0x22222222;
  const backslash = x ^ 0x5c5c5c5c;
  const special = ((x - 0x20202020) & ~x) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash);
  return (special & 0x80808080) === 0;
}

/** Whether the last string `jsonStringEnd` accepted had a backslash escape (its value is not its bytes). */
let escaped = false;

export function lastStringEscaped(): boolean {
  return escaped;
}

/** The offset just past the string whose opening quote is at `i`, or -1 when it is not a valid JSON string before `end`. */
export function jsonStringEnd(bytes: Uint8Array, i: number, end: number): number {
  wordsFor(bytes);
  escaped = false;
  let j = i + 1;
  while (j < end) {
    // Four plain bytes at a time where the position is a word's.
    if (((j - wordsFrom) & 3) === 0 && j + 4 <= end && j >= wordsFrom) {
      while (j + 4 <= end && plainWord(words[(j - wordsFrom) >> 2] as number)) j += 4;
      if (j >= end) break;
    }
    const c = bytes[j] as number;
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) {
      escaped = true;
      const e = bytes[j + 1] as number;
      if (e === 0x75) {
        if (j + 5 >= end) return -1;
        for (let k = j + 2; k < j + 6; k++) if (!isHex(bytes[k] as number)) return -1;
        j += 6;
      } else if (j + 1 < end && SIMPLE_ESCAPE[e] === 1) j += 2;
      else return -1;
      continue;
    }
    if (c < 0x20) return -1;
    j++;
  }
  return -1;
}

function digitsEnd(bytes: Uint8Array, i: number, end: number): number {
  while (i < end && (bytes[i] as number) >= ZERO && (bytes[i] as number) <= NINE) i++;
  return i;
}

/** The end of the number at `i` in JSON's grammar, or -1. */
function numberEnd(bytes: Uint8Array, i: number, end: number): number {
  if (bytes[i] === MINUS) i++;
  if (i >= end) return -1;
  if (bytes[i] === ZERO) i++;
  else {
    const after = digitsEnd(bytes, i, end);
    if (after === i) return -1;
    i = after;
  }
  if (i < end && bytes[i] === DOT) {
    const after = digitsEnd(bytes, i + 1, end);
    if (after === i + 1) return -1;
    i = after;
  }
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i++;
    if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
    const after = digitsEnd(bytes, i, end);
    if (after === i) return -1;
    i = after;
  }
  return i;
}

const LITERALS = ["true", "false", "null"].map((word) => new TextEncoder().encode(word));

function literalEnd(bytes: Uint8Array, i: number, end: number): number {
  for (const word of LITERALS) {
    if (i + word.length > end) continue;
    let same = true;
    for (let k = 0; k < word.length && same; k++) same = bytes[i + k] === word[k];
    if (same) return i + word.length;
  }
  return -1;
}

/** The offset just past the JSON value at `i` (no leading whitespace), or -1 when it is not one. */
export function jsonValueEnd(bytes: Uint8Array, i: number, end: number, depth = 0): number {
  if (i >= end) return -1;
  const first = bytes[i] as number;
  if (first === QUOTE) return jsonStringEnd(bytes, i, end);
  if (first === OPEN_ARRAY || first === OPEN_OBJECT) return depth >= MAX_DEPTH ? -1 : containerEnd(bytes, i, end, depth + 1);
  if (first === MINUS || (first >= ZERO && first <= NINE)) return numberEnd(bytes, i, end);
  return literalEnd(bytes, i, end);
}

function containerEnd(bytes: Uint8Array, i: number, end: number, depth: number): number {
  const isObject = bytes[i] === OPEN_OBJECT;
  const close = isObject ? CLOSE_OBJECT : CLOSE_ARRAY;
  let j = skipJsonSpace(bytes, i + 1, end);
  if (j < end && bytes[j] === close) return j + 1;
  for (;;) {
    if (isObject) {
      if (bytes[j] !== QUOTE) return -1;
      j = jsonStringEnd(bytes, j, end);
      if (j < 0) return -1;
      j = skipJsonSpace(bytes, j, end);
      if (bytes[j] !== COLON) return -1;
      j = skipJsonSpace(bytes, j + 1, end);
    }
    j = jsonValueEnd(bytes, j, end, depth);
    if (j < 0) return -1;
    j = skipJsonSpace(bytes, j, end);
    if (j >= end) return -1;
    if (bytes[j] === close) return j + 1;
    if (bytes[j] !== COMMA) return -1;
    j = skipJsonSpace(bytes, j + 1, end);
  }
}
