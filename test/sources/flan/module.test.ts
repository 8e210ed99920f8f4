import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AdapterError } from "../../../src/errors.js";
import { toJson } from "../../../src/lib/python/index.js";
import { readFlanModule } from "../../../src/sources/flan/module.js";
import { zeroShotTable } from "../../../src/sources/flan/templates.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/flan");

function read(name: string) {
  return readFlanModule(readFileSync(path.join(FIXTURES, name), "utf8"), name);
}

describe("readFlanModule", () => {
  it("keeps key order, implicit concatenation, escapes and the {hypothesis}n typo verbatim", () => {
    const patterns = zeroShotTable(read("syntax_forms.py"));
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

  it("knows FewShotPattern when the module imports it instead of defining it", () => {
    const module = readFlanModule('from templates import FewShotPattern\nP = FewShotPattern("{q}", "{a}")\n', "v2.py");
    expect(toJson(module.names.get("P") ?? null)).toMatchObject({
      inputs: "{q}",
      targets: "{a}",
      x_y_delimiter: "\n\n",
      in_template_mix: true,
    });
  });

  it("a dict entry that is not a list of (input, target) tuples is an error naming the key", () => {
    expect(() => zeroShotTable(read("shape/not_a_list.py"))).toThrow(/PATTERNS\["t"\] is a tuple, expected a list/);
  });
});

describe("readFlanModule on malformed modules", () => {
  // Whole messages, byte for byte: users and scripts see them.
  const messages: Record<string, string> = {
    "bad_escape.py": "#L2:17: syntax error at line 2, column 17: truncated \\x escape: expected 2 hex digits.",
    "double_comma.py": "#L2:18: syntax error at line 2, column 18: invalid syntax: unexpected ','.",
    "invalid_character.py": "#L2:27: syntax error at line 2, column 27: invalid character '$' (U+0024).",
    "mismatched_bracket.py": "#L4:5: syntax error at line 4, column 5: closing '}' does not match '[' at 2:10.",
    "mixed_bytes.py": "#L2:24: syntax error at line 2, column 24: cannot mix bytes and nonbytes literals.",
    "repeated_keyword.py": "#L2:45: syntax error at line 2, column 45: keyword argument repeated: inputs.",
    "unclosed_bracket.py": "#L1:12: syntax error at line 1, column 12: '{' was never closed.",
    "unexpected_indent.py": "#L2:5: syntax error at line 2, column 5: unexpected indent.",
    "unterminated_string.py": "#L3:29: syntax error at line 3, column 29: unterminated string literal.",
  };

  for (const [name, where] of Object.entries(messages)) {
    it(`${name}: an AdapterError naming file, line and column`, () => {
      const file = `malformed/${name}`;
      let caught: unknown;
      try {
        read(file);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AdapterError);
      expect((caught as AdapterError).message).toBe(`[adapter:flan] ${file}${where} Is this a Python module in FLAN's template syntax?`);
      expect((caught as AdapterError).pointer).toBe(where.split(": ")[0]?.slice(1));
    });
  }
});
