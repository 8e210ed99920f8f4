/**
 * What one render of a compiled template runs against: its limits and counters, its rng, the
 * caller's context (converted name by name, on first use), the environment's globals (wrapped on
 * first use), and the frames and output buffers the compiled closures use.
 */
import type { Rng } from "../../core/rng.js";
import { PyError, pyTypeError, pyUndefinedError } from "./errors.js";
import { LoopObject } from "./loop.js";
import type { Definitions, GlobalFn, Runtime } from "./runtime.js";
import type { Kwargs, PyValue } from "./values.js";
import { fromJs, PyFunction, typeName, Undef } from "./values.js";

export interface Limits {
  readonly maxOutputChars: number;
  readonly maxSteps: number;
  readonly maxDepth: number;
}

const limitError = (message: string): PyError => new PyError("LimitError", message);

/** A context name the caller did not give. */
export const MISSING: unique symbol = Symbol("missing");
type RootValue = PyValue | typeof MISSING | undefined;

/** The names a template may look up in its context and among the globals: one index each. */
export interface TemplateNames {
  /** Context names, by root index. */
  readonly roots: readonly string[];
  /** Global names (of the environment's globals), by global index. */
  readonly globals: readonly string[];
}

/** Own and enumerable, as `Object.entries` sees a key (checking `hasOwn` first is the faster test). */
const isEnumerableOwn = (o: object, key: string): boolean => Object.hasOwn(o, key) && Object.prototype.propertyIsEnumerable.call(o, key);

/** The variables of one scope while it runs: one slot per name the compiler found assigned in it. */
export class Frame {
  readonly vars: (PyValue | undefined)[];
  constructor(
    readonly parent: Frame | undefined,
    size: number,
    readonly rt: RenderState,
  ) {
    this.vars = size === 0 ? EMPTY_VARS : new Array<PyValue | undefined>(size);
  }
}
const EMPTY_VARS: (PyValue | undefined)[] = [];

/** Collects output, refusing to grow past the output limit. */
export class Out {
  text = "";
  constructor(private readonly max: number) {}
  write(s: string): void {
    const text = this.text + s;
    if (text.length > this.max) throw limitError(`output exceeds ${this.max} characters`);
    this.text = text;
  }
}

export class RenderState implements Runtime {
  private steps = 0;
  private depth = 0;
  private readonly rootValues: RootValue[];
  private readonly globalValues: (PyFunction | undefined)[];
  private boundCheckSize: ((size: number) => void) | undefined;

  constructor(
    readonly rng: Rng,
    readonly limits: Limits,
    private readonly definitions: Definitions,
    private readonly names: TemplateNames,
    private readonly context: Record<string, unknown>,
  ) {
    this.rootValues = new Array<RootValue>(names.roots.length);
    this.globalValues = new Array<PyFunction | undefined>(names.globals.length);
  }

  /** The caller's value for a context name, as an engine value (the same object on every lookup), or MISSING. */
  root(index: number): PyValue | typeof MISSING {
    const known = this.rootValues[index];
    if (known !== undefined) return known;
    const name = this.names.roots[index] as string;
    const value = isEnumerableOwn(this.context, name) ? fromJs(this.context[name]) : MISSING;
    this.rootValues[index] = value;
    return value;
  }

  /** A global function bound to this render. */
  global(index: number): PyFunction {
    const known = this.globalValues[index];
    if (known !== undefined) return known;
    const name = this.names.globals[index] as string;
    const fn = this.definitions.globals[name] as GlobalFn;
    const bound = new PyFunction(name, (args, kwargs) => fn(this, args, kwargs));
    this.globalValues[index] = bound;
    return bound;
  }

  /** `checkSize` as a function value, for the operators. */
  get sizeCheck(): (size: number) => void {
    this.boundCheckSize ??= (size) => this.checkSize(size);
    return this.boundCheckSize;
  }

  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.limits.maxSteps) throw limitError(`more than ${this.limits.maxSteps} interpreter steps`);
  }

  checkSize(size: number): void {
    if (size > this.limits.maxOutputChars) throw limitError(`value of ${size} items/characters exceeds the output limit`);
  }

  call(fn: PyValue, args: PyValue[], kwargs: Kwargs): PyValue {
    this.step();
    if (fn instanceof PyFunction) return fn.call(args, kwargs);
    if (fn instanceof Undef) throw pyUndefinedError(fn.message);
    if (fn instanceof LoopObject && fn.recurse) {
      const recurse = fn.recurse;
      return this.nested(() => recurse(args[0] ?? null));
    }
    throw pyTypeError(`'${typeName(fn)}' object is not callable`);
  }

  callFilter(name: string, value: PyValue, args: PyValue[], kwargs: Kwargs): PyValue {
    this.step();
    const filter = this.hasFilter(name) ? this.definitions.filters[name] : undefined;
    if (!filter) throw new PyError("TemplateRuntimeError", `No filter named '${name}' found.`);
    return filter(this, value, args, kwargs);
  }

  callTest(name: string, value: PyValue, args: PyValue[]): boolean {
    this.step();
    const test = this.hasTest(name) ? this.definitions.tests[name] : undefined;
    if (!test) throw new PyError("TemplateRuntimeError", `No test named '${name}' found.`);
    return test(this, value, args);
  }

  hasFilter(name: string): boolean {
    return Object.hasOwn(this.definitions.filters, name);
  }

  hasTest(name: string): boolean {
    return Object.hasOwn(this.definitions.tests, name);
  }

  /** Run `f` one macro call or recursive loop deeper, refusing to pass maxDepth. */
  nested<T>(f: () => T): T {
    if (++this.depth > this.limits.maxDepth) throw limitError(`calls nested deeper than ${this.limits.maxDepth}`);
    try {
      return f();
    } finally {
      this.depth--;
    }
  }
}
