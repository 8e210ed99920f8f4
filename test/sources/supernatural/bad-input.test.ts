/**
 * Super-NI task files as they come: quirks in fields the build does not need are counted notes; bad bytes,
 * nesting too deep and unusable needed fields are errors naming the file; a huge token is just a long input.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { AdapterError } from "../../../src/errors.js";
import { promptText } from "../../../src/sources/contract.js";
import { supernatural } from "../../../src/sources/supernatural/index.js";
import type { Issue, Task } from "../../../src/types.js";
import { ROOT, removeDir, tempDir } from "../../pipeline/helpers.js";
import { openAt } from "../conformance.js";

const fixtures = path.join(ROOT, "test/fixtures/supernatural");
const PLAIN = path.join(fixtures, "checkout/tasks/task9902_fixture_word_plurals.json");

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
  await mkdir(path.join(dir, "tasks"));
});
afterEach(async () => removeDir(dir));

async function load(root: string, name: string): Promise<{ task: Task; issues: Issue[] }> {
  const issues: Issue[] = [];
  const task = await openAt(supernatural, root).load({ name, files: [path.join(root, "tasks", `${name}.json`)] }, issues);
  return { task, issues };
}

async function loadBytes(name: string, bytes: Buffer): Promise<{ task: Task; issues: Issue[] }> {
  await writeFile(path.join(dir, "tasks", `${name}.json`), bytes);
  return load(dir, name);
}

async function adapterError(attempt: Promise<unknown>): Promise<AdapterError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdapterError);
  return error as AdapterError;
}

describe("Super-NI quirks in fields the build does not need", () => {
  it("loads a file with NaN, null, wrong types and unknown keys in them, and notes each with its kind and count", async () => {
    const { task, issues } = await load(path.join(fixtures, "quirks"), "task9907_fixture_quirks");
    expect(task.instances.map((i) => i.input)).toEqual(["fish", "bird"]);
    expect(task.instruction).toBe("Repeat the word.");
    expect(task.demonstrations.positive).toEqual([
      { input: "cat", output: "cat" },
      { input: "dog", output: "dog" },
    ]);
    expect(task.demonstrations.negative).toEqual([{ input: "owl", output: "OWL", explanation: "Changed the case." }]);
    expect(task).toMatchObject({ domains: ["Fixtures"], languages: { instruction: [] }, dataset: "quirk_source" });
    expect(issues.map((i) => [i.kind, i.pointer, i.count, i.message])).toEqual([
      ["non_finite_number", undefined, 2, "2 bare NaN/Infinity token(s) (Python json) read as null"],
      ["unusable_value", "/Contributors/1", 1, "expected a string, got null (or a bare NaN); entry removed (the build does not need it)"],
      ["unusable_value", "/URL/0", 1, "expected a string, got null (or a bare NaN); entry removed (the build does not need it)"],
      ["unusable_value", "/Reasoning", 1, "expected a list of strings, got a number; treated as [] (the build does not need it)"],
      [
        "unusable_value",
        "/Domains/1",
        2,
        "expected a string, got an object; entry removed (the build does not need it) (2 times; first here)",
      ],
      [
        "unusable_value",
        "/Instruction_language",
        1,
        "expected a list of strings, got null (or a bare NaN); treated as [] (the build does not need it)",
      ],
      ["unused_entries", "/Definition", 1, '"Definition" has 2 entries; Tk-Instruct uses only the first'],
      [
        "unusable_value",
        "/Positive Examples/0/explanation",
        2,
        "expected a string, got null (or a bare NaN); the example is shown without an explanation (the build does not need it) (2 times; first here)",
      ],
      ["unknown_field", "/Extra Notes", 1, '"Extra Notes" is not in the Super-NI task schema; ignored'],
    ]);
    expect(issues.every((i) => i.file === path.join(fixtures, "quirks/tasks/task9907_fixture_quirks.json"))).toBe(true);
  });

  it("notes a task without instances as no_instances, saying where it looked", async () => {
    const { task, issues } = await load(path.join(fixtures, "empty"), "task9908_fixture_no_instances");
    expect(task.instances).toEqual([]);
    expect(issues).toEqual([
      {
        file: path.join(fixtures, "empty/tasks/task9908_fixture_no_instances.json"),
        pointer: "/Instances",
        kind: "no_instances",
        count: 1,
        message: "the task has no instances (Instances is []); the build drops it",
      },
    ]);
  });

  it("still fails on an unusable field the build needs, naming file, pointer and what was expected", async () => {
    const text = readFileSync(PLAIN, "utf8").replace('"input": "child"', '"input": NaN');
    const error = await adapterError(loadBytes("task9902_fixture_word_plurals", Buffer.from(text)));
    expect(error.pointer).toBe("/Instances/0/input");
    expect(error.message).toContain("task9902_fixture_word_plurals.json#/Instances/0/input: expected a string, got null (or a bare NaN).");
  });
});

describe("Super-NI bad bytes and shapes", () => {
  it("refuses invalid UTF-8 in a task file with the file and the byte offset", async () => {
    const text = Buffer.from('{"Definition": ["caf\u00e9"]}');
    const latin1 = Buffer.from(text.toString("utf8"), "latin1");
    const error = await adapterError(loadBytes("task1_latin1", latin1));
    expect(error.message).toBe(
      `[adapter:supernatural] ${path.join(dir, "tasks/task1_latin1.json")}: invalid UTF-8 at byte offset 20 (line 1; bytes e9 22 5d 7d). The file must be UTF-8 text: re-encode it (e.g. iconv -t UTF-8) or restore the original.`,
    );
  });

  it("accepts a UTF-8 byte-order mark", async () => {
    const plain = await load(path.join(fixtures, "checkout"), "task9902_fixture_word_plurals");
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(readFileSync(PLAIN))]);
    const { task, issues } = await loadBytes("task9902_fixture_word_plurals", bytes);
    expect(issues).toEqual([]);
    expect(task.instances).toEqual(plain.task.instances);
    expect(task.instruction).toBe(plain.task.instruction);
  });

  it("refuses JSON nested deeper than Python's json reads, naming the pointer", async () => {
    const deep = `{"URL": ${"[".repeat(5000)}${"]".repeat(5000)}, "Instances": []}`;
    const error = await adapterError(loadBytes("task2_deep", Buffer.from(deep)));
    expect(error.message).toMatch(/task2_deep\.json: JSON nested more than 1000 levels deep at \/URL(\/0){999} /);
  });

  it("loads and renders an instance whose input is one 50 MB token", async () => {
    const token = "w".repeat(50_000_000);
    const text = readFileSync(PLAIN, "utf8").replace('"input": "child"', `"input": "${token}"`);
    const { task } = await loadBytes("task9902_fixture_word_plurals", Buffer.from(text));
    expect(task.instances[0]?.input.length).toBe(50_000_000);
    const rendered = openAt(supernatural, dir).render(task, task.instances[0]!, "def+pos2", rngFor(0, "big"));
    expect(rendered.ok && promptText(rendered.parts).endsWith(`Input: ${token}.\nOutput: `)).toBe(true);
  });

  it("refuses invalid UTF-8 in a split list with the file and the byte offset", async () => {
    await mkdir(path.join(dir, "splits/default"), { recursive: true });
    await writeFile(path.join(dir, "splits/default/train_tasks.txt"), Buffer.from([0x74, 0x61, 0x73, 0x6b, 0xff, 0x0a]));
    await writeFile(path.join(dir, "splits/default/test_tasks.txt"), "");
    const error = await adapterError(openAt(supernatural, dir).readTaskLists?.("default", []) ?? Promise.resolve());
    expect(error.message).toContain(
      `${path.join(dir, "splits/default/train_tasks.txt")}: invalid UTF-8 at byte offset 4 (line 1; bytes ff 0a)`,
    );
  });
});
