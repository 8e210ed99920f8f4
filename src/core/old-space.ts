/**
 * A bound on the garbage a thread's old generation holds. V8 collects an isolate's old generation only once
 * it has grown to a multiple (up to 4×) of what its last collection kept. A build's worker thread keeps
 * about 10–15 MB, and what its young-generation collections promote (the records of a task in flight, a
 * range of train.jsonl being sorted) is mostly garbage soon after: so each worker's heap rose by up to
 * 35 MB before V8 collected it, and a build's peak RSS depended on whether two threads were near the top
 * of that saw-tooth at once (about 1 build in 5 to 10 peaked 35–90 MB higher; more often on a larger
 * corpus, whose longer runs reach the top more often). A thread that calls `OldSpaceSlack.check` between jobs
 * collects when its old generation holds more than `slack` bytes over what the last collection kept: at
 * 8 MB, a few collections of a few milliseconds per worker per thousand tasks.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/** Bytes an old generation may grow past what its last collection kept before the thread collects it. */
export const OLD_SPACE_SLACK = 8 << 20;

/** Bytes of objects in this thread's old generation, garbage not yet collected included. */
export function oldSpaceUsed(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "old_space")?.space_used_size ?? 0;
}

/**
 * Every worker thread started from now on given a full collection of its heap (`globalThis.gc`). The flag
 * is the process's: every context made afterwards (a `vm` context too) sees a global `gc`; those made
 * before, this thread's own included, do not.
 */
export function exposeCollector(): void {
  setFlagsFromString("--expose-gc");
}

/** The collector a worker thread was given (see exposeCollector), if any. */
export function threadCollector(): (() => void) | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === "function" ? (gc as () => void) : undefined;
}

export class OldSpaceSlack {
  /** What the old generation held after the last collection seen. */
  private floor: number;

  constructor(
    private readonly collect: () => void,
    private readonly slack = OLD_SPACE_SLACK,
    private readonly used: () => number = oldSpaceUsed,
  ) {
    this.floor = used();
  }

  /** Collect if the old generation holds more than `slack` over the floor; true when it did. */
  check(): boolean {
    const used = this.used();
    // Lower than the floor: V8 collected on its own since.
    if (used < this.floor) this.floor = used;
    if (used <= this.floor + this.slack) return false;
    this.collect();
    this.floor = this.used();
    return true;
  }
}
