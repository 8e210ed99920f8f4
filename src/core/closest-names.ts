/** "Did you mean" suggestions for unknown names (categories, tasks, adapters), in the manner of seqio's _get_closest_names. */
import { byCodeUnit } from "./py-str.js";

/**
 * Up to `n` candidates close to `name`, best first: those containing `name` (or contained in it) first, then by
 * case-insensitive edit distance, ties by code unit. Candidates farther than half the longer length are dropped.
 */
export function closestNames(name: string, candidates: readonly string[], n = 3): string[] {
  const needle = name.trim().toLowerCase();
  const scored = candidates.map((candidate) => {
    const hay = candidate.toLowerCase();
    const substring = needle.length > 0 && (hay.includes(needle) || needle.includes(hay));
    return { candidate, substring, distance: editDistance(needle, hay), limit: Math.max(needle.length, hay.length) / 2 };
  });
  return scored
    .filter((s) => s.substring || s.distance <= s.limit)
    .sort((a, b) => Number(b.substring) - Number(a.substring) || a.distance - b.distance || byCodeUnit(a.candidate, b.candidate))
    .slice(0, n)
    .map((s) => s.candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
