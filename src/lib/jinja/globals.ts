/** Jinja2's default global functions: range, dict, namespace, cycler, joiner. */
import { pyTypeError, pyValueError } from "./errors.js";
import { Cycler } from "./loop.js";
import { Namespace } from "./namespace.js";
import type { GlobalFn, Runtime } from "./runtime.js";
import type { PyDict, PyValue } from "./values.js";
import { dictKey, isDict, isFloat, isNumeric, numVal, PyFunction, PyRange, typeName } from "./values.js";

function intArg(v: PyValue): number {
  if (!isNumeric(v) || isFloat(v)) throw pyTypeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
  return numVal(v);
}

function toDict(args: PyValue[], kwargs: Map<string, PyValue>, rt: Runtime): PyDict {
  const out: PyDict = new Map();
  const src = args[0];
  if (src !== undefined && isDict(src)) for (const [k, v] of src) out.set(k, v);
  else if (src !== undefined)
    for (const pair of rt.callFilter("list", src, [], new Map()) as PyValue[]) {
      const items = rt.callFilter("list", pair, [], new Map()) as PyValue[];
      if (items.length !== 2) throw pyValueError("dictionary update sequence element has wrong length");
      out.set(dictKey(items[0] as PyValue), items[1] as PyValue);
    }
  for (const [k, v] of kwargs) out.set(k, v);
  return out;
}

export const GLOBALS: Record<string, GlobalFn> = {
  range: (_rt, args) => {
    const ints = args.map(intArg);
    if (ints.length === 0 || ints.length > 3) throw pyTypeError(`range expected 1 to 3 arguments, got ${ints.length}`);
    const [a = 0, b = 0, c = 1] = ints;
    if (c === 0) throw pyValueError("range() arg 3 must not be zero");
    return ints.length === 1 ? new PyRange(0, a, 1) : new PyRange(a, b, c);
  },
  dict: (rt, args, kwargs) => toDict(args, kwargs, rt),
  namespace: (rt, args, kwargs) => {
    const ns = new Namespace();
    for (const [k, v] of toDict(args, kwargs, rt)) ns.attrs.set(String(k), v);
    return ns;
  },
  cycler: (_rt, args) => new Cycler(args),
  joiner: (_rt, args) => {
    const sep = args[0] ?? ", ";
    let used = false;
    return new PyFunction("joiner", () => {
      if (used) return sep;
      used = true;
      return "";
    });
  },
};
