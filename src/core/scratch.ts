/**
 * This thread's buffers for bytes that are used and forgotten: a file skimmed and hashed by the scan, a
 * task file while its task renders, a range job's input and output. A buffer is borrowed, used, given
 * back and lent again, so a thread holds as many as it uses at once (two or three), each as large as the
 * largest use so far: a new buffer per use was external memory only a collection freed, and buffers of
 * every size, allocated and freed, fragmented the allocator's memory, which grew with the files read.
 *
 * A buffer's bytes are a WebAssembly memory, not the allocator's: V8 reserves its address range and
 * commits pages as it grows, in place (no copy, nothing left behind). A buffer grown by allocating a
 * larger one and dropping the smaller left each smaller one to be freed, and glibc answers every large
 * block freed by raising the size from which it maps blocks of their own, returned when freed, instead of
 * carving them from its heaps: after the first few growths, everything up to the largest file read was
 * carved from heaps that fragment and are never given back (30 MB more at the build's peak). Where such a
 * memory cannot be had (an address-space limit), a buffer is a plain one, grown by copying.
 */

/** A buffer used again and again. */
export interface ReadBuffer {
  /** All of it: what a use gets is a view of its start, gone once the buffer grows. */
  bytes: Buffer;
  /** Its uses so far: bytes taken from it are gone once this has changed. */
  reads: number;
  /** The WebAssembly memory its bytes are, if they are one. */
  memory?: WasmMemory | undefined;
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

type MemoryConstructor = new (descriptor: { initial: number; maximum: number }) => WasmMemory;

const Memory = (globalThis as { WebAssembly?: { Memory: MemoryConstructor } }).WebAssembly?.Memory;

export function newReadBuffer(): ReadBuffer {
  return { bytes: Buffer.alloc(0), reads: 0 };
}

/** Growth in steps of 64 KB (a WebAssembly page), to the size needed: doubling would hold up to twice the largest use. */
const STEP = 1 << 16;

/** The largest buffer: 4 GB, WebAssembly's limit and more than a Buffer's. */
const MAX_PAGES = 1 << 16;

/** A size in whole steps. */
function bufferSize(bytes: number): number {
  return Math.ceil(bytes / STEP) * STEP;
}

/** `bytes` bytes of `buffer`, grown if needed: a new use (what was taken from it before is gone). */
export function use(buffer: ReadBuffer, bytes: number): Buffer {
  buffer.reads++;
  grow(buffer, bytes, 0);
  return buffer.bytes.subarray(0, bytes);
}

/** Make `buffer` hold at least `bytes` bytes, its first `keep` bytes kept. */
export function grow(buffer: ReadBuffer, bytes: number, keep: number): void {
  if (buffer.bytes.length >= bytes) return;
  const size = bufferSize(bytes);
  if (growMemory(buffer, size)) return;
  const grown = Buffer.allocUnsafe(size);
  buffer.bytes.copy(grown, 0, 0, keep);
  buffer.bytes = grown;
}

/** Grow `buffer`'s WebAssembly memory (made on its first growth) to `size`; false where none can be had. */
function growMemory(buffer: ReadBuffer, size: number): boolean {
  const pages = size / STEP;
  if (pages > MAX_PAGES || Memory === undefined) return false;
  try {
    if (buffer.memory === undefined) {
      if (buffer.bytes.length > 0) return false; // a plain buffer stays one
      buffer.memory = new Memory({ initial: 0, maximum: MAX_PAGES });
    }
    buffer.memory.grow(pages - buffer.memory.buffer.byteLength / STEP);
  } catch {
    // No memory could be reserved or committed (its bytes, as they were, are still `bytes`): from here
    // on, a plain buffer.
    buffer.memory = undefined;
    return false;
  }
  buffer.bytes = Buffer.from(buffer.memory.buffer);
  return true;
}

const idle: ReadBuffer[] = [];

/** One of this thread's buffers, the caller's alone until it gives it back (`giveBack`). */
export function borrow(): ReadBuffer {
  return idle.pop() ?? newReadBuffer();
}

export function giveBack(buffer: ReadBuffer): void {
  idle.push(buffer);
}
