/**
 * The filters PromptSource registers on its Jinja environment (promptsource/templates.py):
 * `choice` (random.choice, here from the render's seeded rng), `most_frequent` (every item tied
 * for the top count, in first-seen order, None for an empty input) and `highlight` (UI markup).
 */
import { iterate } from "./access.js";
import { PyError, pyTypeError } from "./errors.js";
import type { FilterFn } from "./filter-args.js";
import { hashKey } from "./filters-seq.js";
import { pyStr } from "./repr.js";
import type { Runtime } from "./runtime.js";
import type { PyValue } from "./values.js";
import { isStr, strVal, truthy, typeName } from "./values.js";

function mostFrequent(rt: Runtime, value: PyValue): PyValue {
  if (!truthy(value)) return null;
  const counts = new Map<string, [PyValue, number]>();
  for (const item of iterate(value, rt)) {
    const h = hashKey(item) ?? (Object.isFrozen(item) ? `t${pyStr(item)}` : undefined);
    if (h === undefined) throw pyTypeError("unhashable type");
    const entry = counts.get(h);
    if (entry) entry[1]++;
    else counts.set(h, [item, 1]);
  }
  const top = Math.max(...[...counts.values()].map(([, n]) => n));
  return [...counts.values()].filter(([, n]) => n === top).map(([item]) => item);
}

export const PROMPTSOURCE_FILTERS: Record<string, FilterFn> = {
  choice: (rt, v) => {
    const list = iterate(v, rt);
    if (list.length === 0) throw new PyError("IndexError", "Cannot choose from an empty sequence");
    return rt.rng.choice(list);
  },
  most_frequent: mostFrequent,
  highlight: (_rt, v) => {
    if (!isStr(v)) throw pyTypeError(`can only concatenate str (not "${typeName(v)}") to str`);
    return `<span style='color: #F08080'>${strVal(v)}</span>`;
  },
};
