/**
 * FLAN's files read as text: strict UTF-8 (Python's `open(..., encoding="utf-8")` refuses what this
 * refuses), a leading byte-order mark dropped. A byte that is not UTF-8 is an error naming the file and
 * the byte offset, never a silent U+FFFD in a prompt.
 */
import { readFile } from "node:fs/promises";
import { AdapterError } from "../../errors.js";
import { NAME } from "./name.js";

export async function readTextFile(file: string): Promise<string> {
  return decodeUtf8(await readFile(file), file);
}

/** Strict UTF-8, a leading byte-order mark dropped; the first invalid byte is named by its offset. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return text.startsWith("\uFEFF") ? text.slice(1) : text;
  } catch {
    const offset = firstInvalidByte(bytes);
    throw new AdapterError(
      NAME,
      file,
      `invalid UTF-8 at byte offset ${offset} (0x${(bytes[offset] ?? 0).toString(16).padStart(2, "0")}); expected a UTF-8 text file.`,
    );
  }
}

/** Offset of the first byte that starts no valid UTF-8 sequence (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const [length, low, high] = b < 0x80 ? [1, 0, 0] : b < 0xc2 ? [0, 0, 0] : b < 0xe0 ? [2, 0x80, 0xbf] : sequenceBounds(b);
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const [lo, hi] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** Length and allowed second byte of a three- or four-byte sequence; length 0 for a byte no sequence starts with. */
function sequenceBounds(b: number): [number, number, number] {
  if (b === 0xe0) return [3, 0xa0, 0xbf];
  if (b === 0xed) return [3, 0x80, 0x9f];
  if (b < 0xf0) return [3, 0x80, 0xbf];
  if (b === 0xf0) return [4, 0x90, 0xbf];
  if (b < 0xf4) return [4, 0x80, 0xbf];
  if (b === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}
