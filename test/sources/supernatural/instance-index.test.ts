/**
 * A task file loaded in place (instance-index.ts: instances indexed, decoded when read) is the task a full
 * parse gives: the same instances, the same notes, the same error. Checked on generated task files with
 * every quirk the format allows, on the fixtures, and by showing which files take the in-place road.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newReadBuffer } from "../../../src/core/scratch.js";
import { checkUtf8, readFileInto } from "../../../src/core/text-file.js";
import type { LoadOptions } from "../../../src/sources/contract.js";
import { supernatural } from "../../../src/sources/supernatural/index.js";
import { indexInstances } from "../../../src/sources/supernatural/instance-index.js";
import { parseSuperNiTask } from "../../../src/sources/supernatural/task-file.js";
import type { Issue } from "../../../src/types.js";
import { ROOT, removeDir, tempDir } from "../../pipeline/helpers.js";
import { openAt } from "../conformance.js";

type Outcome = { instances: unknown; issues: Issue[]; definition: string } | { error: string };

/** A full parse of the file (the reference). */
function fullParse(file: string, name: string): Outcome {
  const issues: Issue[] = [];
  try {
    const bytes = readFileSync(file);
    const fields = parseSuperNiTask(bytes.toString("utf8", checkUtf8(bytes, file)), file, name, issues);
    return { instances: fields.instances, issues, definition: fields.definition };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The adapter's load, its instances as they serialise (`readsMost`: the hint that it will read most instances). */
async function adapterLoad(root: string, file: string, name: string, options: LoadOptions = {}): Promise<Outcome> {
  const issues: Issue[] = [];
  try {
    const task = await openAt(supernatural, root).load({ name, files: [file] }, issues, options);
    return { instances: JSON.parse(JSON.stringify(task.instances)), issues, definition: task.instruction ?? "" };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function indexed(file: string): boolean {
  const bytes = readFileSync(file);
  return indexInstances(bytes, checkUtf8(bytes, file)) !== undefined;
}

/** Raw JSON text of one instance, with the quirks a task file may have. */
const instanceText = fc
  .record({
    id: fc.oneof(
      fc.constantFrom("a", "b", "a\\u0062", "é\\n", 'x\\"y'),
      fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s).slice(1, -1)),
    ),
    input: fc.string({ maxLength: 20 }),
    outputs: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
    quirk: fc.constantFrom(
      "none",
      "none",
      "none",
      "no_id",
      "null_output",
      "string_output",
      "nan_output",
      "number_input",
      "escaped_key",
      "repeated_input",
      "repeated_bad_output",
      "extra_key",
      "nested_extra",
      "not_object",
    ),
    space: fc.constantFrom("", " ", "\n    "),
  })
  .map(({ id, input, outputs, quirk, space }) => {
    const output = JSON.stringify(outputs);
    const members = [`"id":${space}"${id}"`, `"input": ${JSON.stringify(input)}`, `"output": ${output}`];
    if (quirk === "no_id") members.shift();
    if (quirk === "null_output") members[2] = `"output": [null${outputs.length ? "," : ""}${output.slice(1)}`;
    if (quirk === "string_output") members[2] = `"output": ${JSON.stringify(outputs[0] ?? "")}`;
    if (quirk === "nan_output") members[2] = `"output": [NaN]`;
    if (quirk === "number_input") members[1] = `"input": 7`;
    if (quirk === "escaped_key") members[1] = `"inp\\u0075t": 5`;
    if (quirk === "repeated_input") members.push(`"input": "again"`);
    if (quirk === "repeated_bad_output") members.push(`"output": [1]`);
    if (quirk === "extra_key") members.push(`"extra": {"k": [1, -2.5e3, true, null, "s"]}`);
    if (quirk === "nested_extra") members.unshift(`"meta": [[{"output": [null]}]]`);
    if (quirk === "not_object") return JSON.stringify(outputs);
    return `{${space}${members.join(`,${space}`)}${space}}`;
  });

const head = (instances: string[], trailing: string): string =>
  `{"Definition": ["Say it."], "Positive Examples": [], "Negative Examples": [], "Source": ["s"], "Categories": ["QA"], "Instances": [${instances.join(", ")}]${trailing}}`;

describe("Super-NI task files loaded in place", () => {
  let dir: string;
  let n = 0;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(path.join(dir, "tasks"));
  });
  afterAll(async () => removeDir(dir));

  async function write(text: string | Buffer): Promise<{ file: string; name: string }> {
    const name = `task${++n}_case`;
    const file = path.join(dir, "tasks", `${name}.json`);
    await writeFile(file, text);
    return { file, name };
  }

  it("give the task a full parse gives, or its error, whatever the instances hold", async () => {
    const trailing = fc.constantFrom("", ', "Domains": ["d"]', ', "Instances": []', ', "x": NaN');
    await fc.assert(
      fc.asyncProperty(fc.array(instanceText, { maxLength: 6 }), trailing, async (instances, tail) => {
        const { file, name } = await write(head(instances, tail));
        const reference = fullParse(file, name);
        expect(await adapterLoad(dir, file, name)).toEqual(reference);
        expect(await adapterLoad(dir, file, name, { readsMost: true })).toEqual(reference);
        expect(await adapterLoad(dir, file, name, { into: newReadBuffer() })).toEqual(reference);
      }),
      { numRuns: 400 },
    );
  });

  it("take the in-place road only for plain files, and the full parse for every quirk", async () => {
    const plain = await write(
      head(['{"id": "a", "input": "x", "output": ["y"]}', '{"output": [], "input": "", "id": "b\\u00e9", "more": {}}'], ""),
    );
    expect(indexed(plain.file)).toBe(true);
    for (const quirk of [
      '{"input": "x", "output": ["y"]}',
      '{"id": "a", "input": "x", "output": [null]}',
      '{"id": "a", "input": "x", "output": "y"}',
      '{"id": "a", "input": "x", "output": [NaN]}',
      '{"id": "a", "input": "x", "output": ["y"], "\\u0069d": "c"}',
      '{"id": "a", "input": "x\\q", "output": ["y"]}',
      '{"id": "a", "input": "x"}',
      '{"id": "a", "input": "x", "output": ["y"]}, {"id": "a", "input": "x", "output": ["y"]}',
      "[]",
    ]) {
      const { file } = await write(head([quirk], ""));
      expect(indexed(file), quirk).toBe(false);
    }
  });

  it("decode an instance once, when it is first read, and serialise as a plain instance", async () => {
    const { file, name } = await write(head(['{"id": "a", "input": "x\\ny", "output": ["1", "2"]}'], ""));
    const task = await openAt(supernatural, dir).load({ name, files: [file] }, []);
    const [instance] = task.instances;
    expect(instance?.input).toBe("x\ny");
    expect(instance?.outputs).toBe(instance?.outputs);
    expect(JSON.stringify(instance)).toBe('{"id":"a","input":"x\\ny","outputs":["1","2"]}');
  });

  it("read a task into the caller's buffer, and refuse to decode an instance once the buffer was read into again", async () => {
    const { file, name } = await write(
      head(['{"id": "a", "input": "x", "output": ["1"]}', '{"id": "b", "input": "z", "output": ["2"]}'], ""),
    );
    const into = newReadBuffer();
    const task = await openAt(supernatural, dir).load({ name, files: [file] }, [], { into });
    expect(task.instances[0]?.input).toBe("x");
    await readFileInto(file, into);
    expect(task.instances[0]?.input).toBe("x");
    expect(() => task.instances[1]?.input).toThrow("instance b was read after the buffer of its task's file was read into again");
  });

  it("give every fixture the task a full parse gives", async () => {
    const fixtures = path.join(ROOT, "test/fixtures/supernatural");
    let inPlace = 0;
    const roots = readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const root of roots.map((d) => path.join(fixtures, d.name))) {
      for (const f of readdirSync(path.join(root, "tasks")).filter((f) => f.endsWith(".json"))) {
        const file = path.join(root, "tasks", f);
        const name = f.slice(0, -".json".length);
        expect(await adapterLoad(root, file, name), file).toEqual(fullParse(file, name));
        if (indexed(file)) inPlace++;
      }
    }
    expect(inPlace).toBeGreaterThan(0);
  });
});
