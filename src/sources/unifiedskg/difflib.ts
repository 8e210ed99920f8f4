/**
 * Python `difflib.SequenceMatcher(None, a, b).find_longest_match(0, len(a), 0, len(b))` over lists
 * of strings: the longest common block, earliest in `a`, then earliest in `b`. With the default
 * `autojunk`, when `b` has 200 or more items, items occurring more than `len(b) // 100 + 1` times are
 * "popular": they cannot start a match but a match may still grow over them.
 */
export interface LongestMatch {
  a: number;
  b: number;
  size: number;
}

export function findLongestMatch(a: readonly string[], b: readonly string[]): LongestMatch {
  const b2j = indexB(b);
  let besti = 0;
  let bestj = 0;
  let bestsize = 0;
  let j2len = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const next = new Map<number, number>();
    for (const j of b2j.get(a[i] as string) ?? []) {
      const k = (j2len.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > bestsize) {
        besti = i - k + 1;
        bestj = j - k + 1;
        bestsize = k;
      }
    }
    j2len = next;
  }
  while (besti > 0 && bestj > 0 && a[besti - 1] === b[bestj - 1]) {
    besti--;
    bestj--;
    bestsize++;
  }
  while (besti + bestsize < a.length && bestj + bestsize < b.length && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
  return { a: besti, b: bestj, size: bestsize };
}

/** `SequenceMatcher.__chain_b`: positions of each item in `b`, popular items removed. */
function indexB(b: readonly string[]): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  b.forEach((item, j) => {
    const list = b2j.get(item);
    if (list) list.push(j);
    else b2j.set(item, [j]);
  });
  if (b.length >= 200) {
    const ntest = Math.floor(b.length / 100) + 1;
    for (const [item, list] of [...b2j]) if (list.length > ntest) b2j.delete(item);
  }
  return b2j;
}
