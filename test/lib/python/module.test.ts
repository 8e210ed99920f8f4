import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AdapterError } from "../../../src/errors.js";
import { readFlanModule } from "../../../src/lib/python/module.js";
import { toJson } from "../../../src/lib/python/values.js";
import { zeroShotTable } from "../../../src/sources/flan/templates.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/flan");
const REFERENCE = path.resolve(import.meta.dirname, "../../reference/flan_module_reference.py");
const hasPython = spawnSync("python3", ["-c", "import ast, json"]).status === 0;
if (!hasPython) console.warn("[flan module] python3 not found: the differential test against Python's own ast is skipped.");

function read(name: string) {
  const file = path.join(FIXTURES, name);
  return readFlanModule(readFileSync(file, "utf8"), file);
}

function namesAsJson(module: ReturnType<typeof read>): Record<string, unknown> {
  return Object.fromEntries([...module.names].map(([k, v]) => [k, toJson(v)]));
}

describe("readFlanModule on every syntax form", () => {
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

  it("keeps key order, implicit concatenation, escapes and the {hypothesis}n typo verbatim", () => {
    const patterns = zeroShotTable(module);
    expect([...(patterns?.keys() ?? [])]).toEqual([
      "nli_task",
      "sentiment_task",
      "qa_task",
      "nli_task_copy",
      "extra_task",
      "branched_task",
    ]);
    const nli = patterns?.get("nli_task") ?? [];
    expect(nli[2]?.input).toBe("Read and decide:\n\n{premise}\n\nClaim: {hypothesis}n\n{options_}");
    expect(nli[3]?.input).toBe("{premise}\n\nQ: {hypothesis}?\n{options_}");
    expect(nli[7]?.input).toBe("Escapes: \t tab, \\ backslash, \x07\b\f\v\r, AB, AB, \0, é, \u{1F600}, \u2014.");
    expect(nli[5]?.input).toBe("Raw \\n stays: {premise}");
  });

  it("fills FewShotPattern defaults from the module's dataclass and accepts positional arguments", () => {
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

describe("readFlanModule on valid Python it does not evaluate", () => {
  const module = read("unsupported.py");

  it("skips each such statement with a note and keeps the literals", () => {
    expect([...module.names.keys()]).toEqual(["KEEP", "FPLAIN", "BYTES", "KEEP2"]);
    expect(module.names.get("FPLAIN")).toBe("no fields {here}");
    const skipped = module.notes.map((n) => n.line);
    expect(skipped).toEqual([2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(module.notes.find((n) => n.line === 5)?.message).toContain("slice is not evaluated");
    expect(module.notes.find((n) => n.line === 14)?.message).toContain('KeyError: "missing"');
  });
});

describe("readFlanModule on malformed modules", () => {
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

  for (const [name, [line, message]] of Object.entries(expected)) {
    it(`${name}: names file, line and column`, () => {
      const file = path.join(FIXTURES, "malformed", name);
      let caught: unknown;
      try {
        readFlanModule(readFileSync(file, "utf8"), file);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AdapterError);
      const text = (caught as Error).message;
      expect(text).toContain(file);
      expect(text).toMatch(new RegExp(`line ${line}, column \\d+`));
      expect(text).toMatch(message);
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
      const [line, col] = py.stdout.trim().split(" ");
      // For a bad escape, mixed literals or an indent Python points past the culprit; iml-bench at it.
      const where = ["bad_escape.py", "mixed_bytes.py", "unexpected_indent.py"].includes(name)
        ? `line ${line}, column`
        : `line ${line}, column ${col}:`;
      expect(() => readFlanModule(readFileSync(file, "utf8"), file), name).toThrow(where);
    }
  });

  it("a dict entry that is not a list of (input, target) tuples is an error naming the key", () => {
    expect(() => zeroShotTable(read("shape/not_a_list.py"))).toThrow(/PATTERNS\["t"\] is a tuple, expected a list/);
  });

  it("a valid but non-literal PATTERNS is skipped with a note, not evaluated", () => {
    const module = read("shape/tuple_called.py");
    expect(module.names.has("PATTERNS")).toBe(false);
    expect(module.notes[0]?.message).toContain("only named functions and methods are evaluated");
  });
});
