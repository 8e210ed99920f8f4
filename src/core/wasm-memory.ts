/**
 * WebAssembly memories as plain memory, for large buffers that grow (core/scratch.ts): V8 reserves a
 * memory's address range and commits its pages as it grows, in place (no copy, nothing left behind), and
 * unmaps it when it is collected; none of it comes from the C allocator. A buffer grown by allocating a
 * larger one and dropping the smaller leaves each smaller one to be freed, and glibc answers every large
 * block freed by raising the size from which it maps blocks of their own (returned to the system when
 * freed) instead of carving them from its heaps: after a few growths, everything up to the largest size
 * seen was carved from heaps that fragment and are never given back (tens of megabytes at a build's peak).
 *
 * Each memory reserves about 10 GB of address space (V8's guard regions), and V8 holds a process to
 * about a hundred; where none can be reserved, callers fall back to ordinary buffers.
 */

/** A WebAssembly page: the unit memories grow by. */
export const PAGE = 1 << 16;

/** WebAssembly's limit on a memory's pages (4 GB). */
const MAX_PAGES = 1 << 16;

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

type MemoryConstructor = new (descriptor: { initial: number; maximum: number }) => WasmMemory;

/** A compiled module (opaque here). */
export type WasmModule = object;

/** The part of the WebAssembly API used here (ES2023's library does not declare it). */
interface WasmApi {
  Memory: MemoryConstructor;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
const Memory = wasm?.Memory;

/** A module compiled from `bytes`, or undefined where WebAssembly (or a feature it uses) is missing. */
export function compileModule(bytes: Uint8Array): WasmModule | undefined {
  try {
    return wasm === undefined ? undefined : new wasm.Module(bytes);
  } catch {
    return undefined;
  }
}

/** `module` instantiated with `imports`: its exports. */
export function instantiate(module: WasmModule, imports: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return new (wasm as WasmApi).Instance(module, imports).exports;
}

/** The memory each view made by `viewOf` is the bytes of (a grown memory's old buffer is gone, and so is its entry). */
const owners = new WeakMap<ArrayBufferLike, WasmMemory>();

/** `memory`'s bytes as a Buffer, known as that memory's (`memoryOf`) until it grows. */
export function viewOf(memory: WasmMemory): Buffer {
  owners.set(memory.buffer, memory);
  return Buffer.from(memory.buffer);
}

/** The memory `bytes` are a view of, if `viewOf` made a view of it. */
export function memoryOf(bytes: Uint8Array): WasmMemory | undefined {
  return owners.get(bytes.buffer);
}

/** An empty memory, or undefined where none can be reserved. */
export function newMemory(): WasmMemory | undefined {
  try {
    return Memory === undefined ? undefined : new Memory({ initial: 0, maximum: MAX_PAGES });
  } catch {
    return undefined;
  }
}

/**
 * Grow `memory` to at least `bytes` (whole pages; zeros where it grew), its bytes kept: false where it
 * cannot (beyond 4 GB, or no page committed), the memory then as it was. Views of its old `buffer` are
 * emptied (detached) when it grows.
 */
export function growTo(memory: WasmMemory, bytes: number): boolean {
  const pages = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
  if (pages <= 0) return true;
  if (memory.buffer.byteLength / PAGE + pages > MAX_PAGES) return false;
  try {
    memory.grow(pages);
    return true;
  } catch {
    return false;
  }
}
