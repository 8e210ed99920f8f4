import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { borrow, giveBack, use } from "../core/scratch.js";

/** sha256 (hex) and size of a file, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** sha256 (hex) and size of bytes already read. */
export function hashBytes(bytes: Uint8Array): { sha256: string; bytes: number } {
  return { sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
}

/** Hashed this many UTF-16 units at a time. */
const TEXT_SLICE = 1 << 14;

/**
 * sha256 (hex) of a text's UTF-8 bytes, hashed in slices: hashed whole, a text is first encoded into one
 * block of its size, which the allocator, once it is freed, takes as the size of blocks worth mapping
 * apart (core/wasm-memory.ts says why that matters). A slice never splits a surrogate pair, which would encode as two U+FFFD.
 */
export function hashText(text: string): string {
  const hash = createHash("sha256");
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + TEXT_SLICE, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    hash.update(text.slice(at, end));
    at = end;
  }
  return hash.digest("hex");
}

/**
 * sha256 of a file written in parts by others (worker threads), hashed part by part as each is done, in
 * file order, so that hashing overlaps the writing of the parts after it.
 */
export class PartsHasher {
  private readonly hash = createHash("sha256");
  /** This thread's (core/scratch.ts) until the digest. */
  private readonly scratch = borrow();
  private readonly buffer = use(this.scratch, 1 << 20);
  private handle: FileHandle | undefined;
  private bytes = 0;
  constructor(private readonly file: string) {}

  /** The next part: `bytes` bytes from `offset` (where the parts before it ended). */
  async add(offset: number, bytes: number): Promise<void> {
    if (offset !== this.bytes) throw new Error(`${this.file}: part at ${offset} does not follow the ${this.bytes} bytes hashed`);
    this.handle ??= await open(this.file, "r");
    for (let at = offset; at < offset + bytes; ) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, Math.min(this.buffer.length, offset + bytes - at), at);
      if (bytesRead === 0) throw new Error(`${this.file} ends at ${at}, before the part that should end at ${offset + bytes}`);
      this.hash.update(this.buffer.subarray(0, bytesRead));
      at += bytesRead;
    }
    this.bytes += bytes;
  }

  async digest(): Promise<{ sha256: string; bytes: number }> {
    await this.handle?.close();
    giveBack(this.scratch);
    return { sha256: this.hash.digest("hex"), bytes: this.bytes };
  }
}
