/**
 * The SIMD walks of walk.wat over a task file's `Instances` array, for bytes that are already a
 * WebAssembly memory (a thread's reusable buffers, core/scratch.ts): the skim's element count and the
 * instance index, each several times faster than the JavaScript walk it mirrors. Each gives undefined
 * where it does not answer (the bytes are not such a memory, WebAssembly is missing, or walk.wat left
 * the case to JavaScript), and the caller then runs the JavaScript walk, which is the reference.
 */
import { compileModule, instantiate, memoryOf, type WasmMemory, type WasmModule } from "../../core/wasm-memory.js";
import { WALK_WASM } from "./walk-wasm.js";

/** One instance as `index` reports it: offsets relative to the bytes given; false stops the walk. */
export type InstanceSink = (start: number, end: number, idStart: number, idEnd: number, idEscaped: boolean) => boolean;

interface Walks {
  skim(i: number, len: number): number;
  index(i: number, len: number): number;
  end(): number;
}

// Compiled once per thread, on first use (null: cannot be).
let module: WasmModule | null | undefined;
const instances = new WeakMap<WasmMemory, Walks>();

/** What `index` reports to, and the offset it subtracts: set for the length of one call. */
let sink: InstanceSink | undefined;
let base = 0;

function reportInstance(start: number, end: number, idStart: number, idEnd: number, idEscaped: number): number {
  return (sink as InstanceSink)(start - base, end - base, idStart - base, idEnd - base, idEscaped !== 0) ? 1 : 0;
}

function walksFor(bytes: Uint8Array): Walks | undefined {
  const memory = memoryOf(bytes);
  if (memory === undefined) return undefined;
  let walks = instances.get(memory);
  if (walks === undefined) {
    module ??= compileModule(Buffer.from(WALK_WASM, "base64")) ?? null;
    if (module === null) return undefined;
    walks = instantiate(module, { env: { memory }, walk: { instance: reportInstance } }) as unknown as Walks;
    instances.set(memory, walks);
  }
  return walks;
}

/** skim.ts `valueEnd` of the array or object at `i`: where it ends and how many elements it has. */
export function skimValue(bytes: Uint8Array, i: number): { end: number; elements: number } | undefined {
  const first = bytes[i];
  if (first !== 0x5b && first !== 0x7b) return undefined;
  const walks = walksFor(bytes);
  if (walks === undefined) return undefined;
  const at = bytes.byteOffset;
  const elements = walks.skim(at + i, at + bytes.length);
  return elements < 0 ? undefined : { end: walks.end() - at, elements };
}

/**
 * instance-index.ts's walk of the array of instances at `i`: each instance given to `each` in order, and
 * where the array ends; undefined where JavaScript is to answer (what `each` was given is then void).
 */
export function indexValue(bytes: Uint8Array, i: number, each: InstanceSink): { end: number; count: number } | undefined {
  const walks = walksFor(bytes);
  if (walks === undefined) return undefined;
  const at = bytes.byteOffset;
  sink = each;
  base = at;
  try {
    const count = walks.index(at + i, at + bytes.length);
    return count < 0 ? undefined : { end: walks.end() - at, count };
  } finally {
    sink = undefined;
  }
}
