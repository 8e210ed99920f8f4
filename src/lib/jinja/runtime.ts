/** What filters, tests, globals and methods may use from the running render, and their signatures. */
import type { Rng } from "../../core/rng.js";
import type { Kwargs, PyValue } from "./values.js";

export interface Runtime {
  readonly rng: Rng;
  /** Charge `n` steps; throws a limit error past maxSteps. */
  step(n?: number): void;
  /** Refuse to build a string or list longer than the output limit. */
  checkSize(size: number): void;
  call(fn: PyValue, args: PyValue[], kwargs: Kwargs): PyValue;
  callFilter(name: string, value: PyValue, args: PyValue[], kwargs: Kwargs): PyValue;
  callTest(name: string, value: PyValue, args: PyValue[]): boolean;
  /** Whether the environment has this filter (the `filter` test). */
  hasFilter(name: string): boolean;
  /** Whether the environment has this test (the `test` test). */
  hasTest(name: string): boolean;
}

/** A filter: `value|name(args, kwargs)`. Throw a PyError to raise a Python exception. */
export type FilterFn = (rt: Runtime, value: PyValue, args: PyValue[], kwargs: Kwargs) => PyValue;

/** A test: `value is name(args)`. */
export type TestFn = (rt: Runtime, value: PyValue, args: PyValue[]) => boolean;

/** A global function: `name(args, kwargs)`. */
export type GlobalFn = (rt: Runtime, args: PyValue[], kwargs: Kwargs) => PyValue;

/** The names an environment gives its templates (Jinja2's `env.filters`, `env.tests`, `env.globals`). */
export interface Definitions {
  readonly filters: Readonly<Record<string, FilterFn>>;
  readonly tests: Readonly<Record<string, TestFn>>;
  readonly globals: Readonly<Record<string, GlobalFn>>;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** A string as Python sees it: an array of code points (only split when it holds surrogates). */
export function chars(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split("");
}

/** Python `len()` of a string: `chars(s).length` without building the array. */
export function charCount(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}
