/**
 * A byte-level skim of a Super-NI task file: where its top-level `Instances` array lies and how many
 * elements it has, found without decoding or parsing the array (nearly all of a task file's bytes).
 * Strings are stepped over with a byte search for their closing quote; only the bytes between strings
 * (brackets, commas, whitespace) are looked at one by one. The `Instances` value is walked by walk.wat
 * when the bytes are a WebAssembly memory (walk.ts), by `valueEnd` below otherwise: the same answer.
 *
 * The skim follows the structure, not the grammar: it gives up (undefined) on anything it cannot follow
 * (not an object, an unterminated string or bracket, no `Instances` array, bytes after the object), so
 * its caller reads the whole file as a load does; malformed JSON inside the array (a missing value, a
 * bad literal) is not seen here, only when the task is loaded.
 */

import { skimValue } from "./walk.js";

// Local constants, not imports: an imported binding costs a load and a check in the hot loops below.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const INSTANCES = new TextEncoder().encode('"Instances"');

export interface InstancesSpan {
  /** Byte offset of the array's "[". */
  start: number;
  /** Byte offset just past its "]". */
  end: number;
  /** Its elements. */
  count: number;
}

/** The top-level `Instances` array of the JSON object in `bytes` (from `from`, after a byte-order mark), or undefined. */
export function findInstances(bytes: Uint8Array, from = 0): InstancesSpan | undefined {
  const found = walkInstances(bytes, from, (i) => {
    const value = skimValue(bytes, i) ?? valueEnd(bytes, i);
    return value && { end: value.end, read: bytes[i] === OPEN_ARRAY ? value.elements : undefined };
  });
  return found && { start: found.start, end: found.end, count: found.read };
}

/** What `walkInstances` gives: the last `Instances` value's span and what its reader made of it. */
export interface InstancesValue<T> {
  start: number;
  end: number;
  read: T;
}

/**
 * The top-level object of `bytes` walked member by member; each `Instances` value is handed to `read`
 * (at its first byte), which says where it ends and what it made of it (`read` undefined: not usable),
 * every other value is stepped over. The last `Instances` key counts, as in JSON.parse. Undefined when
 * the structure cannot be followed, there is no usable `Instances`, or bytes follow the object.
 */
export function walkInstances<T>(
  bytes: Uint8Array,
  from: number,
  read: (i: number) => { end: number; read: T | undefined } | undefined,
): InstancesValue<T> | undefined {
  let i = skipSpace(bytes, from);
  if (bytes[i] !== OPEN_OBJECT) return undefined;
  i = skipSpace(bytes, i + 1);
  let found: InstancesValue<T> | undefined;
  if (bytes[i] !== CLOSE_OBJECT) {
    for (;;) {
      if (bytes[i] !== QUOTE) return undefined;
      const keyEnd = stringEnd(bytes, i);
      if (keyEnd < 0) return undefined;
      const isInstances = sameBytes(bytes, i, keyEnd, INSTANCES);
      i = skipSpace(bytes, keyEnd);
      if (bytes[i] !== COLON) return undefined;
      i = skipSpace(bytes, i + 1);
      let end: number;
      if (isInstances) {
        const value = read(i);
        if (value === undefined) return undefined;
        found = value.read === undefined ? undefined : { start: i, end: value.end, read: value.read };
        end = value.end;
      } else {
        const value = valueEnd(bytes, i);
        if (value === undefined) return undefined;
        end = value.end;
      }
      i = skipSpace(bytes, end);
      if (bytes[i] === COMMA) {
        i = skipSpace(bytes, i + 1);
        continue;
      }
      if (bytes[i] !== CLOSE_OBJECT) return undefined;
      break;
    }
  }
  return skipSpace(bytes, i + 1) === bytes.length ? found : undefined;
}

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isSpace(bytes[i])) i++;
  return i;
}

function sameBytes(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== expected.length) return false;
  for (let k = 0; k < expected.length; k++) if (bytes[start + k] !== expected[k]) return false;
  return true;
}

/** The offset just past the string whose opening quote is at `i`, or -1 when it is not closed. */
function stringEnd(bytes: Uint8Array, i: number): number {
  let from = i + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote < 0) return -1;
    let k = quote - 1;
    while (bytes[k] === BACKSLASH) k--;
    // An even number of backslashes before the quote: it closes the string.
    if ((quote - 1 - k) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The end of the value starting at `i` and, for an array or object, how many elements or members it has. */
export function valueEnd(bytes: Uint8Array, i: number): { end: number; elements: number } | undefined {
  const first = bytes[i];
  if (first === QUOTE) {
    const end = stringEnd(bytes, i);
    return end < 0 ? undefined : { end, elements: 0 };
  }
  if (first !== OPEN_ARRAY && first !== OPEN_OBJECT) {
    let end = i;
    while (end < bytes.length) {
      const b = bytes[end] as number;
      if (b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || isSpace(b)) break;
      end++;
    }
    return end === i ? undefined : { end, elements: 0 };
  }
  let depth = 0;
  let commas = 0;
  let empty = true;
  for (let j = i; j < bytes.length; ) {
    const b = bytes[j] as number;
    if (b === QUOTE) {
      if (depth === 1) empty = false;
      j = stringEnd(bytes, j);
      if (j < 0) return undefined;
      continue;
    }
    if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (depth === 1) empty = false;
      depth++;
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
      depth--;
      if (depth === 0) return { end: j + 1, elements: empty ? 0 : commas + 1 };
    } else if (depth === 1) {
      if (b === COMMA) commas++;
      else if (!isSpace(b)) empty = false;
    }
    j++;
  }
  return undefined;
}
