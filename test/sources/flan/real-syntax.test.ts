/**
 * Syntax forms seen in FLAN's real template modules (flan/templates.py, flan/v2/templates.py,
 * flan/v2/flan_templates_branched.py) that syntax_forms.py does not already pin, in a module written
 * for this test (invented content). Then every real file of a FLAN clone, opt-in: set IML_FLAN_REAL_DIR
 * to a google-research/FLAN clone (never committed) and its three template modules are read whole (and
 * compared with the shared renderings), flan/task_splits.py, flan/v2/flan_collection_info.csv and every
 * flan/v2/cot_data TSV load, and the adapter opens the clone with no option. Without it, a clone rebuilt
 * from ../shared/sources-sample/flan stands in; without either, the checks skip and say so.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toJson } from "../../../src/lib/python/index.js";
import { FLAN_2021_CLUSTERS, parseCsv, readClusters, readCollectionInfo } from "../../../src/sources/flan/clusters.js";
import { readCotFile } from "../../../src/sources/flan/cot.js";
import { flan } from "../../../src/sources/flan/index.js";
import { inspectFlanLines } from "../../../src/sources/flan/inspect-command.js";
import { readFlanModule } from "../../../src/sources/flan/module.js";
import type { Issue, Task } from "../../../src/types.js";
import { openAt } from "../conformance.js";
import { writeModule } from "./py-writer.js";

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
const realReady = REAL !== undefined && existsSync(path.join(REAL, "flan/v2/templates.py"));
const sharedReady = existsSync(SAMPLE);
const MODULES: [string, string][] = [
  ["flan/templates.py", "2021/templates.py.json"],
  ["flan/v2/flan_templates_branched.py", "v2/flan_templates_branched.py.json"],
  ["flan/v2/templates.py", "v2/templates.py.json"],
];
// FLAN's own line counts of its chain-of-thought files (flan/v2/task_configs.py, num_input_examples).
const COT_LINES: Record<string, number> = {
  gsm8k: 7473,
  strategyqa: 2061,
  creak: 6915,
  qasc: 1084,
  ecqa: 7112,
  sensemaking: 6070,
  aqua: 2728,
};
if (!realReady)
  console.warn(
    `[flan real files] IML_FLAN_REAL_DIR is not set to a FLAN clone: ${sharedReady ? "the shared renderings stand in for it" : "../shared/sources-sample/flan is absent too; the real-file checks are skipped"}.`,
  );

function expectModuleEqualsRendering(module: ReturnType<typeof readFlanModule>, rendering: string): void {
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
}

/** What the adapter makes of a FLAN clone opened with no option at all. */
async function openClone(root: string): Promise<{ tasks: Task[]; issues: Issue[] }> {
  const adapter = openAt(flan, root);
  const issues: Issue[] = [];
  const tasks: Task[] = [];
  for (const ref of await adapter.list()) tasks.push(await adapter.load(ref, issues));
  return { tasks, issues };
}

const sorted = (m: Readonly<Record<string, readonly string[]>>) =>
  Object.fromEntries(
    Object.entries(m)
      .map(([k, v]) => [k, [...v].sort()])
      .sort(),
  );

describe.skipIf(!realReady)(`FLAN's real files load (IML_FLAN_REAL_DIR${realReady ? "" : ": skipped, not set"})`, () => {
  const real = (file: string) => path.join(REAL ?? "", file);

  for (const [py, rendering] of MODULES) {
    it(`${py}: read whole${sharedReady ? ", equal to the shared rendering name by name, template by template, alias by alias" : ""}`, () => {
      const module = readFlanModule(readFileSync(real(py), "utf8"), real(py));
      expect(module.names.get("PATTERNS")).toBeInstanceOf(Map);
      if (sharedReady) expectModuleEqualsRendering(module, rendering);
    });
  }

  it("flan/task_splits.py: its collections.OrderedDict of clusters, 17 clusters and 69 task names, as the paper lists", async () => {
    const clusters = await readClusters(real("flan/task_splits.py"));
    expect(Object.keys(clusters)).toHaveLength(17);
    expect(Object.values(clusters).flat()).toHaveLength(69);
    expect(sorted(clusters)).toEqual(sorted(FLAN_2021_CLUSTERS));
  });

  it("flan/v2/flan_collection_info.csv: 1,945 rows, the categories of every dataset named", async () => {
    const rows = parseCsv(readFileSync(real("flan/v2/flan_collection_info.csv"), "utf8")).slice(1);
    expect(rows).toHaveLength(1945);
    const info = await readCollectionInfo(real("flan/v2/flan_collection_info.csv"));
    expect(info.size).toBe(new Set(rows.map((r) => (r[0] === "NIv2" || r[0] === "T0" ? r[2] : r[1]))).size);
  });

  it("flan/v2/cot_data: every TSV read whole, FLAN's line counts, no line skipped", async () => {
    const dir = real("flan/v2/cot_data");
    const counts: Record<string, number> = {};
    for (const file of readdirSync(dir).sort()) {
      const read = await readCotFile(path.join(dir, file));
      expect(read.skipped, file).toEqual([]);
      counts[file.replace("_train.tsv", "")] = read.rows.length;
    }
    expect(counts).toEqual(COT_LINES);
  });

  it("the clone opened with no option: every key a task, the CoT keys with their rows, the two absent TSVs reported", async () => {
    const { tasks, issues } = await openClone(REAL as string);
    expect(tasks).toHaveLength(120);
    const withRows = Object.fromEntries(tasks.filter((t) => t.instances.length > 0).map((t) => [t.name, t.instances.length]));
    const names = Object.keys(COT_LINES);
    expect(withRows).toEqual(
      Object.fromEntries(
        names.flatMap((n) => {
          const type = n === "aqua" ? "stream" : "cot";
          return [
            [`${type}_${n}`, COT_LINES[n]],
            [`${type}_input_inversion_${n}`, COT_LINES[n]],
          ];
        }),
      ),
    );
    for (const name of ["esnli", "qed"]) {
      const messages = issues.filter((i) => i.message.includes(`flan/v2/cot_data/${name}_train.tsv`));
      expect(messages, name).toHaveLength(2);
    }
    expect(issues.filter((i) => i.message.includes("has no rows"))).toHaveLength(106);
  }, 120_000);
});

/** A clone-like root from the shared renderings: modules written back as Python, task_splits.py as FLAN writes it, the head-100 TSVs. */
function sharedClone(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "flan-shared-clone-"));
  mkdirSync(path.join(root, "flan/v2/cot_data"), { recursive: true });
  for (const [py, rendering] of MODULES)
    writeFileSync(path.join(root, py), writeModule(JSON.parse(readFileSync(path.join(SAMPLE, rendering), "utf8")), `clone/${py}`));
  const { clusters } = JSON.parse(readFileSync(path.join(SAMPLE, "2021/task_clusters.json"), "utf8")) as {
    clusters: Record<string, string[]>;
  };
  const pairs = Object.entries(clusters).map(
    ([name, tasks]) => `    ('${name}', [\n${tasks.map((t) => `        '${t}',`).join("\n")}\n    ]),`,
  );
  writeFileSync(
    path.join(root, "flan/task_splits.py"),
    `import collections\n\n_DEFAULT_TASK_CLUSTERS_ABBREV = collections.OrderedDict([\n${pairs.join("\n")}\n])\n`,
  );
  copyFileSync(path.join(SAMPLE, "v2/flan_collection_info.csv"), path.join(root, "flan/v2/flan_collection_info.csv"));
  for (const file of readdirSync(path.join(SAMPLE, "v2/cot_data")))
    copyFileSync(path.join(SAMPLE, "v2/cot_data", file), path.join(root, "flan/v2/cot_data", file.replace(".head100", "")));
  return root;
}

describe.skipIf(realReady || !sharedReady)(
  `a FLAN clone rebuilt from the shared renderings loads with no option${realReady ? " (skipped: the real clone is checked instead)" : sharedReady ? "" : " (skipped: ../shared/sources-sample/flan is absent)"}`,
  () => {
    it("every key a task; the head-100 CoT files give 100 rows to their keys; clusters and collection categories read", async () => {
      const root = sharedClone();
      const { tasks, issues } = await openClone(root);
      expect(tasks).toHaveLength(120);
      const withRows = Object.fromEntries(tasks.filter((t) => t.instances.length > 0).map((t) => [t.name, t.instances.length]));
      expect(withRows).toEqual({
        cot_gsm8k: 100,
        cot_input_inversion_gsm8k: 100,
        cot_input_inversion_qasc: 100,
        cot_input_inversion_strategyqa: 100,
        cot_qasc: 100,
        cot_strategyqa: 100,
      });
      expect(issues.filter((i) => i.message.includes("has no rows"))).toHaveLength(114);
      const byName = (name: string) => tasks.find((t) => t.name === name) as Task;
      expect(byName("anli").sourceCategories).toEqual([]);
      expect(byName("mnli").sourceCategories).toEqual(["Natural Language Inference", "Inverted Natural Language Inference"]);
      expect(byName("cosmos_qa").sourceCategories).toEqual([
        "read_comp_and_common_sense",
        "Multiple-Choice QA (no trivia knowledge required)",
        "Inverted Multiple-Choice QA (no trivia knowledge required)",
      ]);
      expect(byName("cot_gsm8k").sourceCategories[0]).toBe("Grade School Math Word Problems");
      expect(sorted(await readClusters(path.join(root, "flan/task_splits.py")))).toEqual(sorted(FLAN_2021_CLUSTERS));
    }, 60_000);
  },
);
