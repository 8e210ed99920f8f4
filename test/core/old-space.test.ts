import { runInNewContext } from "node:vm";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { exposeCollector, OLD_SPACE_SLACK, OldSpaceSlack, oldSpaceUsed } from "../../src/core/old-space.js";

const MB = 1 << 20;

describe("the old generation's slack", () => {
  it("collects only once the old generation holds more than the slack over the last collection's floor", () => {
    let used = 10 * MB;
    let collections = 0;
    const slack = new OldSpaceSlack(
      () => {
        collections++;
        used = 11 * MB;
      },
      8 * MB,
      () => used,
    );
    used = 18 * MB;
    expect(slack.check()).toBe(false);
    used = 18 * MB + 1;
    expect(slack.check()).toBe(true);
    expect(collections).toBe(1);
    // The floor is now what that collection kept.
    used = 19 * MB;
    expect(slack.check()).toBe(false);
    used = 19 * MB + 1;
    expect(slack.check()).toBe(true);
    expect(collections).toBe(2);
  });

  it("follows the collections V8 makes on its own", () => {
    let used = 20 * MB;
    let collections = 0;
    const slack = new OldSpaceSlack(
      () => collections++,
      8 * MB,
      () => used,
    );
    used = 12 * MB;
    expect(slack.check()).toBe(false);
    used = 21 * MB;
    expect(slack.check()).toBe(true);
    expect(collections).toBe(1);
  });

  it("collects this thread's garbage for real", () => {
    exposeCollector();
    // This thread's context predates the flag: a fresh one has the collector.
    const collect = runInNewContext("gc") as () => void;
    collect();
    const slack = new OldSpaceSlack(collect, 4 * MB);
    const before = oldSpaceUsed();
    let garbage: { i: number; text: string }[] | undefined = Array.from({ length: 300_000 }, (_, i) => ({ i, text: `row ${i}` }));
    // A full collection while they are in use moves them to the old generation.
    collect();
    expect(garbage.length).toBe(300_000);
    expect(oldSpaceUsed()).toBeGreaterThan(before + 4 * MB);
    garbage = undefined;
    expect(slack.check()).toBe(true);
    expect(oldSpaceUsed()).toBeLessThan(before + 4 * MB);
    expect(OLD_SPACE_SLACK).toBe(8 * MB);
  });

  it("gives worker threads started afterwards a collector of their own", async () => {
    exposeCollector();
    const seen = await new Promise((resolve, reject) => {
      const worker = new Worker(`require("node:worker_threads").parentPort.postMessage(typeof globalThis.gc)`, { eval: true });
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    expect(seen).toBe("function");
  });
});
