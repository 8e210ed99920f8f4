/** The order splits are shown in everywhere: training first, then the held-out levels, then any other by code unit. */
import { byCodeUnit } from "../core/py-str.js";

const SPLIT_ORDER: readonly string[] = ["train", "heldout_category", "heldout_task", "heldout_instance"];

export function bySplit(a: string, b: string): number {
  const rank = (s: string): number => (SPLIT_ORDER.includes(s) ? SPLIT_ORDER.indexOf(s) : SPLIT_ORDER.length);
  return rank(a) - rank(b) || byCodeUnit(a, b);
}
