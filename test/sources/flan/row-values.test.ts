/** Row values fill FLAN placeholders as Python's str() prints them: 2.0 stays "2.0", True, None, lists. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { flan } from "../../../src/sources/flan/index.js";
import type { Issue } from "../../../src/types.js";
import { openAt } from "../conformance.js";

describe("FLAN row values", () => {
  it("are stringified the Python way, floats included", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "flan-values-"));
    writeFileSync(path.join(root, "templates.py"), 'PATTERNS = {\n    "sts": [("{score} {count} {flag} {none} {items}", "{score}")],\n}\n');
    mkdirSync(path.join(root, "rows", "sts"), { recursive: true });
    writeFileSync(
      path.join(root, "rows", "sts", "train.jsonl"),
      '{"score": 2.0, "count": 3, "flag": true, "none": null, "items": ["a", 1.5]}\n',
    );
    const adapter = openAt(flan, root);
    const [ref] = await adapter.list();
    const task = await adapter.load(ref!, [] as Issue[]);
    expect(adapter.render(task, task.instances[0]!, "sts:0:zs_opt", rngFor(0, "t"))).toMatchObject({
      ok: true,
      parts: { instruction: "", lead: "", input: "2.0 3 True None ['a', 1.5]" },
      completion: "2.0",
    });
  });
});
