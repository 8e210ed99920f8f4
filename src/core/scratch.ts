/**
 * This thread's buffers for bytes that are used and forgotten: a file skimmed and hashed by the scan, a
 * task file while its task renders, a range job's input and output. A buffer is borrowed, used, given
 * back and lent again, so a thread holds as many as it uses at once (two or three), each as large as the
 * largest use so far: a new buffer per use was external memory only a collection freed, and buffers of
 * every size, allocated and freed, fragmented the allocator's memory, which grew with the files read.
 * A buffer's bytes are a WebAssembly memory, grown in place outside the allocator (core/wasm-memory.ts,
 * which says why); where none can be had, a plain buffer grown by copying.
 */
import { growTo, newMemory, PAGE, viewOf, type WasmMemory } from "./wasm-memory.js";

/** A buffer used again and again. */
export interface ReadBuffer {
  /** All of it: what a use gets is a view of its start, gone once the buffer grows. */
  bytes: Buffer;
  /** Its uses so far: bytes taken from it are gone once this has changed. */
  reads: number;
  /** The WebAssembly memory its bytes are, if they are one. */
  memory?: WasmMemory | undefined;
}

export function newReadBuffer(): ReadBuffer {
  return { bytes: Buffer.alloc(0), reads: 0 };
}

/** `bytes` bytes of `buffer`, grown if needed: a new use (what was taken from it before is gone). */
export function use(buffer: ReadBuffer, bytes: number): Buffer {
  buffer.reads++;
  grow(buffer, bytes, 0);
  return buffer.bytes.subarray(0, bytes);
}

/**
 * Make `buffer` hold at least `bytes` bytes, its first `keep` bytes kept: grown to whole 64 KB pages, the
 * size needed (doubling would hold up to twice the largest use).
 */
export function grow(buffer: ReadBuffer, bytes: number, keep: number): void {
  if (buffer.bytes.length >= bytes) return;
  const size = Math.ceil(bytes / PAGE) * PAGE;
  // A memory is made on the first growth; a buffer that had to become a plain one stays one.
  if (buffer.memory === undefined && buffer.bytes.length === 0) buffer.memory = newMemory();
  if (buffer.memory !== undefined && growTo(buffer.memory, size)) {
    buffer.bytes = viewOf(buffer.memory);
    return;
  }
  buffer.memory = undefined;
  const grown = Buffer.allocUnsafe(size);
  buffer.bytes.copy(grown, 0, 0, keep);
  buffer.bytes = grown;
}

const idle: ReadBuffer[] = [];

/** One of this thread's buffers, the caller's alone until it gives it back (`giveBack`). */
export function borrow(): ReadBuffer {
  return idle.pop() ?? newReadBuffer();
}

export function giveBack(buffer: ReadBuffer): void {
  idle.push(buffer);
}
