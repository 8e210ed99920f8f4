/**
 * This thread's scratch buffers, for synchronous work that keeps nothing of their bytes once it returns:
 * a file read to be skimmed and hashed, a range job's input and output. Two, by role, each as large as
 * the largest use so far and no larger (a buffer per use left megabytes of garbage per use until a
 * collection; doubling kept up to twice the largest use, per buffer and per thread). One work must not
 * call another that takes the same role's buffer while it holds it.
 */
const buffers = { input: Buffer.alloc(0), output: Buffer.alloc(0) };

/** Growth in steps of 64 KB: a file a little larger than the last one seldom needs a new buffer. */
const STEP = 1 << 16;

/** `bytes` bytes of this thread's `role` buffer (their content is whatever was there). */
export function scratch(role: keyof typeof buffers, bytes: number): Buffer {
  if (buffers[role].length < bytes) buffers[role] = Buffer.allocUnsafe(Math.ceil(bytes / STEP) * STEP);
  return buffers[role].subarray(0, bytes);
}
