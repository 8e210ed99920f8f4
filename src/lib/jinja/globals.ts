/** Global functions: range, dict, namespace, zip (PromptSource), cycler, joiner. */
import { pyTypeError, pyValueError } from "./errors.js";
import { Cycler } from "./loop.js";
import { Namespace } from "./namespace.js";
import type { Runtime } from "./runtime.js";
import type { PyDict, PyValue } from "./values.js";
import { dictKey, isDict, isFloat, isNumeric, numVal, PyFunction, PyRange, tuple, typeName } from "./values.js";

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

export function makeGlobals(rt: Runtime): Map<string, PyValue> {
  const g = new Map<string, PyValue>();
  g.set(
    "range",
    new PyFunction("range", (args) => {
      const ints = args.map(intArg);
      if (ints.length === 0 || ints.length > 3) throw pyTypeError(`range expected 1 to 3 arguments, got ${ints.length}`);
      const [a = 0, b = 0, c = 1] = ints;
      if (c === 0) throw pyValueError("range() arg 3 must not be zero");
      return ints.length === 1 ? new PyRange(0, a, 1) : new PyRange(a, b, c);
    }),
  );
  g.set("dict", new PyFunction("dict", (args, kwargs) => toDict(args, kwargs, rt)));
  g.set(
    "namespace",
    new PyFunction("namespace", (args, kwargs) => {
      const ns = new Namespace();
      for (const [k, v] of toDict(args, kwargs, rt)) ns.attrs.set(String(k), v);
      return ns;
    }),
  );
  g.set(
    "zip",
    new PyFunction("zip", (args) => {
      const lists = args.map((a) => rt.callFilter("list", a, [], new Map()) as PyValue[]);
      const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
      const out: PyValue[] = [];
      for (let i = 0; i < n; i++) out.push(tuple(lists.map((l) => l[i] as PyValue)));
      return out;
    }),
  );
  g.set("cycler", new PyFunction("cycler", (args) => new Cycler(args)));
  g.set(
    "joiner",
    new PyFunction("joiner", (args) => {
      const sep = args[0] ?? ", ";
      let used = false;
      return new PyFunction("joiner", () => {
        if (used) return sep;
        used = true;
        return "";
      });
    }),
  );
  return g;
}
