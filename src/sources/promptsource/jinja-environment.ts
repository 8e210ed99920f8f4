/**
 * The Jinja environment PromptSource renders with (promptsource/templates.py): Jinja2's default
 * Environment plus the `zip` global and the `choice`, `most_frequent` and `highlight` filters.
 * `choice` draws from the render's seeded rng (upstream: Python's global random.choice); `zip`
 * returns a list of tuples (upstream: a lazy iterator, printed as `<zip object …>`).
 */
import {
  createEnvironment,
  type Environment,
  type FilterFn,
  type GlobalFn,
  isStr,
  iterate,
  PyError,
  type PyValue,
  pyHashKey,
  strVal,
  truthy,
  tuple,
  typeName,
} from "../../lib/jinja/index.js";

/** Every item tied for the top count, in first-seen order (Counter.most_common), None for an empty input. */
const mostFrequent: FilterFn = (rt, value) => {
  if (!truthy(value)) return null;
  const counts = new Map<string, [PyValue, number]>();
  for (const item of iterate(value, rt)) {
    const h = pyHashKey(item);
    if (h === undefined) throw new PyError("TypeError", "unhashable type");
    const entry = counts.get(h);
    if (entry) entry[1]++;
    else counts.set(h, [item, 1]);
  }
  const top = Math.max(...[...counts.values()].map(([, n]) => n));
  return [...counts.values()].filter(([, n]) => n === top).map(([item]) => item);
};

const FILTERS: Record<string, FilterFn> = {
  choice: (rt, v) => {
    const list = iterate(v, rt);
    if (list.length === 0) throw new PyError("IndexError", "Cannot choose from an empty sequence");
    return rt.rng.choice(list);
  },
  most_frequent: mostFrequent,
  highlight: (_rt, v) => {
    if (!isStr(v)) throw new PyError("TypeError", `can only concatenate str (not "${typeName(v)}") to str`);
    return `<span style='color: #F08080'>${strVal(v)}</span>`;
  },
};

const GLOBALS: Record<string, GlobalFn> = {
  zip: (rt, args) => {
    const lists = args.map((a) => rt.callFilter("list", a, [], new Map()) as PyValue[]);
    const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
    const out: PyValue[] = [];
    for (let i = 0; i < n; i++) out.push(tuple(lists.map((l) => l[i] as PyValue)));
    return out;
  },
};

export const PROMPTSOURCE_ENVIRONMENT: Environment = createEnvironment({ filters: FILTERS, globals: GLOBALS });
