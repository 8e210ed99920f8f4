/** The object `namespace()` returns; `{% set ns.attr = value %}` assigns its attributes. */
import { reprDictLike } from "./repr.js";
import type { PyValue } from "./values.js";
import { PyObject } from "./values.js";

export class Namespace extends PyObject {
  readonly typeName = "Namespace";
  readonly attrs = new Map<string, PyValue>();
  getAttr(name: string): PyValue | undefined {
    return this.attrs.get(name);
  }
  repr(): string {
    return `<Namespace ${reprDictLike(this.attrs)}>`;
  }
}
