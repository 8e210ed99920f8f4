/**
 * Syntax forms seen in FLAN's real template modules (flan/templates.py, flan/v2/templates.py,
 * flan/v2/flan_templates_branched.py) that syntax_forms.py does not already pin, in a module written
 * for this test (invented content). Plus an opt-in check of the real modules themselves: set
 * IML_FLAN_REAL_DIR to a folder holding flan/templates.py, flan/v2/templates.py and
 * flan/v2/flan_templates_branched.py (they are never committed) to compare them with the shared renderings.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toJson } from "../../../src/lib/python/index.js";
import { inspectFlanLines } from "../../../src/sources/flan/inspect-command.js";
import { readFlanModule } from "../../../src/sources/flan/module.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const REFERENCE = path.resolve(ROOT, "test/reference/flan_module_reference.py");
const hasPython = spawnSync("python3", ["-c", "import ast, json"]).status === 0;
if (!hasPython) console.warn("[flan real syntax] python3 not found: the differential reading by Python is skipped.");

const SOURCE = `"""Invented templates in the layout FLAN's v2 module uses."""
import copy

PATTERNS = {
    "pairs": [
        # A --> B
        ("Given {a}, what is "
         "{b}?", "B: {b}"
        ),
        # B --> A (a comment line between list items)
        ("{b} # not a comment", "{a}"),
    ],
    "other": [("{x}", "{y}")],
}

PATTERNS[
    "pairs_copy"] = PATTERNS[
        "pairs"]

PATTERNS_PLAIN = copy.deepcopy(PATTERNS)
for name, items in PATTERNS_PLAIN.items():
  for i, (left, right) in enumerate(items):
    PATTERNS_PLAIN[name][i] = (left.replace(
        "{a}",
        "").replace("{b}",
                    ""), right)


@dataclasses.dataclass
class FewShotPattern:
  """Invented few-shot pattern.

  Spans lines: {prefix} + {inputs}
  """
  inputs: str
  targets: str
  inputs_prefix: str = ""
  targets_prefix: str = ""
  x_y_delimiter: str = "\\n\\n"
  example_separator: str = "\\n\\n\\n"
  final_suffix: str = ""
  input_pattern: str = "{{inputs}}{final_suffix}"
  in_template_mix: bool = True

  @property
  def kwargs(self):
    return dict(
        inputs_prefix=self.inputs_prefix,
        x_y_delimiter=self.x_y_delimiter)

  @property
  def joined(self):
    return self.inputs_prefix + self.inputs + (
        self.x_y_delimiter)


FEWSHOT_PATTERNS = {
    "pairs": [
        # A header comment before a call.
        FewShotPattern(
            input_pattern="{{Header}}\\n\\n{{inputs}}{final_suffix}",
            inputs="{a}",
            targets="{b}",
            example_separator="\\n--\\n",
            x_y_delimiter="\\n",
            inputs_prefix="A: "),
        FewShotPattern(inputs="{b}", targets="{a}"),
    ],
}
FEWSHOT_PATTERNS[
    "pairs_copy"] = FEWSHOT_PATTERNS[
        "pairs"]

FEWSHOT_PLAIN = copy.deepcopy(FEWSHOT_PATTERNS)
for name, items in FEWSHOT_PLAIN.items():
  for i, pattern in enumerate(items):
    pattern.inputs = pattern.inputs.replace("{a}", "")
    FEWSHOT_PLAIN[name][i] = pattern


MARKERS = [
    ["\\n(" + chr(x) + ") " for x in range(ord("a"),
                                          ord("c") + 1)],  #  (a)
    [
        "\\nLeft) " if x % 2 == 0 else "\\nRight) "
        for x in range(4)
    ],
]
STARTS = [
    "",
    "FIRST:"
    "Second:",  # a missing comma joins the two
    "Third:",
]
`;

function readFixture() {
  return readFlanModule(SOURCE, "real_syntax.py");
}

describe("readFlanModule on FLAN's real-module layout (invented content)", () => {
  const module = readFixture();

  it("reads tuples split over lines, a closing parenthesis on its own line and comment lines between items", () => {
    expect(inspectFlanLines(module)).toEqual([
      {
        task: "pairs",
        templates: [
          { input: "Given {a}, what is {b}?", target: "B: {b}" },
          { input: "{b} # not a comment", target: "{a}" },
        ],
      },
      { task: "other", templates: [{ input: "{x}", target: "{y}" }] },
      {
        task: "pairs_copy",
        templates: [
          { input: "Given {a}, what is {b}?", target: "B: {b}" },
          { input: "{b} # not a comment", target: "{a}" },
        ],
      },
    ]);
  });

  it("records aliases whose target and source subscripts both span lines", () => {
    expect(module.aliases).toEqual([
      { table: "PATTERNS", key: "pairs_copy", sourceTable: "PATTERNS", sourceKey: "pairs" },
      { table: "FEWSHOT_PATTERNS", key: "pairs_copy", sourceTable: "FEWSHOT_PATTERNS", sourceKey: "pairs" },
    ]);
  });

  it("fills FewShotPattern keywords given in any order, and one-line calls, with the dataclass defaults", () => {
    const lines = inspectFlanLines(module, { fewshot: true });
    expect(lines.map((l) => l.task)).toEqual(["pairs", "pairs_copy"]);
    expect(lines[0]?.fewshot).toEqual([
      {
        inputs: "{a}",
        targets: "{b}",
        inputs_prefix: "A: ",
        targets_prefix: "",
        x_y_delimiter: "\n",
        example_separator: "\n--\n",
        final_suffix: "",
        input_pattern: "{{Header}}\n\n{{inputs}}{final_suffix}",
        in_template_mix: true,
      },
      {
        inputs: "{b}",
        targets: "{a}",
        inputs_prefix: "",
        targets_prefix: "",
        x_y_delimiter: "\n\n",
        example_separator: "\n\n\n",
        final_suffix: "",
        input_pattern: "{{inputs}}{final_suffix}",
        in_template_mix: true,
      },
    ]);
  });

  it("reads the literal lists after the skipped loops (multi-line call chains, attribute assignment)", () => {
    expect(toJson(module.names.get("MARKERS") ?? null)).toEqual([
      ["\n(a) ", "\n(b) ", "\n(c) "],
      ["\nLeft) ", "\nRight) ", "\nLeft) ", "\nRight) "],
    ]);
    expect(toJson(module.names.get("STARTS") ?? null)).toEqual(["", "FIRST:Second:", "Third:"]);
    expect(module.names.has("PATTERNS_PLAIN")).toBe(false);
    expect(module.names.has("FEWSHOT_PLAIN")).toBe(false);
  });

  it("notes exactly the statements it skips, with their lines", () => {
    expect(module.notes.map((n) => `${n.line}:${n.statement.split(/[\s(=]/)[0]}`)).toEqual([
      "2:import",
      "20:PATTERNS_PLAIN",
      "21:for",
      "74:FEWSHOT_PLAIN",
      "75:for",
    ]);
  });

  it.skipIf(!hasPython)("agrees with Python's own reading of the same module", () => {
    const tmp = path.join(mkdtempSync(path.join(os.tmpdir(), "flan-real-syntax-")), "real_syntax.py");
    writeFileSync(tmp, SOURCE);
    const run = spawnSync("python3", [REFERENCE, tmp], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const names = (JSON.parse(run.stdout) as { names: Record<string, unknown> }).names;
    expect(Object.fromEntries([...module.names].map(([k, v]) => [k, toJson(v)]))).toEqual(names);
  });
});

const REAL = process.env.IML_FLAN_REAL_DIR;
const SAMPLE = path.resolve(ROOT, "../shared/sources-sample/flan");
const realReady = REAL !== undefined && existsSync(path.join(REAL, "flan/v2/templates.py")) && existsSync(SAMPLE);
if (!realReady)
  console.warn(
    "[flan real syntax] IML_FLAN_REAL_DIR (FLAN's real modules) or ../shared/sources-sample/flan is not set up: the check of the real modules is skipped.",
  );

describe.skipIf(!realReady)("FLAN's real modules (IML_FLAN_REAL_DIR) against the shared renderings", () => {
  const cases: [string, string][] = [
    ["flan/templates.py", "2021/templates.py.json"],
    ["flan/v2/flan_templates_branched.py", "v2/flan_templates_branched.py.json"],
    ["flan/v2/templates.py", "v2/templates.py.json"],
  ];
  for (const [py, rendering] of cases) {
    it(`${py}: every rendered name, template by template, and the aliases`, () => {
      const file = path.join(REAL ?? "", py);
      const module = readFlanModule(readFileSync(file, "utf8"), file);
      const ref = JSON.parse(readFileSync(path.join(SAMPLE, rendering), "utf8")) as Record<string, unknown>;
      for (const key of Object.keys(ref).filter((k) => !k.startsWith("_")))
        expect(toJson(module.names.get(key) ?? null), key).toEqual(ref[key]);
      const patterns = ref.PATTERNS as Record<string, string[][]>;
      const lines = inspectFlanLines(module);
      expect(lines.map((l) => l.task)).toEqual(Object.keys(patterns));
      for (const line of lines)
        expect(
          line.templates?.map((t) => [t.input, t.target]),
          line.task,
        ).toEqual(patterns[line.task]);
      const aliases = (ref._aliases ?? {}) as Record<string, Record<string, string>>;
      for (const [table, map] of Object.entries(aliases)) {
        expect(Object.fromEntries(module.aliases.filter((a) => a.table === table).map((a) => [a.key, a.sourceKey]))).toEqual(map);
      }
    });
  }
});
