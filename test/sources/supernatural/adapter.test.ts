import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { schemaIssues } from "../../../src/config/schemas.js";
import { rngFor } from "../../../src/core/rng.js";
import { AdapterError } from "../../../src/errors.js";
import { promptText, type Rendered, type RenderedPrompt } from "../../../src/sources/contract.js";
import { openSource } from "../../../src/sources/open.js";
import { resolveOptions } from "../../../src/sources/options.js";
import { datasetIds } from "../../../src/sources/supernatural/adapter.js";
import { supernatural } from "../../../src/sources/supernatural/index.js";
import { NAME } from "../../../src/sources/supernatural/name.js";
import { readSuperNiSplit } from "../../../src/sources/supernatural/task-lists.js";
import { INSTANCE_LEAD, parseEncodingId, TK_INSTRUCT_ENCODINGS } from "../../../src/sources/supernatural/tk-encoding.js";
import type { Issue, Task } from "../../../src/types.js";
import { openAt, rootAt, testAdapter } from "../conformance.js";
import { encodeTk } from "./encode.js";

const root = path.resolve(import.meta.dirname, "../../..");
const fixtures = path.join(root, "test/fixtures/supernatural");
const sample = path.join(root, "sources/sample/supernatural");
/** The prompt rule offering the five tk_instruct encodings as templates. */
const TK = { encoding: "tk_instruct" };

async function loadOne(dir: string, name: string, prompts?: object): Promise<{ task: Task; issues: Issue[] }> {
  const adapter = openAt(supernatural, dir, {}, prompts);
  const issues: Issue[] = [];
  const task = await adapter.load({ name, files: [path.join(dir, "tasks", `${name}.json`)] }, issues);
  return { task, issues };
}

async function loadError(dir: string, name: string): Promise<AdapterError> {
  const error = await loadOne(path.join(fixtures, dir), name).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AdapterError);
  return error as AdapterError;
}

function rendered(r: Rendered): RenderedPrompt {
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return r as RenderedPrompt;
}

const taskParts = (task: Task) => ({ name: task.name, definition: task.instruction ?? "", ...task.demonstrations });

testAdapter(supernatural, { root: sample, rowFiles: ["tasks/*.json"], prompts: TK }, (loaded) => {
  it("renders parts that join to the Tk-Instruct source string, for every sample instance and each of the five encodings", () => {
    const { adapter, tasks } = loaded();
    let compared = 0;
    for (const task of tasks) {
      expect(task.templates.map((t) => t.id)).toEqual(TK_INSTRUCT_ENCODINGS);
      for (const instance of task.instances) {
        for (const id of TK_INSTRUCT_ENCODINGS) {
          const r = rendered(adapter.render(task, instance, id, rngFor(0, "parts", task.id, instance.id, id)));
          const source = encodeTk(taskParts(task), instance.input, parseEncodingId(id));
          expect(promptText(r.parts), `${task.name} ${instance.id} ${id}`).toBe(source);
          // The cut: task-level text, then the lead, then the example (which is what ends the source).
          expect(r.parts.lead).toBe(INSTANCE_LEAD);
          expect(r.parts.input).toMatch(/^Input: [\s\S]*\nOutput: $/);
          expect(source.endsWith(r.parts.lead + r.parts.input)).toBe(true);
          expect(r.parts.instruction).not.toContain(INSTANCE_LEAD);
          expect(r.references).toEqual(instance.outputs);
          expect(instance.outputs).toContain(r.completion);
          compared++;
        }
      }
    }
    expect(compared).toBe(5 * tasks.reduce((n, t) => n + t.instances.length, 0));
    expect(compared).toBeGreaterThan(1000);
  });

  it("draws one of the five encodings per instance in tk_instruct mode: the same for the same (seed, task, instance), several across instances", async () => {
    const { adapter, tasks } = loaded();
    const again = openAt(supernatural, sample, {}, TK);
    const drawn: string[] = [];
    let changedWithSeed = 0;
    for (const task of tasks) {
      for (const instance of task.instances) {
        const choice = adapter.chooseTemplates(task, instance, "train", 11);
        expect(choice.mode).toBe("first");
        expect(choice.ids).toHaveLength(1);
        const [id] = choice.ids as [string];
        expect(TK_INSTRUCT_ENCODINGS).toContain(id);
        expect(adapter.chooseTemplates(task, instance, "train", 11)).toEqual(choice);
        expect(adapter.chooseTemplates(task, instance, "eval", 11)).toEqual(choice);
        expect(again.chooseTemplates(task, instance, "train", 11)).toEqual(choice);
        if (adapter.chooseTemplates(task, instance, "train", 12).ids[0] !== id) changedWithSeed++;
        drawn.push(id);
      }
    }
    expect(new Set(drawn)).toEqual(new Set(TK_INSTRUCT_ENCODINGS));
    for (const id of TK_INSTRUCT_ENCODINGS) expect(drawn.filter((d) => d === id).length, id).toBeGreaterThan(drawn.length / 10);
    expect(changedWithSeed).toBeGreaterThan(0);
  });
});

describe("supernatural adapter on its fixtures", () => {
  const checkout = path.join(fixtures, "checkout");

  it("lists tasks/*.json by code unit and ignores other files", async () => {
    const refs = await openAt(supernatural, checkout).list();
    expect(refs.map((r) => r.name)).toEqual(["task9901_fixture_river_lengths", "task9902_fixture_word_plurals"]);
    expect(refs[0]?.files).toEqual([path.join(checkout, "tasks/task9901_fixture_river_lengths.json")]);
  });

  it("fails clearly when the root has no tasks/ folder", async () => {
    const listing = openAt(supernatural, fixtures).list();
    await expect(listing).rejects.toThrow(AdapterError);
    await expect(listing).rejects.toThrow(/no tasks\/ folder under .*root of a natural-instructions checkout/);
  });

  it("loads the unified task record", async () => {
    const { task, issues } = await loadOne(checkout, "task9901_fixture_river_lengths", TK);
    expect(issues).toEqual([]);
    expect(task).toMatchObject({
      id: "supernatural/task9901_fixture_river_lengths",
      source: NAME,
      dataset: "river_atlas",
      category: "",
      sourceCategories: ["Question Answering"],
      languages: { input: ["English"], output: ["English"], instruction: ["English"] },
      domains: ["Geography"],
      instruction: "  You are given the name of a river. Answer with the country where its mouth lies  \n",
      license: ["CC BY 4.0"],
      provenance: { file: "tasks/task9901_fixture_river_lengths.json", upstream: "allenai/natural-instructions" },
    });
    expect(task.demonstrations.positive[2]).toEqual({ input: "Loire", output: "France" });
    expect(task.demonstrations.negative).toHaveLength(2);
    expect(task.templates.map((t) => [t.id, t.name, t.originalTask])).toEqual([
      ["def", "definition", true],
      ["pos2", "2 positive examples", true],
      ["def+pos2", "definition + 2 positive examples", true],
      ["def+pos2+neg2", "definition + 2 positive examples + 2 negative examples", true],
      ["def+pos2+expl", "definition + 2 positive examples + explanations", true],
    ]);
    const firstId = `task9901-${createHash("md5").update("task9901_fixture_river_lengths/0").digest("hex")}`;
    // Instances may be read lazily (instance-index.ts): compared as they serialise.
    expect(JSON.parse(JSON.stringify(task.instances[0]))).toEqual({
      id: firstId,
      input: "Thames",
      outputs: ["United Kingdom", "England", "UK"],
    });
    expect(task.instances[1]?.outputs).toEqual([" Spain "]);
  });

  it("takes upstream and revision from the source root, and its templates from the prompt rule (def+pos2 by default)", async () => {
    const adapter = openSource(supernatural, { root: { ...rootAt(checkout), upstream: "me/ni-fork", revision: "v2.6" } });
    const ref = { name: "task9902_fixture_word_plurals", files: [path.join(checkout, "tasks/task9902_fixture_word_plurals.json")] };
    const task = await adapter.load(ref, []);
    expect(task.provenance).toEqual({ file: "tasks/task9902_fixture_word_plurals.json", upstream: "me/ni-fork", revision: "v2.6" });
    expect(task.templates.map((t) => t.id)).toEqual(["def+pos2"]);
    expect((await loadOne(checkout, ref.name, { encoding: "name+def+pos3+neg1+expl" })).task.templates).toEqual([
      {
        id: "name+def+pos3+neg1+expl",
        name: "task name + definition + 3 positive examples + 1 negative example + explanations",
        originalTask: true,
      },
    ]);
  });

  it("chooses the rule's one encoding for every instance when the rule is not tk_instruct", async () => {
    const { task } = await loadOne(checkout, "task9901_fixture_river_lengths");
    const instance = task.instances[0]!;
    expect(openAt(supernatural, checkout).chooseTemplates(task, instance, "train", 1)).toEqual({ ids: ["def+pos2"], mode: "first" });
    const pos2 = openAt(supernatural, checkout, {}, { encoding: "pos2" });
    for (const role of ["train", "eval"] as const)
      expect(pos2.chooseTemplates(task, instance, role, 9)).toEqual({ ids: ["pos2"], mode: "first" });
    expect(openAt(supernatural, checkout).evalRules).toEqual({ dropFailingTemplates: false, maxPrompts: null });
  });

  it("matches the committed golden sources of every encoding, with and without a budget", async () => {
    const golden = JSON.parse(readFileSync(path.join(fixtures, "golden-tk-sources.json"), "utf8")) as {
      budgets: Record<string, Record<string, Record<string, string[]>>>;
    };
    let compared = 0;
    for (const [budget, tasks] of Object.entries(golden.budgets)) {
      for (const [name, encodings] of Object.entries(tasks)) {
        const { task } = await loadOne(checkout, name);
        for (const [id, sources] of Object.entries(encodings)) {
          const got = task.instances.map((inst) =>
            encodeTk(taskParts(task), inst.input, parseEncodingId(id), budget === "none" ? undefined : { maxChars: Number(budget) }),
          );
          expect(got, `${name} ${id} budget ${budget}`).toEqual(sources);
          compared += got.length;
        }
      }
    }
    expect(compared).toBe(2 * 7 * 12);
  });

  it("renders the golden sources as prompt parts, for every encoding of the golden file without a budget", async () => {
    const golden = JSON.parse(readFileSync(path.join(fixtures, "golden-tk-sources.json"), "utf8")) as {
      budgets: Record<string, Record<string, Record<string, string[]>>>;
    };
    let compared = 0;
    for (const [name, encodings] of Object.entries(golden.budgets.none ?? {})) {
      for (const [id, sources] of Object.entries(encodings)) {
        const adapter = openAt(supernatural, checkout, {}, { encoding: id });
        const { task } = await loadOne(checkout, name, { encoding: id });
        task.instances.forEach((instance, i) => {
          const r = adapter.render(task, instance, id, rngFor(0, "golden", i));
          if (instance.outputs.length === 0) expect(r).toMatchObject({ ok: false, reason: "empty_target" });
          else {
            expect(promptText(rendered(r).parts), `${name} ${id} ${i}`).toBe(sources[i]);
            compared++;
          }
        });
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("renders a prompt, one seeded reference as completion, and all references", async () => {
    const { task } = await loadOne(checkout, "task9901_fixture_river_lengths", TK);
    const adapter = openAt(supernatural, checkout, {}, TK);
    const instance = task.instances[0]!;
    const draw = (seed: string) => adapter.render(task, instance, "def+pos2", rngFor(seed, "render", task.id, instance.id));
    const first = draw("s1");
    expect(first).toMatchObject({ ok: true, references: ["United Kingdom", "England", "UK"] });
    expect(first).toEqual(draw("s1"));
    const completions = new Set(Array.from({ length: 30 }, (_, i) => rendered(draw(`s${i}`)).completion));
    expect(completions).toEqual(new Set(["United Kingdom", "England", "UK"]));
    expect(adapter.render(task, task.instances[1]!, "def", rngFor(1, "r"))).toMatchObject({ ok: true, completion: " Spain " });
  });

  it("offers the five encodings as templates in tk_instruct mode, each rendering its own prompt, one drawn per instance (seeded)", async () => {
    const { task } = await loadOne(checkout, "task9901_fixture_river_lengths", TK);
    const adapter = openAt(supernatural, checkout, {}, TK);
    expect(task.templates.map((t) => t.id)).toEqual(TK_INSTRUCT_ENCODINGS);
    const instance = task.instances[0]!;
    const byEncoding = new Map(
      TK_INSTRUCT_ENCODINGS.map((id) => [promptText(rendered(adapter.render(task, instance, id, rngFor(0, "x"))).parts), id]),
    );
    expect(byEncoding.size).toBe(5);
    const drawn = Array.from({ length: 40 }, (_, seed) => adapter.chooseTemplates(task, instance, "train", seed));
    expect(drawn.every((c) => c.mode === "first" && c.ids.length === 1)).toBe(true);
    expect(new Set(drawn.flatMap((c) => c.ids))).toEqual(new Set(TK_INSTRUCT_ENCODINGS));
    expect(adapter.chooseTemplates(task, instance, "train", 3)).toEqual(drawn[3]);
    // "tk_instruct" is a rule, not a template.
    expect(() => adapter.render(task, instance, "tk_instruct", rngFor(0, "x"))).toThrow(AdapterError);
  });

  it("drops an instance without references as empty_target", async () => {
    const { task } = await loadOne(checkout, "task9901_fixture_river_lengths");
    const empty = task.instances.find((i) => i.outputs.length === 0)!;
    const adapter = openAt(supernatural, checkout, {}, { encoding: "def" });
    expect(adapter.render(task, empty, "def", rngFor(1, "r"))).toMatchObject({ ok: false, reason: "empty_target" });
  });

  it("drops a prompt over the rule's max_chars as over_budget, after trying fewer demos", async () => {
    const { task } = await loadOne(checkout, "task9902_fixture_word_plurals");
    const instance = task.instances[0]!;
    const budgeted = (max_chars: number) => openAt(supernatural, checkout, {}, { encoding: "def+pos2", max_chars });
    const fits = rendered(budgeted(170).render(task, instance, "def+pos2", rngFor(1, "r")));
    expect(promptText(fits.parts)).toBe(
      "Definition: Write the plural of the given English noun.\n\n Positive Example 1 -\nInput: cat.\n Output: cats.\n\nNow complete the following example -\nInput: child.\nOutput: ",
    );
    expect(fits.parts).toEqual({
      instruction: "Definition: Write the plural of the given English noun.\n\n Positive Example 1 -\nInput: cat.\n Output: cats.\n\n",
      lead: "Now complete the following example -\n",
      input: "Input: child.\nOutput: ",
    });
    expect(budgeted(60).render(task, instance, "def+pos2", rngFor(1, "r"))).toMatchObject({ ok: false, reason: "over_budget" });
  });

  it.each(["pos2+def", "", "def+def", "definition"])(
    "rejects the bad encoding id %j in the prompt rule as E_CONFIG naming prompts.supernatural.encoding",
    (id) => {
      const attempt = () => openAt(supernatural, checkout, {}, { encoding: id });
      expect(attempt).toThrow(AdapterError);
      expect(attempt).toThrow(
        `[adapter:supernatural] ${rootAt(checkout).file}: prompts.supernatural.encoding: Unknown Tk-Instruct encoding id "${id}". Expected parts joined by "+"`,
      );
      try {
        attempt();
      } catch (error) {
        expect((error as AdapterError).code).toBe("E_CONFIG");
      }
    },
  );

  it("has no adapter options, and a prompt rule schema that rejects max_chars below 1 and unknown keys", () => {
    expect(() => resolveOptions(supernatural, [{ origin: "sources/supernatural.yaml#/options", values: { encodings: ["def"] } }])).toThrow(
      '[adapter:supernatural] sources/supernatural.yaml#/options: unknown option "encodings". Accepted options: none.',
    );
    expect(() => openAt(supernatural, checkout, { maxChars: 100 })).toThrow('unknown option "maxChars". Accepted options: none.');
    expect(schemaIssues("source-prompts", { supernatural: { encoding: "tk_instruct", max_chars: 100 } }, "splits/x.yaml")).toEqual([]);
    expect(schemaIssues("source-prompts", { supernatural: { max_chars: 0 } }, "splits/x.yaml")).toMatchObject([
      { file: "splits/x.yaml", pointer: "/supernatural/max_chars" },
    ]);
    expect(schemaIssues("source-prompts", { supernatural: { encodings: ["def"] } }, "splits/x.yaml")).not.toEqual([]);
  });

  it("rejects a template id its task does not have, naming the ones it has", async () => {
    const { task } = await loadOne(checkout, "task9902_fixture_word_plurals");
    const attempt = () => openAt(supernatural, checkout).render(task, task.instances[0]!, "pos2", rngFor(1, "r"));
    expect(attempt).toThrow(AdapterError);
    expect(attempt).toThrow(
      '[adapter:supernatural] tasks/task9902_fixture_word_plurals.json: supernatural/task9902_fixture_word_plurals: unknown template "pos2". Expected one of: def+pos2.',
    );
  });

  it("reads the fixed task lists of a split through the adapter", async () => {
    const lists = await openAt(supernatural, checkout).readTaskLists?.("default");
    expect(lists).toEqual({
      train: new Set(["task9902_fixture_word_plurals"]),
      test: new Set(["task9901_fixture_river_lengths"]),
      excluded: new Set(),
      files: ["train", "test", "excluded"].map((kind) => path.join(checkout, `splits/default/${kind}_tasks.txt`)),
    });
    expect((await openAt(supernatural, checkout).readTaskLists?.("xlingual"))?.files).toEqual(
      ["train", "test"].map((kind) => path.join(checkout, `splits/xlingual/${kind}_tasks.txt`)),
    );
    await expect(openAt(supernatural, checkout).readTaskLists?.("dev")).rejects.toThrow(AdapterError);
  });

  it("fails on a task file it cannot read with its own error type, naming the file", async () => {
    const file = path.join(checkout, "tasks/task9999_missing.json");
    await expect(openAt(supernatural, checkout).load({ name: "task9999_missing", files: [file] }, [])).rejects.toThrow(
      `[adapter:supernatural] ${file}: cannot read the task file (ENOENT)`,
    );
  });

  it("normalises lists of dataset ids", () => {
    expect(datasetIds({ Source: [" SQuAD1.1 ", "", "race"] })).toEqual(["squad1.1", "race"]);
    expect(datasetIds({ Source: "Old" })).toEqual(["old"]);
    expect(datasetIds({})).toEqual([]);
  });
});

describe("supernatural adapter on older revisions and bad files", () => {
  it("normalises an older revision and records each normalisation", async () => {
    const { task, issues } = await loadOne(path.join(fixtures, "old"), "task9903_fixture_old_revision");
    expect(task.instruction).toBe("Say yes if the sum is right, otherwise say no");
    expect(task.languages).toEqual({ input: ["en"], output: ["en"], instruction: ["en"] });
    expect(task).toMatchObject({ domains: [], license: [], dataset: "old_source" });
    expect(task.instances).toEqual([
      { id: "task9903_fixture_old_revision-0", input: "1 + 1 = 2", outputs: ["yes"] },
      { id: "task9903_fixture_old_revision-1", input: "3 + 3 = 7", outputs: ["no"] },
      { id: "task9903_fixture_old_revision-2", input: "5 + 5 = 10", outputs: ["yes"] },
    ]);
    expect(task.demonstrations.negative).toEqual([{ input: "2 + 3 = 6", output: "yes" }]);
    const file = path.join(fixtures, "old/tasks/task9903_fixture_old_revision.json");
    const note = (kind: string, pointer: string, message: string, count = 1) => ({ file, pointer, kind, count, message });
    expect(issues).toEqual([
      note("string_for_list", "/Contributors", '"Contributors" is a string, not a list; wrapped as [value]'),
      note("missing_field", "/URL", '"URL" is missing (an older revision); treated as []'),
      note("missing_field", "/Reasoning", '"Reasoning" is missing (an older revision); treated as []'),
      note("missing_field", "/Domains", '"Domains" is missing (an older revision); treated as []'),
      note("missing_field", "/Instance License", '"Instance License" is missing (an older revision); treated as []'),
      note("string_for_list", "/Definition", '"Definition" is a string (an older revision); used as Definition[0]'),
      note(
        "missing_instance_id",
        "/Instances/0/id",
        "instance has no id (an older revision); named <task>-<index> (3 times; first here)",
        3,
      ),
      note(
        "string_for_list",
        "/Instances/0/output",
        "instance output is a string (an older revision); wrapped as [output] (2 times; first here)",
        2,
      ),
    ]);
  });

  it("reads Python's bare NaN/Infinity as null, counts them and removes a null reference", async () => {
    const { task, issues } = await loadOne(path.join(fixtures, "nan"), "task9904_fixture_python_nan");
    expect(task.instances.map((i) => i.outputs)).toEqual([["NaN"], ["2"]]);
    expect(issues.map((i) => [i.kind, i.count, i.pointer, i.message])).toEqual([
      ["non_finite_number", 4, undefined, "4 bare NaN/Infinity token(s) (Python json) read as null"],
      ["null_output", 1, "/Instances/0/output/1", "null (or NaN) reference output removed"],
      ["unknown_field", 1, "/Scores", '"Scores" is not in the Super-NI task schema; ignored'],
    ]);
  });

  it("fails on a corrupt file with its path, line and column", async () => {
    const error = await loadError("corrupt", "task9905_fixture_corrupt");
    expect(error.message).toMatch(
      /^\[adapter:supernatural\] .*corrupt\/tasks\/task9905_fixture_corrupt\.json: invalid JSON at line 41, column 27 /,
    );
  });

  it("fails on ill-typed fields the build needs with every JSON pointer, what was expected and what to do", async () => {
    const error = await loadError("bad-types", "task9906_fixture_bad_types");
    expect(error.pointer).toBe("/Definition");
    expect(error.message).toContain("task9906_fixture_bad_types.json#/Definition: 4 fields do not match the Super-NI task schema");
    expect(error.message).toContain("fix the file or leave the task out:");
    // Domains/1 is a number too, but the build does not need Domains: that is a note, not a problem.
    expect(error.message.split("\n").slice(1)).toEqual([
      "  /Definition: expected a non-empty list of strings, got an array",
      "  /Positive Examples/1/output: expected a string, got an array",
      "  /Instances/1/output: expected a list of strings, got a number",
      "  /Instances/2/input: expected a string, got nothing (the key is missing)",
    ]);
  });
});

describe("readSuperNiSplit", () => {
  const checkout = path.join(fixtures, "checkout");
  it("reads the lists, trimming names, skipping blanks and reporting duplicates", async () => {
    const issues: Issue[] = [];
    expect(await readSuperNiSplit(checkout, "default", issues)).toEqual({
      train: ["task9902_fixture_word_plurals"],
      test: ["task9901_fixture_river_lengths"],
      excluded: [],
    });
    expect(issues).toEqual([
      {
        file: path.join(checkout, "splits/default/train_tasks.txt"),
        pointer: "line 3",
        kind: "duplicate_list_entry",
        message: 'duplicate task name "task9902_fixture_word_plurals"; kept once',
      },
    ]);
  });
  it("reads a split without excluded_tasks.txt as excluding nothing, and says so", async () => {
    const issues: Issue[] = [];
    expect((await readSuperNiSplit(checkout, "xlingual", issues)).excluded).toEqual([]);
    expect(issues[0]?.message).toBe("no excluded_tasks.txt; no tasks excluded by this split");
  });
  it("names the available splits when one is missing", async () => {
    await expect(readSuperNiSplit(checkout, "dev")).rejects.toThrow(
      /Super-NI split "dev": cannot read .*splits\/dev\/train_tasks.txt\. Available splits under .*: default, xlingual\./,
    );
    await expect(readSuperNiSplit(fixtures, "default")).rejects.toThrow(/There is no splits\/ folder under/);
  });
});

const shared = path.resolve(root, "../shared/sources-sample/supernatural");
if (!existsSync(shared)) console.warn(`[skip] Super-NI conformance: ${shared} is absent, so the real task files are not tested.`);

describe.skipIf(!existsSync(shared))("supernatural adapter on every real task file (../shared/sources-sample)", () => {
  it("loads every file, with INDEX.tsv's instance counts and unique ids", async () => {
    const rows = readFileSync(path.join(shared, "INDEX.tsv"), "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split("\t"));
    const header = rows.shift()!;
    const kept = new Map(rows.map((r) => [r[header.indexOf("file")]!.replace(/\.json$/, ""), Number(r[header.indexOf("instances_kept")])]));
    const adapter = openAt(supernatural, shared, {}, TK);
    const refs = await adapter.list();
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.map((r) => r.name).toSorted()).toEqual([...kept.keys()].toSorted());
    for (const ref of refs) {
      const issues: Issue[] = [];
      const task = await adapter.load(ref, issues);
      expect(issues, ref.name).toEqual([]);
      expect(task.instances.length, ref.name).toBe(kept.get(ref.name));
      expect(new Set(task.instances.map((i) => i.id)).size, ref.name).toBe(task.instances.length);
      expect(task.dataset, ref.name).toMatch(/^[^A-Z]+$/);
      expect(schemaIssues("task", task, ref.name)).toEqual([]);
      for (const instance of task.instances.slice(0, 3)) {
        for (const id of TK_INSTRUCT_ENCODINGS) expect(adapter.render(task, instance, id, rngFor(0, "t")).ok).toBe(true);
      }
    }
  });
  it("reads the default split lists", async () => {
    const issues: Issue[] = [];
    const split = await readSuperNiSplit(shared, "default", issues);
    expect([split.train.length, split.test.length]).toEqual([756, 119]);
    expect(issues.filter((i) => !i.message.startsWith("no excluded_tasks.txt"))).toEqual([]);
  });
});
