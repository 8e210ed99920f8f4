/**
 * Name resolution at compile time. Every scope a render opens (the template body, a loop iteration,
 * a macro call, a `with`, a block set...) is a ScopeNode here: the names assigned in it get a slot of
 * its frames, so a lookup is a walk of known length to a known slot, then the context, then the
 * globals, as the scope chain of Jinja2 (and of a Map per scope) would find it.
 */
import type { Stmt, Target } from "./ast.js";
import { type Frame, MISSING, type TemplateNames } from "./render-state.js";
import type { Definitions } from "./runtime.js";
import { type PyValue, Undef } from "./values.js";

export class ScopeNode {
  private readonly slots = new Map<string, number>();
  constructor(readonly parent: ScopeNode | undefined) {}

  /** The slot of a name assigned in this scope. */
  declare(name: string): number {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(name, slot);
    }
    return slot;
  }

  slotOf(name: string): number | undefined {
    return this.slots.get(name);
  }

  get size(): number {
    return this.slots.size;
  }
}

/** What the compiler of one template shares: the environment, and the context and global names used. */
export class Unit implements TemplateNames {
  readonly roots: string[] = [];
  readonly globals: string[] = [];
  private readonly rootIndex = new Map<string, number>();
  private readonly globalIndex = new Map<string, number>();

  constructor(readonly definitions: Definitions) {}

  rootOf(name: string): number {
    return indexIn(this.rootIndex, this.roots, name);
  }

  /** The global index of a name, or -1 when the environment has no such global. */
  globalOf(name: string): number {
    return Object.hasOwn(this.definitions.globals, name) ? indexIn(this.globalIndex, this.globals, name) : -1;
  }
}

function indexIn(index: Map<string, number>, names: string[], name: string): number {
  let i = index.get(name);
  if (i === undefined) {
    i = names.length;
    names.push(name);
    index.set(name, i);
  }
  return i;
}

/** Declare the names a body assigns in its own scope (not in the scopes its loops, blocks and macros open). */
export function declareBody(body: readonly Stmt[], scope: ScopeNode): void {
  for (const s of body) {
    if (s.kind === "set" || s.kind === "setblock") declareTarget(s.target, scope);
    else if (s.kind === "macro") scope.declare(s.name);
    else if (s.kind === "if") {
      declareBody(s.body, scope);
      declareBody(s.orelse, scope);
    }
  }
}

export function declareTarget(target: Target, scope: ScopeNode): void {
  if (target.kind === "name") scope.declare(target.name);
  else if (target.kind === "tuple") for (const t of target.items) declareTarget(t, scope);
}

type Lookup = (f: Frame) => PyValue | typeof MISSING;

/**
 * The value of `name` from a frame of `scope`: the innermost scope that has assigned it, else the
 * context, else (`withGlobals`) the global or an Undefined; MISSING when none has it (only without globals).
 */
export function compileLookup(name: string, scope: ScopeNode, unit: Unit, withGlobals: boolean): Lookup {
  const root = unit.rootOf(name);
  const global = withGlobals ? unit.globalOf(name) : -1;
  const undefinedMessage = `'${name}' is undefined`;
  const fallback = (f: Frame): PyValue | typeof MISSING => {
    const rt = f.rt;
    const v = rt.root(root);
    if (v !== MISSING || !withGlobals) return v;
    return global >= 0 ? rt.global(global) : new Undef(undefinedMessage);
  };
  const path: [number, number][] = [];
  let hops = 0;
  for (let s: ScopeNode | undefined = scope; s; s = s.parent, hops++) {
    const slot = s.slotOf(name);
    if (slot !== undefined) path.push([hops, slot]);
  }
  if (path.length === 0) return fallback;
  if (path.length === 1 && (path[0] as [number, number])[0] === 0) {
    const slot = (path[0] as [number, number])[1];
    return (f) => {
      const v = f.vars[slot];
      return v !== undefined ? v : fallback(f);
    };
  }
  return (f) => {
    let frame: Frame = f;
    let at = 0;
    for (const [h, slot] of path) {
      for (; at < h; at++) frame = frame.parent as Frame;
      const v = frame.vars[slot];
      if (v !== undefined) return v;
    }
    return fallback(f);
  };
}
