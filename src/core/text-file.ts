/**
 * Source text as every reader takes it: UTF-8, strictly. Invalid bytes fail with the file and the byte
 * offset (Python's `open(file, encoding="utf-8")` refuses them too, where a lenient decoder would turn
 * them into U+FFFD in the prompts); a leading UTF-8 byte-order mark is dropped (as Python's
 * `utf-8-sig`); a file or line too long to be one JavaScript string fails with its size instead of
 * crashing the process.
 */
import { constants, isUtf8 } from "node:buffer";
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readFile as readFileWithCallback, readSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { promisify } from "node:util";
import { UserError } from "../errors.js";
import { borrow, giveBack, grow, type ReadBuffer, use } from "./scratch.js";

/** The most bytes one text may have: a JavaScript string holds at most this many UTF-16 code units. */
const MAX_TEXT_BYTES = constants.MAX_STRING_LENGTH;

export interface TextReadOptions {
  /** Refuse a file (readUtf8File) or a line (readUtf8Lines) longer than this many bytes. @default MAX_TEXT_BYTES */
  maxBytes?: number;
}

/** A text that cannot be read: bad bytes or too long. `detail` is the message without the file. */
export class TextFileError extends UserError {
  override name = "TextFileError";
  readonly file: string;
  readonly detail: string;
  constructor(file: string, detail: string, options?: { cause?: unknown }) {
    super("E_INPUT", `${file}: ${detail}`, options);
    this.file = file;
    this.detail = detail;
  }
}

const BOM = [0xef, 0xbb, 0xbf] as const;

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence (a stray continuation
 * byte, an overlong form, a surrogate, a value above U+10FFFF, a truncated sequence), or -1 when
 * every byte is well-formed. The same rules as `TextDecoder` with `fatal: true`.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decode UTF-8 bytes strictly. `start` is the offset of `bytes` in the file and `line` the line
 * `bytes` starts on, so an error names the file's own byte offset and line.
 */
function decodeUtf8(bytes: Uint8Array, file: string, at: { start: number; line: number } = { start: 0, line: 1 }): string {
  try {
    return decoder.decode(bytes);
  } catch (error) {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    let line = at.line;
    for (let i = bytes.indexOf(0x0a); i !== -1 && i < bad; i = bytes.indexOf(0x0a, i + 1)) line++;
    const shown = Array.from(bytes.subarray(bad, bad + 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new TextFileError(
      file,
      `invalid UTF-8 at byte offset ${at.start + bad} (line ${line}; bytes ${shown}). The file must be UTF-8 text: re-encode it (e.g. iconv -t UTF-8) or restore the original.`,
      { cause: error },
    );
  }
}

function tooLong(file: string, what: string, bytes: number, max: number, atLeast = false): TextFileError {
  return new TextFileError(
    file,
    `${what} is ${atLeast ? "at least " : ""}${bytes} bytes, more than the ${max} bytes one text may have; split the file or shorten that entry.`,
  );
}

/** A whole file as one string: strict UTF-8, a leading byte-order mark dropped. */
export async function readUtf8File(file: string, options: TextReadOptions = {}): Promise<string> {
  return utf8Text(await readTextBytes(file, options), file);
}

/** fs.readFile's callback form: its reads run in one native context, not a promise per read (about a quarter faster). */
const readWhole = promisify(readFileWithCallback);

/**
 * A whole text file's bytes, not yet decoded (for readers that hash or skim them first): refused, as
 * `readUtf8File` refuses it, when it is too long to be one text.
 */
export async function readTextBytes(file: string, options: TextReadOptions = {}): Promise<Buffer> {
  const max = options.maxBytes ?? MAX_TEXT_BYTES;
  // Checked before reading, so a file of gigabytes is refused without being loaded.
  const { size } = await stat(file);
  if (size > max) throw tooLong(file, "the file", size, max);
  const bytes = await readWhole(file);
  if (bytes.length > max) throw tooLong(file, "the file", bytes.length, max);
  return bytes;
}

/**
 * A whole text file's bytes, as `readTextBytes` reads them, but synchronously into one of this thread's
 * buffers (core/scratch.ts), valid until that buffer's next use: for a reader that hashes or skims the
 * bytes and keeps nothing of them (a scan of thousands of files then allocates no buffer per file). Its
 * caller must not await between the read and its last use of the bytes.
 */
export function readTextBytesTransient(file: string, options: TextReadOptions = {}): Buffer {
  const max = options.maxBytes ?? MAX_TEXT_BYTES;
  const fd = openSync(file, "r");
  try {
    const { size } = fstatSync(fd);
    if (size > max) throw tooLong(file, "the file", size, max);
    // A byte more than the size: a file that grew since it was measured is read whole, below. The buffer
    // is given back at once: the caller uses the bytes before anything on this thread borrows again.
    const buffer = borrow();
    giveBack(buffer);
    const transient = use(buffer, size + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, transient, length, transient.length - length, length);
      length += n;
      if (n === 0 || length === transient.length) break;
    }
    if (length <= size) return transient.subarray(0, length);
    const whole = readFileSync(file);
    if (whole.length > max) throw tooLong(file, "the file", whole.length, max);
    return whole;
  } finally {
    closeSync(fd);
  }
}

/**
 * A whole file's bytes read into `into` (grown as needed, core/scratch.ts) instead of a new buffer, valid
 * until its next use, and refused as `readTextBytes` refuses it: for a reader that goes through many
 * files keeping nothing of their bytes.
 */
export async function readFileInto(file: string, into: ReadBuffer, options: TextReadOptions = {}): Promise<Buffer> {
  const max = options.maxBytes ?? MAX_TEXT_BYTES;
  into.reads++;
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size > max) throw tooLong(file, "the file", size, max);
    let length = 0;
    for (;;) {
      // A byte more than the size: a file that grew since it was measured is read whole.
      if (into.bytes.length < Math.max(size, length) + 1) grow(into, Math.max(size, 2 * length) + 1, length);
      const { bytesRead } = await handle.read(into.bytes, length, into.bytes.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > max) throw tooLong(file, "the file", length, max);
    return into.bytes.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/**
 * A file's bytes as text, as `readUtf8File` decodes them: strict UTF-8, a leading byte-order mark dropped.
 * Checked first (buffer.isUtf8, far faster than a fatal TextDecoder), then decoded by Buffer's decoder,
 * which gives the same text for well-formed bytes; bad bytes go to the strict decoder for their error.
 */
export function utf8Text(bytes: Uint8Array, file: string): string {
  const start = hasBom(bytes) ? 3 : 0;
  const body = bytes.subarray(start);
  if (isUtf8(body)) return Buffer.from(body.buffer, body.byteOffset, body.length).toString("utf8");
  return decodeUtf8(body, file, { start, line: 1 });
}

/**
 * Check a file's bytes as `utf8Text` would, without decoding them (for readers that decode only parts):
 * the same error for bad bytes. Returns where the text starts (3 after a byte-order mark, else 0).
 */
export function checkUtf8(bytes: Uint8Array, file: string): number {
  const start = hasBom(bytes) ? 3 : 0;
  if (!isUtf8(bytes.subarray(start))) utf8Text(bytes, file);
  return start;
}

/** One line of a text file, without its line break ("\n" or "\r\n"). */
export interface TextLine {
  text: string;
  /** 1-based. */
  line: number;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
}

/**
 * The lines of a file, streamed: strict UTF-8 per line (an error names the file, line and byte offset),
 * a leading byte-order mark dropped, a final line without a line break included. Memory holds one line.
 */
export async function* readUtf8Lines(file: string, options: TextReadOptions = {}): AsyncGenerator<TextLine> {
  const max = options.maxBytes ?? MAX_TEXT_BYTES;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let offset = 0;
  let line = 0;
  const finish = (bytes: Buffer): TextLine => {
    line++;
    if (bytes.length > max) throw tooLong(file, `line ${line}`, bytes.length, max);
    let start = 0;
    if (offset === 0 && hasBom(bytes)) start = 3;
    const end = bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    const text = decodeUtf8(bytes.subarray(start, Math.max(start, end)), file, { start: offset + start, line });
    const result = { text, line, offset: offset + start };
    offset += bytes.length + 1;
    return result;
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
      const part = chunk.subarray(from, nl);
      const bytes = pending.length === 0 ? part : Buffer.concat([...pending, part], pendingBytes + part.length);
      pending = [];
      pendingBytes = 0;
      from = nl + 1;
      yield finish(bytes);
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      pendingBytes += chunk.length - from;
      // Refuse as soon as the line cannot fit, without holding more of it.
      if (pendingBytes > max) throw tooLong(file, `line ${line + 1}`, pendingBytes, max, true);
    }
  }
  if (pendingBytes > 0) yield finish(Buffer.concat(pending, pendingBytes));
}
