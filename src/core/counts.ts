import { byCodeUnit } from "./py-str.js";

/** Named counters (drop reasons, per-split counts) kept as plain objects so they serialize as-is. */
export type Counts = Record<string, number>;

export function bump(counts: Counts, key: string, n = 1): void {
  if (n !== 0) counts[key] = (counts[key] ?? 0) + n;
}

/** Add every count of `from` into `into`. */
export function addCounts(into: Counts, from: Readonly<Counts>): void {
  for (const [k, n] of Object.entries(from)) bump(into, k, n);
}

/** The same counts with keys in code-unit order, for byte-stable JSON. */
export function sortedCounts(counts: Readonly<Counts>): Counts {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => byCodeUnit(a, b)));
}
