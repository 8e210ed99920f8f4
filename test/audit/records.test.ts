import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evalExamplesFromFiles, linesOf, trainTasksFromFiles } from "../../src/audit/records.js";

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

  it("skips, when quoting, the files that hold no quoted example (once a read has counted every file)", async () => {
    const files = ["a", "b", "c"].map((task, i) => {
      const file = join(dir, `quote-${task}.jsonl`);
      writeFileSync(file, Array.from({ length: i + 1 }, (_, k) => `${record(task, `${task}${k}`, "x")}\n`).join(""));
      return file;
    });
    const examples = evalExamplesFromFiles(files);
    const read = async (quote?: ReadonlySet<number>) => {
      const got: unknown[] = [];
      for await (const e of examples(quote)) got.push("skipped" in e ? e : e.text);
      return got;
    };
    expect(await read(new Set([3]))).toEqual(["a0 x", "b0 x", "b1 x", "c0 x", "c1 x", "c2 x"]);
    expect(await read(new Set([3]))).toEqual([{ skipped: 1 }, { skipped: 2 }, "c0 x", "c1 x", "c2 x"]);
    expect(await read(new Set([1, 2]))).toEqual([{ skipped: 1 }, "b0 x", "b1 x", { skipped: 3 }]);
    expect(await read(new Set())).toEqual([{ skipped: 1 }, { skipped: 2 }, { skipped: 3 }]);
    expect(await read()).toEqual(["a0 x", "b0 x", "b1 x", "c0 x", "c1 x", "c2 x"]);
  });

  it("reads a training task's run file (sort key, tab, record)", async () => {
    const got: string[] = [];
    for await (const { task, texts } of trainTasksFromFiles([{ id: "t", file: runFile }]))
      for await (const text of texts) got.push(`${task}: ${text}`);
    expect(got).toEqual(["t: P C", "t: P2 C2"]);
  });

  it("names the file and line of a record of another task or a broken line", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `${record("t", "a", "b")}\n{"task": "t"\n`);
    const read = async (task: string) => {
      for await (const { texts } of trainTasksFromFiles([{ id: task, file: bad }])) for await (const _ of texts);
    };
    await expect(read("u")).rejects.toThrow(`${bad}:1: record of task "t" in the file of training task "u".`);
    await expect(read("t")).rejects.toThrow(`${bad}:2: not a JSON record`);
  });

  it("reads several tasks' files in order, each with its own records", async () => {
    const other = join(dir, "other.jsonl");
    writeFileSync(other, `${record("u", "Q", "A")}\n`);
    const got: string[] = [];
    const files = [
      { id: "t", file: runFile },
      { id: "u", file: other },
      { id: "t", file: runFile },
    ];
    for await (const { task, texts } of trainTasksFromFiles(files)) for await (const text of texts) got.push(`${task}: ${text}`);
    expect(got).toEqual(["t: P C", "t: P2 C2", "u: Q A", "t: P C", "t: P2 C2"]);
    const missing = trainTasksFromFiles([
      { id: "t", file: runFile },
      { id: "v", file: join(dir, "missing.jsonl") },
    ]);
    await expect(
      (async () => {
        for await (const { texts } of missing) for await (const _ of texts);
      })(),
    ).rejects.toThrow("ENOENT");
  });

  it("splits lines as node:readline does, whatever the window size (\\r\\n and multi-byte characters across chunks)", async () => {
    const pieces = fc.constantFrom("a", "é", "東", "\ud83d\ude00", " ", "\t", "\n", "\r", "\r\n", "\n\n", "{}");
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(pieces, { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), async (parts, chunk) => {
        const file = join(dir, `lines-${run++}.txt`);
        writeFileSync(file, parts.join(""));
        const expected: { line: string; lineNo: number }[] = [];
        let lineNo = 0;
        for await (const line of createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity })) {
          lineNo++;
          if (line.trim() !== "") expected.push({ line, lineNo });
        }
        const got: { line: string; lineNo: number }[] = [];
        for (const line of linesOf(readFileSync(file), chunk)) got.push(line);
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
