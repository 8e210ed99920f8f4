/**
 * zs_noopt follows FLAN v2's PATTERNS_NO_OPTIONS: PATTERNS updated with the branched module's PATTERNS
 * (which win for shared keys), then the options placeholders removed; zs_opt keeps the main module's.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { flan } from "../../../src/sources/flan/index.js";
import type { Issue } from "../../../src/types.js";
import { openAt } from "../conformance.js";

const MAIN = `PATTERNS = {
    "quiz": [
        ("Main: {question}\\n\\n{options_}", "{answer}"),
        ("Main two: {question}\\n{options_}", "{answer}"),
    ],
}
`;
const BRANCHED = `PATTERNS = {
    "quiz": [
        ("Branched: {question}\\n\\n{options_}", "{answer}"),
        ("Branched two: {question} {options_}", "{answer}"),
        ("Branched three: {question}", "{answer}"),
    ],
}
`;

describe("zs_noopt templates", () => {
  it("strip options from the branched module's templates when it is an extra module", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "flan-noopt-"));
    writeFileSync(path.join(root, "templates.py"), MAIN);
    writeFileSync(path.join(root, "branched.py"), BRANCHED);
    mkdirSync(path.join(root, "rows", "quiz"), { recursive: true });
    writeFileSync(
      path.join(root, "rows", "quiz", "train.jsonl"),
      `${JSON.stringify({ question: "Two plus two?", options: ["3", "4"], answer: "4" })}\n`,
    );
    const adapter = openAt(flan, root, { extraTemplates: ["branched.py"], templateTypes: ["zs_opt", "zs_noopt"] });
    const [ref] = await adapter.list();
    const task = await adapter.load(ref!, [] as Issue[]);
    const ids = task.templates.map((t) => t.id);
    expect(ids).toEqual(["quiz:0:zs_opt", "quiz:1:zs_opt", "quiz:0:zs_noopt", "quiz:1:zs_noopt", "quiz:2:zs_noopt"]);
    const render = (id: string) => adapter.render(task, task.instances[0]!, id, rngFor(0, "t"));
    expect(render("quiz:0:zs_opt")).toMatchObject({
      ok: true,
      parts: { instruction: "", lead: "", input: "Main: Two plus two?\n\nOPTIONS:\n- 3\n- 4" },
    });
    expect(render("quiz:0:zs_noopt")).toMatchObject({ ok: true, parts: { instruction: "", lead: "", input: "Branched: Two plus two?" } });
    expect(render("quiz:1:zs_noopt")).toMatchObject({
      ok: true,
      parts: { instruction: "", lead: "", input: "Branched two: Two plus two? " },
    });
    expect(render("quiz:2:zs_noopt")).toMatchObject({
      ok: true,
      parts: { instruction: "", lead: "", input: "Branched three: Two plus two?" },
    });
  });
});
