/** The `loop` variable of a for loop, and the `cycler`/`joiner` globals. */
import { pyTypeError } from "./errors.js";
import type { PyValue } from "./values.js";
import { PyFunction, PyObject, pyEq, tuple, Undef } from "./values.js";

export class LoopObject extends PyObject {
  readonly typeName = "LoopContext";
  index0 = 0;
  private lastChanged: PyValue[] | undefined;

  constructor(
    readonly items: readonly PyValue[],
    readonly depth0: number,
    /** Renders the loop body again over another iterable (`loop(children)` in recursive loops). */
    readonly recurse: ((iterable: PyValue) => string) | undefined,
  ) {
    super();
  }

  getAttr(name: string): PyValue | undefined {
    const n = this.items.length;
    const i = this.index0;
    switch (name) {
      case "index":
        return i + 1;
      case "index0":
        return i;
      case "revindex":
        return n - i;
      case "revindex0":
        return n - i - 1;
      case "first":
        return i === 0;
      case "last":
        return i === n - 1;
      case "length":
        return n;
      case "depth":
        return this.depth0 + 1;
      case "depth0":
        return this.depth0;
      case "previtem":
        return i > 0 ? (this.items[i - 1] as PyValue) : new Undef("there is no previous item");
      case "nextitem":
        return i < n - 1 ? (this.items[i + 1] as PyValue) : new Undef("there is no next item");
      case "cycle":
        return new PyFunction("cycle", (args) => {
          if (args.length === 0) throw pyTypeError("no items for cycling given");
          return args[i % args.length] as PyValue;
        });
      case "changed":
        return new PyFunction("changed", (args) => {
          const changed = this.lastChanged === undefined || !pyEq(tuple(args.slice()), tuple(this.lastChanged.slice()));
          this.lastChanged = args;
          return changed;
        });
      default:
        return undefined;
    }
  }

  repr(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}

export class Cycler extends PyObject {
  readonly typeName = "Cycler";
  private pos = 0;
  constructor(private readonly items: PyValue[]) {
    super();
  }
  getAttr(name: string): PyValue | undefined {
    if (name === "current") return this.items[this.pos] ?? null;
    if (name === "reset")
      return new PyFunction("reset", () => {
        this.pos = 0;
        return null;
      });
    if (name === "next")
      return new PyFunction("next", () => {
        const v = this.items[this.pos] ?? null;
        this.pos = (this.pos + 1) % Math.max(1, this.items.length);
        return v;
      });
    return undefined;
  }
  repr(): string {
    return "<Cycler>";
  }
}
