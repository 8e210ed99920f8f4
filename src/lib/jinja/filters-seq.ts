/** Sequence filters of Jinja2 3.1.6 (join, map, select..., sort, unique...). */
import { getItem, guardName, iterate, pyLength } from "./access.js";
import { PyError, pyTypeError } from "./errors.js";
import { boolParam, intParam, param } from "./filter-args.js";
import { hashKey } from "./hash.js";
import { getMethod } from "./methods.js";
import { binaryOp } from "./ops.js";
import { pyStr } from "./repr.js";
import type { FilterFn, Runtime } from "./runtime.js";
import type { Kwargs, PyValue } from "./values.js";
import { isDict, isStr, namedTuple, PyObject, pyCompare, pyEq, strVal, truthy, tuple, Undef } from "./values.js";

type Getter = (item: PyValue) => PyValue;

/** Jinja's make_attrgetter: dotted path of item lookups, "0" parts as ints; optional lower-casing and default. */
function attrGetter(rt: Runtime, attribute: PyValue, lower: boolean, dflt?: PyValue): Getter {
  const parts = isStr(attribute)
    ? strVal(attribute)
        .split(".")
        .map((p): PyValue => (/^\d+$/.test(p) ? Number(p) : p))
    : [attribute];
  return (item) => {
    let v = item;
    for (const p of parts) {
      v = getItem(v, p, rt);
      if (dflt !== undefined && dflt !== null && v instanceof Undef) v = dflt;
    }
    return lower ? ignoreCase(v) : v;
  };
}

const ignoreCase = (v: PyValue): PyValue => (isStr(v) ? strVal(v).toLowerCase() : v);

function keyFn(rt: Runtime, a: PyValue[], k: Kwargs, csIndex: number, attrIndex: number): Getter {
  const caseSensitive = boolParam(a, k, csIndex, "case_sensitive");
  const attribute = param(a, k, attrIndex, "attribute");
  if (attribute !== undefined && attribute !== null) return attrGetter(rt, attribute, !caseSensitive);
  return caseSensitive ? (x) => x : ignoreCase;
}

function sortBy(items: PyValue[], key: Getter, reverse: boolean): PyValue[] {
  const keyed = items.map((item) => [key(item), item] as const);
  keyed.sort((x, y) => (reverse ? -1 : 1) * pyCompare(x[0], y[0]));
  return keyed.map(([, item]) => item);
}

function uniqueBy(items: PyValue[], key: Getter): PyValue[] {
  const seen = new Set<string>();
  const others: PyValue[] = [];
  return items.filter((item) => {
    const k = key(item);
    const h = hashKey(k);
    if (h !== undefined) {
      if (seen.has(h)) return false;
      seen.add(h);
      return true;
    }
    if (Array.isArray(k) && !Object.isFrozen(k)) throw pyTypeError("unhashable type: 'list'");
    if (others.some((o) => pyEq(o, k))) return false;
    others.push(k);
    return true;
  });
}

function selectOrReject(rt: Runtime, value: PyValue, a: PyValue[], lookupAttr: boolean, keep: boolean): PyValue[] {
  const items = iterate(value, rt);
  let transform: Getter = (x) => x;
  let off = 0;
  if (lookupAttr) {
    if (a[0] === undefined) throw pyTypeError("Missing parameter for attribute name");
    transform = attrGetter(rt, a[0], false);
    off = 1;
  }
  const name = a[off];
  const testArgs = a.slice(off + 1);
  const test = name === undefined ? truthy : (x: PyValue) => rt.callTest(pyStr(name), x, testArgs);
  return items.filter((item) => {
    rt.step();
    return test(transform(item)) === keep;
  });
}

function minOrMax(rt: Runtime, value: PyValue, a: PyValue[], k: Kwargs, sign: 1 | -1): PyValue {
  const items = iterate(value, rt);
  if (items.length === 0) return new Undef("No aggregated item, sequence was empty.");
  const key = keyFn(rt, a, k, 0, 1);
  let best = items[0] as PyValue;
  let bestKey = key(best);
  for (const item of items.slice(1)) {
    const ik = key(item);
    if (sign * pyCompare(ik, bestKey) > 0) [best, bestKey] = [item, ik];
  }
  return best;
}

function mapFilter(rt: Runtime, value: PyValue, a: PyValue[], k: Kwargs): PyValue[] {
  const items = iterate(value, rt);
  if (a.length === 0 && k.has("attribute")) {
    const get = attrGetter(rt, k.get("attribute") as PyValue, false, k.get("default"));
    return items.map(get);
  }
  if (a[0] === undefined) return items;
  const name = pyStr(a[0]);
  const rest = a.slice(1);
  return items.map((item) => rt.callFilter(name, item, rest, k));
}

function batch(rt: Runtime, value: PyValue, a: PyValue[], k: Kwargs): PyValue[] {
  const size = intParam(a, k, 0, "linecount", 1);
  const fill = param(a, k, 1, "fill_with") ?? null;
  const out: PyValue[][] = [];
  for (const item of iterate(value, rt)) {
    const last = out[out.length - 1];
    if (!last || last.length === size) out.push([item]);
    else last.push(item);
  }
  const last = out[out.length - 1];
  if (last && fill !== null) while (last.length < size) last.push(fill);
  return out;
}

function sliceFilter(rt: Runtime, value: PyValue, a: PyValue[], k: Kwargs): PyValue[] {
  const seq = iterate(value, rt);
  const slices = intParam(a, k, 0, "slices", 1);
  const fill = param(a, k, 1, "fill_with") ?? null;
  const per = Math.floor(seq.length / slices);
  const extra = seq.length % slices;
  const out: PyValue[] = [];
  let offset = 0;
  for (let n = 0; n < slices; n++) {
    const start = offset + n * per;
    if (n < extra) offset++;
    const tmp = seq.slice(start, offset + (n + 1) * per);
    if (fill !== null && n >= extra) tmp.push(fill);
    out.push(tmp);
  }
  return out;
}

function items(value: PyValue): PyValue[] {
  if (value instanceof Undef) return [];
  if (!isDict(value)) throw pyTypeError("Can only get item pairs from a mapping.");
  return [...value.entries()].map(([key, v]) => tuple([key, v]));
}

const reverse: FilterFn = (rt, v) => {
  if (isStr(v)) return Array.from(strVal(v)).reverse().join("");
  return iterate(v, rt).reverse();
};

export const SEQUENCE_FILTERS: Record<string, FilterFn> = {
  join: (rt, v, a, k) => {
    const attribute = param(a, k, 1, "attribute");
    let list = iterate(v, rt);
    if (attribute !== undefined && attribute !== null) list = list.map(attrGetter(rt, attribute, false));
    const text = list.map(pyStr).join(pyStr(param(a, k, 0, "d") ?? ""));
    rt.checkSize(text.length);
    return text;
  },
  map: mapFilter,
  select: (rt, v, a) => selectOrReject(rt, v, a, false, true),
  reject: (rt, v, a) => selectOrReject(rt, v, a, false, false),
  selectattr: (rt, v, a) => selectOrReject(rt, v, a, true, true),
  rejectattr: (rt, v, a) => selectOrReject(rt, v, a, true, false),
  unique: (rt, v, a, k) => uniqueBy(iterate(v, rt), keyFn(rt, a, k, 0, 1)),
  // A None item is a value (null), not a missing one: test the length, not `??`.
  first: (rt, v) => {
    const all = iterate(v, rt);
    return all.length > 0 ? (all[0] as PyValue) : new Undef("No first item, sequence was empty.");
  },
  last: (rt, v) => {
    const all = iterate(v, rt);
    return all.length > 0 ? (all.at(-1) as PyValue) : new Undef("No last item, sequence was empty.");
  },
  list: (rt, v) => iterate(v, rt),
  sort: (rt, v, a, k) => sortBy(iterate(v, rt), keyFn(rt, a, k, 1, 2), boolParam(a, k, 0, "reverse")),
  reverse,
  sum: (rt, v, a, k) => {
    const attribute = param(a, k, 0, "attribute");
    let list = iterate(v, rt);
    if (attribute !== undefined && attribute !== null) list = list.map(attrGetter(rt, attribute, false));
    return list.reduce((acc, x) => binaryOp("+", acc, x, (n) => rt.checkSize(n)), param(a, k, 1, "start") ?? 0);
  },
  min: (rt, v, a, k) => minOrMax(rt, v, a, k, -1),
  max: (rt, v, a, k) => minOrMax(rt, v, a, k, 1),
  random: (rt, v) => {
    const list = iterate(v, rt);
    return list.length === 0 ? new Undef("No random item, sequence was empty.") : rt.rng.choice(list);
  },
  length: (_rt, v) => pyLength(v),
  count: (_rt, v) => pyLength(v),
  batch,
  slice: sliceFilter,
  items: (_rt, v) => items(v),
  dictsort: (_rt, v, a, k) => {
    const caseSensitive = boolParam(a, k, 0, "case_sensitive");
    const by = pyStr(param(a, k, 1, "by") ?? "key");
    if (by !== "key" && by !== "value") throw new PyError("FilterArgumentError", 'You can only sort by either "key" or "value"');
    const pos = by === "key" ? 0 : 1;
    const key: (x: PyValue) => PyValue = (pair) => {
      const part = (pair as PyValue[])[pos] as PyValue;
      return caseSensitive ? part : ignoreCase(part);
    };
    return sortBy(items(v), key, boolParam(a, k, 2, "reverse"));
  },
  attr: (rt, v, a) => {
    const name = pyStr(a[0] ?? "");
    guardName(name);
    if (v instanceof Undef) throw new PyError("UndefinedError", v.message);
    const found = getMethod(v, name, rt) ?? (v instanceof PyObject ? v.getAttr(name) : undefined);
    return found !== undefined ? found : new Undef(`object has no attribute '${name}'`);
  },
  groupby: (rt, v, a, k) => {
    const attribute = param(a, k, 0, "attribute") ?? null;
    const dflt = param(a, k, 1, "default");
    const caseSensitive = boolParam(a, k, 2, "case_sensitive");
    const key = attrGetter(rt, attribute, !caseSensitive, dflt);
    const shown = attrGetter(rt, attribute, false, dflt);
    const groups: PyValue[][] = [];
    let lastKey: PyValue | undefined;
    for (const item of sortBy(iterate(v, rt), key, false)) {
      const ik = key(item);
      if (lastKey !== undefined && pyEq(ik, lastKey)) (groups[groups.length - 1] as PyValue[]).push(item);
      else groups.push([item]);
      lastKey = ik;
    }
    return groups.map((g) => namedTuple(["grouper", "list"], [shown(g[0] as PyValue), g]));
  },
};
