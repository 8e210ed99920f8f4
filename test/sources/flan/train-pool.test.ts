import { describe, expect, it } from "vitest";
import { trainPool } from "../../../src/sources/flan/train-pool.js";
import type { Instance, Task } from "../../../src/types.js";

const inst = (id: string, split: string, premise = id): Instance => ({
  id,
  input: "",
  outputs: ["x"],
  fields: { premise },
  sourceSplit: split,
});
const task = { instances: [inst("a", "train"), inst("b", "train"), inst("c", "train"), inst("v", "validation")] } as unknown as Task;

describe("trainPool", () => {
  it("uses the task's train rows without a build context, never the target", () => {
    const { rows, exclude } = trainPool(task, task.instances[0] as Instance);
    expect(rows.map((r) => r.premise)).toEqual(["a", "b", "c"]);
    expect(rows.filter((r) => !exclude(r)).map((r) => r.premise)).toEqual(["b", "c"]);
  });

  it("draws only from the demonstration pool the build gives (no evaluated instance)", () => {
    const demoPool = [task.instances[1] as Instance, task.instances[2] as Instance];
    const { rows, exclude } = trainPool(task, task.instances[2] as Instance, demoPool);
    expect(rows.filter((r) => !exclude(r)).map((r) => r.premise)).toEqual(["b"]);
  });

  it("excludes rows that duplicate the target's fields", () => {
    const twin = inst("d", "train", "b");
    const { rows, exclude } = trainPool(task, twin, [task.instances[0] as Instance, task.instances[1] as Instance]);
    expect(rows.filter((r) => !exclude(r)).map((r) => r.premise)).toEqual(["a"]);
  });
});
