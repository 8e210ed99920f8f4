/** FLAN adapter inputs beyond the sample corpus: Parquet rows, cluster files, flan_collection_info.csv. */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { clustersOf, FLAN_2021_CLUSTERS, parseCsv, readClusters, readCollectionInfo } from "../../../src/sources/flan/clusters.js";
import { flan } from "../../../src/sources/flan/index.js";
import type { Issue } from "../../../src/types.js";
import { openAt } from "../conformance.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SAMPLE = path.join(ROOT, "sources/sample/flan");
const SHARED = path.resolve(ROOT, "../shared/sources-sample/flan");
if (!existsSync(SHARED)) console.warn(`[flan sources] ${SHARED} is absent: cluster and collection-info conformance tests are skipped.`);

function tempRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "flan-src-"));
  copyFileSync(path.join(SAMPLE, "templates.py"), path.join(root, "templates.py"));
  return root;
}

describe("flan adapter inputs", () => {
  it("reads Parquet rows, sharded splits included, as it reads JSONL", async () => {
    const root = tempRoot();
    const rows = readFileSync(path.join(SAMPLE, "rows/trivia_qa/train.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, string>);
    const columns = (part: Record<string, string>[]) =>
      ["question_id", "question", "answer"].map((name) => ({ name, data: part.map((r) => r[name]) }));
    mkdirSync(path.join(root, "rows/trivia_qa/validation"), { recursive: true });
    writeFileSync(
      path.join(root, "rows/trivia_qa/train.parquet"),
      new Uint8Array(parquetWriteBuffer({ columnData: columns(rows.slice(0, 20)) })),
    );
    writeFileSync(
      path.join(root, "rows/trivia_qa/validation/0000.parquet"),
      new Uint8Array(parquetWriteBuffer({ columnData: columns(rows.slice(20)) })),
    );
    const adapter = openAt(flan, root);
    const ref = (await adapter.list()).find((r) => r.name === "trivia_qa");
    const task = await adapter.load(ref!, [] as Issue[]);
    expect(task.instances.map((i) => i.fields)).toEqual(rows);
    expect(task.instances.map((i) => i.sourceSplit)).toEqual([...Array(20).fill("train"), ...Array(10).fill("validation")]);
    expect(adapter.render(task, task.instances[25]!, "trivia_qa:1:zs_opt", rngFor(1, "r"))).toMatchObject({
      ok: true,
      parts: { instruction: "", lead: "", input: rows[25]?.question },
      completion: rows[25]?.answer,
    });
  });

  it("takes clusters from a task_splits.py dict literal, read without running it", async () => {
    const root = tempRoot();
    writeFileSync(
      path.join(root, "task_splits.py"),
      'import x\n_DEFAULT_TASK_CLUSTERS_ABBREV = {\n    "nli": ["rte", "cb"],  # comment\n    "qa": ["trivia_qa"],\n}\n',
    );
    const clusters = await readClusters(path.join(root, "task_splits.py"));
    expect(clusters).toEqual({ nli: ["rte", "cb"], qa: ["trivia_qa"] });
    expect(clustersOf(clusters, "anli_r1", "rte")).toEqual(["nli"]);
  });

  it("takes clusters from a task_splits.py that builds them with collections.OrderedDict([...]), as FLAN's does", async () => {
    const root = tempRoot();
    const source = [
      "import collections",
      "import seqio",
      "ShotConfig = few_shot.ShotConfig",
      "_DEFAULT_TASK_CLUSTERS_ABBREV = collections.OrderedDict([",
      "    ('nli', [",
      "        'rte',",
      "        'cb',",
      "    ]), ('qa', [",
      "        'trivia_qa',",
      "    ])",
      "])",
      "_SUPERGLUE_TASKS = frozenset({'cb'})",
      "def full_task_name(abbrev_name: str) -> str:",
      "  return f'{abbrev_name}_x'",
      "",
    ].join("\n");
    writeFileSync(path.join(root, "task_splits.py"), source);
    const clusters = await readClusters(path.join(root, "task_splits.py"));
    expect(clusters).toEqual({ nli: ["rte", "cb"], qa: ["trivia_qa"] });
    expect(Object.keys(clusters)).toEqual(["nli", "qa"]);
  });

  it("opens a FLAN clone's root as it comes: flan/v2/templates.py, the branched module beside it, no rows folder", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "flan-clone-"));
    mkdirSync(path.join(root, "flan/v2"), { recursive: true });
    const main =
      'PATTERNS = {\n    "quiz": [("Main: {question}\\n{options_}", "{answer}")],\n    "cot_maths": [("{question}", "{chain_of_thought} {answer}")],\n}\n';
    writeFileSync(path.join(root, "flan/v2/templates.py"), main);
    writeFileSync(
      path.join(root, "flan/v2/flan_templates_branched.py"),
      'PATTERNS = {"quiz": [("Branched: {question}\\n{options_}", "{answer}")]}\n',
    );
    const row = `${JSON.stringify({ question: "Two plus two?", options: ["3", "4"], answer: "4" })}\n`;
    const noopt = async (options: Record<string, unknown>) => {
      const adapter = openAt(flan, root, { templateTypes: ["zs_noopt"], ...options });
      const issues: Issue[] = [];
      const refs = await adapter.list();
      const tasks = await Promise.all(refs.map((ref) => adapter.load(ref, issues)));
      const quiz = tasks.find((t) => t.name === "quiz");
      const first = quiz?.instances[0];
      const rendered = first && quiz ? adapter.render(quiz, first, "quiz:0:zs_noopt", rngFor(0, "r")) : undefined;
      return { names: refs.map((r) => r.name), counts: tasks.map((t) => t.instances.length), issues, rendered };
    };
    // No rows anywhere: every key a task without instances, each with an issue.
    const bare = await noopt({});
    expect(bare.names).toEqual(["cot_maths", "quiz"]);
    expect(bare.counts).toEqual([0, 0]);
    expect(bare.issues.map((i) => i.message)).toEqual([
      'task "cot_maths" has no rows (looked for rows/cot_maths/<split>.{jsonl,parquet}, flan/v2/cot_data/maths_train.tsv, cot_data/maths_train.tsv); it has no instances',
      'task "quiz" has no rows (looked for rows/quiz/<split>.{jsonl,parquet}); it has no instances',
    ]);
    // Rows kept elsewhere, named absolute or relative to the root; zs_noopt from the branched module.
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), "flan-rows-"));
    mkdirSync(path.join(elsewhere, "quiz"));
    writeFileSync(path.join(elsewhere, "quiz/train.jsonl"), row);
    for (const rows of [elsewhere, path.relative(root, elsewhere)]) {
      const got = await noopt({ rows });
      expect(got.counts, rows).toEqual([0, 1]);
      expect(got.rendered).toMatchObject({ ok: true, parts: { input: "Branched: Two plus two?" } });
    }
    // extraTemplates: [] reads the main module alone.
    expect((await noopt({ rows: elsewhere, extraTemplates: [] })).rendered).toMatchObject({
      ok: true,
      parts: { input: "Main: Two plus two?" },
    });
    // A rows folder named explicitly must exist.
    await expect(openAt(flan, root, { rows: "no/such/rows" }).list()).rejects.toThrow(
      `[adapter:flan] ${path.join(root, "no/such/rows")}: rows folder not found (options.rows, relative to the source root or absolute).`,
    );
  });

  it("parses CSV with quoted fields, doubled quotes and CRLF", () => {
    expect(parseCsv('a,"b, c","d ""e"""\r\nf,,g\n')).toEqual([
      ["a", "b, c", 'd "e"'],
      ["f", "", "g"],
    ]);
  });
});

describe.skipIf(!existsSync(SHARED))("FLAN categories against the shared fixtures", () => {
  it("the built-in FLAN 2021 cluster map equals task_splits.py's _DEFAULT_TASK_CLUSTERS_ABBREV", async () => {
    const shared = await readClusters(path.join(SHARED, "2021/task_clusters.json"));
    const sorted = (m: Readonly<Record<string, readonly string[]>>) =>
      Object.fromEntries(
        Object.entries(m)
          .map(([k, v]) => [k, [...v].sort()])
          .sort(),
      );
    expect(sorted(FLAN_2021_CLUSTERS)).toEqual(sorted(shared));
  });

  it("reads flan_collection_info.csv: specific then generic category per dataset", async () => {
    const info = await readCollectionInfo(path.join(SHARED, "v2/flan_collection_info.csv"));
    const rows = parseCsv(readFileSync(path.join(SHARED, "v2/flan_collection_info.csv"), "utf8"))
      .slice(1)
      .filter((r) => r.length > 1);
    expect(rows).toHaveLength(1945);
    const taskNamed = (r: string[]) => r[0] === "NIv2" || r[0] === "T0";
    expect(info.size).toBe(new Set(rows.map((r) => (taskNamed(r) ? r[2] : r[1]))).size);
    // NIv2 and T0 rows are keyed by their task, labelled by their generic category: the dataset they
    // are built on (anli, cosmos_qa) is no FLAN task name.
    expect(info.get("task1385_anli_r1_entailment")).toEqual(["Textual Entailment"]);
    expect(info.get("anli")).toBeUndefined();
    expect(info.get("anli_r1")).toEqual(["Natural Language Inference", "Inverted Natural Language Inference"]);
    const gsm = rows.filter((r) => r[1] === "cot_gsm8k");
    expect(info.get("cot_gsm8k")).toEqual([...new Set(gsm.flatMap((r) => [r[2], r[3]]))]);
  });
});
