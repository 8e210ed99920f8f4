/**
 * A task file's `Instances` array checked and indexed in place: each instance's id decoded, the rest
 * left as bytes until a render asks for them (`SkimmedInstance`). A build renders at most a few hundred
 * of a task's thousands of instances; decoding and parsing all of them is most of a load's time.
 *
 * Only the plain case is indexed: every element an object with a string `id` (unique), a string `input`
 * and an `output` list of strings, every byte of the array valid JSON (core/json-bytes.ts). Anything
 * else (a missing id, a null output, a bare NaN, a wrong type, a duplicate id, an escaped key) gives
 * undefined, and the caller parses the whole file, which reads it with every note or fails with every
 * problem, as task-file.ts says. So an indexed task is the task a full parse gives. The array is walked
 * by walk.wat when the bytes are a WebAssembly memory (walk.ts), by `indexArrayJs` otherwise or where
 * walk.wat leaves a case to it: the same instances.
 */
import { jsonStringEnd, jsonValueEnd, lastStringEscaped, skipJsonSpace } from "../../core/json-bytes.js";
import type { ReadBuffer } from "../../core/scratch.js";
import type { Instance } from "../../types.js";
import { type InstancesValue, walkInstances } from "./skim.js";
import { indexValue } from "./walk.js";

// Local constants, not imports: an imported binding costs a load and a check in the hot loops below.
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const KEY_OTHER = 0;
const KEY_ID = 1;
const KEY_INPUT = 2;
const KEY_OUTPUT = 3;
const KEY_ESCAPED = 4;
const ID = new TextEncoder().encode('"id"');
const INPUT = new TextEncoder().encode('"input"');
const OUTPUT = new TextEncoder().encode('"output"');

function spells(bytes: Buffer, start: number, word: Uint8Array): boolean {
  for (let k = 1; k < word.length - 1; k++) if (bytes[start + k] !== word[k]) return false;
  return true;
}

/**
 * Which key the string just checked by `jsonStringEnd`, from `start` to `end` (quotes included), is; an
 * escaped key might spell any of them.
 */
function keyOf(bytes: Buffer, start: number, end: number): number {
  if (lastStringEscaped()) return KEY_ESCAPED;
  const length = end - start;
  if (length === ID.length) return spells(bytes, start, ID) ? KEY_ID : KEY_OTHER;
  if (length === INPUT.length) return spells(bytes, start, INPUT) ? KEY_INPUT : KEY_OTHER;
  if (length === OUTPUT.length) return spells(bytes, start, OUTPUT) ? KEY_OUTPUT : KEY_OTHER;
  return KEY_OTHER;
}

/** An instance whose input and outputs are decoded from the file's bytes when first read. */
/** The caller's buffer the bytes were read into (`LoadOptions.into`), and which read of it they are. */
export interface BufferLease {
  buffer: ReadBuffer;
  read: number;
}

export class SkimmedInstance implements Instance {
  // Private by the language (#): nothing but id, input and outputs is seen as the instance's own.
  #decoded: { input: string; outputs: string[] } | undefined;
  readonly #bytes: Buffer;
  readonly #start: number;
  readonly #end: number;
  readonly #lease: BufferLease | undefined;
  constructor(
    readonly id: string,
    bytes: Buffer,
    start: number,
    end: number,
    lease?: BufferLease,
  ) {
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
    this.#lease = lease;
  }

  get input(): string {
    return this.#decode().input;
  }

  get outputs(): string[] {
    return this.#decode().outputs;
  }

  /** As a plain instance would serialise. */
  toJSON(): Instance {
    return { id: this.id, input: this.input, outputs: this.outputs };
  }

  #decode(): { input: string; outputs: string[] } {
    if (this.#decoded === undefined) {
      const lease = this.#lease;
      // Its bytes are gone: the caller read another file into its buffer while it kept this task.
      if (lease && lease.buffer.reads !== lease.read)
        throw new Error(`instance ${this.id} was read after the buffer of its task's file was read into again`);
      // Checked when indexed: an object whose last input is a string and last output a list of strings.
      const raw = JSON.parse(this.#bytes.toString("utf8", this.#start, this.#end)) as { input: string; output: string[] };
      this.#decoded = { input: raw.input, outputs: raw.output };
    }
    return this.#decoded;
  }
}

/**
 * The `Instances` array of a task file's bytes (valid UTF-8, from `from`) indexed, with where it lies, or
 * undefined when the file or the array is not the plain case. With a `lease`, the bytes are in a caller's
 * buffer: an instance decoded after the buffer was read into again throws instead of reading another file.
 */
export function indexInstances(bytes: Buffer, from: number, lease?: BufferLease): InstancesValue<SkimmedInstance[]> | undefined {
  return walkInstances(bytes, from, (i) => {
    const indexed = indexArray(bytes, i, lease);
    return indexed && { end: indexed.end, read: indexed.instances };
  });
}

/** The instances a walk has found so far, in order: each id decoded, a duplicate refused. */
class FoundInstances {
  readonly instances: SkimmedInstance[] = [];
  private readonly ids = new Set<string>();
  constructor(
    private readonly bytes: Buffer,
    private readonly lease: BufferLease | undefined,
  ) {}

  /** The instance from `start` to `end`, its id string from `idStart` to `idEnd`; false when that id was found before. */
  add(start: number, end: number, idStart: number, idEnd: number, idEscaped: boolean): boolean {
    const id = decodeString(this.bytes, idStart, idEnd, idEscaped);
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    this.instances.push(new SkimmedInstance(id, this.bytes, start, end, this.lease));
    return true;
  }
}

/** The array of instances at `i` indexed: by walk.wat where it answers (walk.ts), else by `indexArrayJs`. */
function indexArray(bytes: Buffer, i: number, lease: BufferLease | undefined): { end: number; instances: SkimmedInstance[] } | undefined {
  const found = new FoundInstances(bytes, lease);
  const walked = indexValue(bytes, i, (start, end, idStart, idEnd, idEscaped) => found.add(start, end, idStart, idEnd, idEscaped));
  return walked ? { end: walked.end, instances: found.instances } : indexArrayJs(bytes, i, lease);
}

/** The reference walk: the array of instances at `i`, each checked as JSON.parse checks it, or undefined. */
export function indexArrayJs(
  bytes: Buffer,
  i: number,
  lease: BufferLease | undefined,
): { end: number; instances: SkimmedInstance[] } | undefined {
  const end = bytes.length;
  const found = new FoundInstances(bytes, lease);
  if (bytes[i] !== OPEN_ARRAY) return undefined;
  i = skipJsonSpace(bytes, i + 1, end);
  if (bytes[i] === CLOSE_ARRAY) return { end: i + 1, instances: found.instances };
  for (;;) {
    const element = elementOf(bytes, i, end);
    if (element === undefined) return undefined;
    if (!found.add(i, element.end, element.idStart, element.idEnd, element.idEscaped)) return undefined;
    i = skipJsonSpace(bytes, element.end, end);
    if (bytes[i] === CLOSE_ARRAY) return { end: i + 1, instances: found.instances };
    if (bytes[i] !== COMMA) return undefined;
    i = skipJsonSpace(bytes, i + 1, end);
  }
}

function decodeString(bytes: Buffer, start: number, end: number, escaped: boolean): string {
  if (escaped) return JSON.parse(bytes.toString("utf8", start, end)) as string;
  return bytes.toString("utf8", start + 1, end - 1);
}

/** One instance object at `i`: where it ends and where its (last) id string lies, or undefined. */
function elementOf(bytes: Buffer, i: number, end: number): { end: number; idStart: number; idEnd: number; idEscaped: boolean } | undefined {
  if (bytes[i] !== OPEN_OBJECT) return undefined;
  let idStart = -1;
  let idEnd = -1;
  let idEscaped = false;
  let input = false;
  let output = false;
  let j = skipJsonSpace(bytes, i + 1, end);
  if (bytes[j] === CLOSE_OBJECT) return undefined;
  for (;;) {
    if (bytes[j] !== QUOTE) return undefined;
    const keyEnd = jsonStringEnd(bytes, j, end);
    if (keyEnd < 0) return undefined;
    const key = keyOf(bytes, j, keyEnd);
    if (key === KEY_ESCAPED) return undefined;
    j = skipJsonSpace(bytes, keyEnd, end);
    if (bytes[j] !== COLON) return undefined;
    j = skipJsonSpace(bytes, j + 1, end);
    let valueEnd: number;
    if (key === KEY_ID || key === KEY_INPUT) {
      if (bytes[j] !== QUOTE) return undefined;
      valueEnd = jsonStringEnd(bytes, j, end);
      if (key === KEY_ID) {
        idStart = j;
        idEnd = valueEnd;
        idEscaped = lastStringEscaped();
      } else input = true;
    } else if (key === KEY_OUTPUT) {
      valueEnd = stringListEnd(bytes, j, end);
      output = true;
    } else valueEnd = jsonValueEnd(bytes, j, end);
    if (valueEnd < 0) return undefined;
    j = skipJsonSpace(bytes, valueEnd, end);
    if (bytes[j] === CLOSE_OBJECT) break;
    if (bytes[j] !== COMMA) return undefined;
    j = skipJsonSpace(bytes, j + 1, end);
  }
  if (idStart < 0 || !input || !output) return undefined;
  return { end: j + 1, idStart, idEnd, idEscaped };
}

/** The end of a JSON array of strings at `i`, or -1 (anything else, a null among them included). */
function stringListEnd(bytes: Buffer, i: number, end: number): number {
  if (bytes[i] !== OPEN_ARRAY) return -1;
  let j = skipJsonSpace(bytes, i + 1, end);
  if (bytes[j] === CLOSE_ARRAY) return j + 1;
  for (;;) {
    if (bytes[j] !== QUOTE) return -1;
    j = jsonStringEnd(bytes, j, end);
    if (j < 0) return -1;
    j = skipJsonSpace(bytes, j, end);
    if (bytes[j] === CLOSE_ARRAY) return j + 1;
    if (bytes[j] !== COMMA) return -1;
    j = skipJsonSpace(bytes, j + 1, end);
  }
}
