/** What filters, tests and methods may use from the running interpreter. */
import type { Rng } from "../../core/rng.js";
import type { Kwargs, PyValue } from "./values.js";

export interface Runtime {
  readonly rng: Rng;
  /** Charge `n` interpreter steps; throws a limit error past maxSteps. */
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

/** A string as Python sees it: an array of code points (only split when it holds surrogates). */
export function chars(s: string): string[] {
  return /[\uD800-\uDFFF]/.test(s) ? Array.from(s) : s.split("");
}
