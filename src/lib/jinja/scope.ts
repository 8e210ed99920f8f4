/** Variable scopes: template level, per loop iteration, per macro call, `with` blocks. */
import type { PyValue } from "./values.js";

export class Scope {
  private readonly vars = new Map<string, PyValue>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): PyValue | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  set(name: string, value: PyValue): void {
    this.vars.set(name, value);
  }

  child(): Scope {
    return new Scope(this);
  }
}
