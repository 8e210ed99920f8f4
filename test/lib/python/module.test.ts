import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type DataclassSpec, PySyntaxError, type PythonModule, readPythonModule, toJson } from "../../../src/lib/python/index.js";

// The fixtures are FLAN-style template modules: the reader's first user.
const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/flan");
const REFERENCE = path.resolve(import.meta.dirname, "../../reference/flan_module_reference.py");
const hasPython = spawnSync("python3", ["-c", "import ast, json"]).status === 0;
if (!hasPython) console.warn("[python module] python3 not found: the differential test against Python's own ast is skipped.");

function read(name: string): PythonModule {
  const file = path.join(FIXTURES, name);
  return readPythonModule(readFileSync(file, "utf8"), file);
}

function namesAsJson(module: PythonModule): Record<string, unknown> {
  return Object.fromEntries([...module.names].map(([k, v]) => [k, toJson(v)]));
}

/** The syntax error reading `file` throws (fails the test when there is none). */
function syntaxError(file: string): PySyntaxError {
  try {
    readPythonModule(readFileSync(file, "utf8"), file);
  } catch (error) {
    if (error instanceof PySyntaxError) return error;
    throw error;
  }
  throw new Error(`${file} was read without a syntax error`);
}

describe("readPythonModule on every syntax form", () => {
  const module = read("syntax_forms.py");

  it("matches the committed golden reading (made by test/reference/flan_module_reference.py)", () => {
    const golden = JSON.parse(readFileSync(path.join(FIXTURES, "syntax_forms.expected.json"), "utf8")) as {
      names: unknown;
      aliases: unknown;
    };
    expect(namesAsJson(module)).toEqual(golden.names);
    expect(module.aliases).toEqual(golden.aliases);
  });

  it.skipIf(!hasPython)("agrees with Python's own reading of the same file", () => {
    const run = spawnSync("python3", [REFERENCE, path.join(FIXTURES, "syntax_forms.py")], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(namesAsJson(module)).toEqual((JSON.parse(run.stdout) as { names: unknown }).names);
  });

  it("fills dataclass defaults from the module's own @dataclass and accepts positional arguments", () => {
    const fs = toJson(module.names.get("FEWSHOT_PATTERNS") ?? null) as Record<string, Record<string, unknown>[]>;
    expect(fs.nli_task?.[1]).toEqual({
      inputs: "{premise}\nCan we conclude that {hypothesis}? {options_}",
      targets: "{answer}",
      inputs_prefix: "",
      targets_prefix: "",
      x_y_delimiter: "\n\n",
      example_separator: "\n\n\n",
      final_suffix: "",
      input_pattern: "{{inputs}}{final_suffix}",
      in_template_mix: true,
    });
    expect(fs.nli_task?.[2]).toMatchObject({ inputs_prefix: "IN: ", targets_prefix: "OUT: " });
    expect(module.dataclasses.get("FewShotPattern")?.fields).toHaveLength(9);
  });

  it("notes every skipped statement with its line", () => {
    const lines = module.notes.map((n) => `${n.line}:${n.message.split(":")[0]}`);
    expect(lines).toEqual([
      "4:skipped import (imported names are not read)",
      "5:skipped import (imported names are not read)",
      "6:skipped import (imported names are not read)",
      "50:not a literal, skipped",
      "51:skipped 'for' block",
      "128:skipped 'def' block",
      "132:skipped 'if' block",
      "137:skipped 'try' block",
    ]);
  });
});

describe("readPythonModule with dataclasses known in advance", () => {
  const point: DataclassSpec = { name: "Point", fields: ["x", "y"], defaults: new Map([["y", 0]]) };

  it("constructs a known dataclass the module imports instead of defining", () => {
    const module = readPythonModule("from geometry import Point\nP = Point(1)\n", "m.py", { dataclasses: [point] });
    expect(toJson(module.names.get("P") ?? null)).toEqual({ x: 1, y: 0 });
  });

  it("lets the module's own definition win", () => {
    const source = "@dataclass\nclass Point:\n  x: int\n  y: int = 5\n  z: int = 6\nP = Point(1)\n";
    const module = readPythonModule(source, "m.py", { dataclasses: [point] });
    expect(toJson(module.names.get("P") ?? null)).toEqual({ x: 1, y: 5, z: 6 });
  });

  it("knows none without the option: the call is skipped with a note", () => {
    const module = readPythonModule("P = Point(1)\n", "m.py");
    expect(module.names.has("P")).toBe(false);
    expect(module.notes[0]?.message).toContain("call of 'Point' is not evaluated");
  });
});

describe("readPythonModule on dict constructors", () => {
  const SOURCE = `import collections
from collections import OrderedDict
CLUSTERS = collections.OrderedDict([
    ('b', ['x', 'y']),
    ('a', ['z']), ('b', ['w'])
])
PAIRS = OrderedDict((k, len(k)) for k in ['p'])
PLAIN = dict([('one', 1), ['two', 2]], three=3)
EMPTY = dict()
COPY = dict(PLAIN, one=0)
EQUAL = dict([(1, 'int'), (True, 'bool'), (1.0, 'float')])
`;
  const module = readPythonModule(SOURCE, "m.py");

  it("reads collections.OrderedDict(pairs), OrderedDict(...) and dict(...) as ordered dicts, later items winning in place", () => {
    expect(toJson(module.names.get("CLUSTERS") ?? null)).toEqual({ b: ["w"], a: ["z"] });
    expect([...(module.names.get("CLUSTERS") as Map<unknown, unknown>).keys()]).toEqual(["b", "a"]);
    expect(toJson(module.names.get("PLAIN") ?? null)).toEqual({ one: 1, two: 2, three: 3 });
    expect(toJson(module.names.get("EMPTY") ?? null)).toEqual({});
    expect(toJson(module.names.get("COPY") ?? null)).toEqual({ one: 0, two: 2, three: 3 });
    expect([...(module.names.get("EQUAL") as Map<unknown, unknown>)]).toEqual([[1, "float"]]);
  });

  it("skips what it does not evaluate (a generator argument) with a note", () => {
    expect(module.names.has("PAIRS")).toBe(false);
    expect(module.notes.map((n) => n.line)).toEqual([1, 2, 7]);
  });

  it("rejects ill-formed pairs and a bound name called as a function, with a note", () => {
    const bad = readPythonModule("A = dict([('a', 1, 2)])\nB = dict(1, 2)\nC = {}\nD = C([])\nE = collections.defaultdict()\n", "b.py");
    expect([...bad.names.keys()]).toEqual(["C"]);
    expect(bad.notes.map((n) => n.message.replace(/^not a literal, skipped: /, ""))).toEqual([
      "dict() sequence element #0 has length 3; 2 is required",
      "dict() expected at most 1 positional argument, got 2",
      "'C' is bound to a value, not called",
      "name 'collections' is not bound to a literal value",
    ]);
  });

  it.skipIf(!hasPython)("agrees with Python's own reading of the same module", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "py-dict-"));
    const file = path.join(dir, "m.py");
    writeFileSync(file, SOURCE);
    const run = spawnSync("python3", [REFERENCE, file], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const names = (JSON.parse(run.stdout) as { names: Record<string, unknown> }).names;
    // Python's reading binds PAIRS (it evaluates generators); the reader skips it with a note.
    const { PAIRS, ...rest } = names;
    expect(PAIRS).toEqual({ p: 1 });
    expect(namesAsJson(module)).toEqual(rest);
  });
});

describe("readPythonModule on valid Python it does not evaluate", () => {
  const module = read("unsupported.py");

  it("skips each such statement with a note and keeps the literals", () => {
    expect([...module.names.keys()]).toEqual(["KEEP", "FPLAIN", "BYTES", "KEEP2"]);
    expect(module.names.get("FPLAIN")).toBe("no fields {here}");
    const skipped = module.notes.map((n) => n.line);
    expect(skipped).toEqual([2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(module.notes.find((n) => n.line === 5)?.message).toContain("slice is not evaluated");
    expect(module.notes.find((n) => n.line === 14)?.message).toContain('KeyError: "missing"');
  });

  it("a mutation it cannot fold is skipped with a note, not thrown", () => {
    const module = readPythonModule("X = [1]\nX.extend(5)\nX.append(2)\n", "m.py");
    expect(toJson(module.names.get("X") ?? null)).toEqual([1, 2]);
    expect(module.notes.map((n) => `${n.line}: ${n.message}`)).toEqual(["2: skipped X.extend() on list with int"]);
  });

  it("a valid but non-literal value is skipped with a note, not evaluated", () => {
    const module = read("shape/tuple_called.py");
    expect(module.names.has("PATTERNS")).toBe(false);
    expect(module.notes[0]?.message).toContain("only named functions and methods are evaluated");
  });
});

describe("readPythonModule on malformed modules", () => {
  const expected: Record<string, [number, RegExp]> = {
    "bad_escape.py": [2, /truncated \\x escape/],
    "double_comma.py": [2, /invalid syntax/],
    "invalid_character.py": [2, /invalid character '\$'/],
    "mismatched_bracket.py": [4, /closing '\}' does not match '\['/],
    "mixed_bytes.py": [2, /cannot mix bytes and nonbytes/],
    "repeated_keyword.py": [2, /keyword argument repeated: inputs/],
    "unclosed_bracket.py": [1, /'\{' was never closed/],
    "unexpected_indent.py": [2, /unexpected indent/],
    "unterminated_string.py": [3, /unterminated string literal/],
  };

  it("has a case for every malformed fixture", () => {
    expect(readdirSync(path.join(FIXTURES, "malformed")).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [name, [line, reason]] of Object.entries(expected)) {
    it(`${name}: a PySyntaxError with line, column and reason`, () => {
      const error = syntaxError(path.join(FIXTURES, "malformed", name));
      expect(error.line).toBe(line);
      expect(error.col).toBeGreaterThan(0);
      expect(error.reason).toMatch(reason);
      expect(error.message).toBe(`${error.line}:${error.col}: ${error.reason}`);
    });
  }

  it.skipIf(!hasPython)("line and column agree with Python's own parser", () => {
    for (const name of Object.keys(expected)) {
      const file = path.join(FIXTURES, "malformed", name);
      const py = spawnSync(
        "python3",
        ["-c", "import ast,sys\ntry:\n ast.parse(open(sys.argv[1]).read())\nexcept SyntaxError as e:\n print(e.lineno, e.offset)", file],
        { encoding: "utf8" },
      );
      expect(py.status, py.stderr).toBe(0);
      if (py.stdout.trim() === "") {
        expect(name, "Python finds only this error when compiling, not when parsing").toBe("repeated_keyword.py");
        continue;
      }
      const [line, col] = py.stdout.trim().split(" ").map(Number);
      const error = syntaxError(file);
      expect(error.line, name).toBe(line);
      // For a bad escape, mixed literals or an indent Python points past the culprit; the reader at it.
      if (!["bad_escape.py", "mixed_bytes.py", "unexpected_indent.py"].includes(name)) expect(error.col, name).toBe(col);
    }
  });
});
