/**
 * This thread's buffers for bytes that are used and forgotten: a file skimmed and hashed by the scan, a
 * task file while its task renders, a range job's input and output. A buffer is borrowed, used, given
 * back and lent again, so a thread holds as many as it uses at once (two or three), each as large as the
 * largest use so far: a new buffer per use was external memory only a collection freed, and buffers of
 * every size, allocated and freed, fragmented the allocator's memory, which grew with the files read.
 */

/** A buffer used again and again. */
export interface ReadBuffer {
  bytes: Buffer;
  /** Its uses so far: bytes taken from it are gone once this has changed. */
  reads: number;
}

export function newReadBuffer(): ReadBuffer {
  return { bytes: Buffer.alloc(0), reads: 0 };
}

/** Growth in steps of 64 KB, to the size needed: doubling would hold up to twice the largest use. */
const STEP = 1 << 16;

/** A size in whole steps. */
export function bufferSize(bytes: number): number {
  return Math.ceil(bytes / STEP) * STEP;
}

/** `bytes` bytes of `buffer`, grown if needed: a new use (what was taken from it before is gone). */
export function use(buffer: ReadBuffer, bytes: number): Buffer {
  buffer.reads++;
  if (buffer.bytes.length < bytes) buffer.bytes = Buffer.allocUnsafe(bufferSize(bytes));
  return buffer.bytes.subarray(0, bytes);
}

const idle: ReadBuffer[] = [];

/** One of this thread's buffers, the caller's alone until it gives it back (`giveBack`). */
export function borrow(): ReadBuffer {
  return idle.pop() ?? newReadBuffer();
}

export function giveBack(buffer: ReadBuffer): void {
  idle.push(buffer);
}
