import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";

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

/**
 * sha256 of a file written in parts by others (worker threads), hashed part by part as each is done, in
 * file order, so that hashing overlaps the writing of the parts after it.
 */
export class PartsHasher {
  private readonly hash = createHash("sha256");
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
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
    return { sha256: this.hash.digest("hex"), bytes: this.bytes };
  }
}
