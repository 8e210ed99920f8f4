import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evalExamplesFromFiles, trainTaskFromFile } from "../../src/audit/records.js";

const record = (task: string, prompt: string, completion: string) =>
  JSON.stringify({ id: `${task}-1`, split: "test", task, prompt, completion, references: [completion] });

describe("audit inputs from build files", () => {
  const dir = mkdtempSync(join(tmpdir(), "audit-records-"));
  const evalFile = join(dir, "e.jsonl");
  writeFileSync(evalFile, `${record("e", "Q: one?\tA:", "1")}\n\n${record("e", "Q: two?", "2")}\n`);
  const runFile = join(dir, "run.tsv");
  writeFileSync(runFile, `00ab\t${record("t", "P", "C")}\nff01\t${record("t", "P2", "C2")}\n`);

  it("reads evaluation examples as prompt + completion, again on every call", async () => {
    const examples = evalExamplesFromFiles([evalFile]);
    for (let read = 0; read < 2; read++) {
      const got: unknown[] = [];
      for await (const e of examples()) got.push(e);
      expect(got).toEqual([
        { task: "e", text: "Q: one?\tA: 1" },
        { task: "e", text: "Q: two? 2" },
      ]);
    }
  });

  it("reads a training task's run file (sort key, tab, record)", async () => {
    const got: string[] = [];
    for await (const text of trainTaskFromFile("t", runFile).texts) got.push(text);
    expect(got).toEqual(["P C", "P2 C2"]);
  });

  it("names the file and line of a record of another task or a broken line", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `${record("t", "a", "b")}\n{"task": "t"\n`);
    const read = async (task: string) => {
      for await (const _ of trainTaskFromFile(task, bad).texts);
    };
    await expect(read("u")).rejects.toThrow(`${bad}:1: record of task "t" in the file of training task "u".`);
    await expect(read("t")).rejects.toThrow(`${bad}:2: not a JSON record`);
  });
});
