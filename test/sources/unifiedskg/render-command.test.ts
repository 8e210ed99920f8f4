/**
 * `render unifiedskg` on the fixtures and the sample corpus, against goldens written by the Python
 * reference (test/reference/gen_skg_render_goldens.py; regenerate with test/reference/regen_skg_goldens.sh).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import yargs from "yargs";
import type { CliIO } from "../../../src/cli-io.js";
import {
  guessFromTaskName,
  type RenderUnifiedSkgArgs,
  renderUnifiedSkgCommand,
  runRenderUnifiedSkg,
} from "../../../src/sources/unifiedskg/render-command.js";

const fixtures = path.resolve(import.meta.dirname, "../../fixtures/unifiedskg");
const sample = path.resolve(import.meta.dirname, "../../../sources/sample/unifiedskg");
const cfg = (root: string, name: string) => path.join(root, "configure/META_TUNING", `${name}.cfg`);
const exp = (root: string, name: string) => path.join(root, "configure/Salesforce", `${name}.cfg`);

async function run(args: Partial<RenderUnifiedSkgArgs> & { task: string; rows: string }): Promise<{ out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t) };
  await runRenderUnifiedSkg({ split: "validation", seed: 0, ...args }, io);
  return { out, err };
}

const parse = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
/** The detail text is iml-bench's own; the goldens carry the reason only. */
const withoutDetail = (records: Record<string, unknown>[]) => records.map(({ detail: _d, ...rest }) => rest);

const CASES: [string, Partial<RenderUnifiedSkgArgs> & { task: string; rows: string }][] = [
  ["wikitq-edges.validation", { task: "wikitq", rows: `${fixtures}/rows/wikitq-edges.jsonl`, cfg: cfg(fixtures, "wikitq") }],
  [
    "wikitq-edges.train.desc",
    {
      task: "wikitq",
      rows: `${fixtures}/rows/wikitq-edges.jsonl`,
      cfg: cfg(fixtures, "wikitq"),
      split: "train",
      exp: exp(fixtures, "T5_fixture_desc"),
    },
  ],
  ["tab_fact.test", { task: "tab_fact", rows: `${fixtures}/rows/tab_fact.jsonl`, cfg: cfg(fixtures, "tab_fact"), split: "test" }],
  ["fetaqa.test", { task: "fetaqa", rows: `${fixtures}/rows/fetaqa.jsonl`, cfg: cfg(fixtures, "fetaqa"), split: "test" }],
  ["wikisql.validation", { task: "wikisql", rows: `${fixtures}/rows/wikisql.jsonl`, cfg: cfg(fixtures, "wikisql") }],
  ["kvret.validation", { task: "kvret", rows: `${fixtures}/rows/kvret.jsonl`, cfg: cfg(fixtures, "kvret") }],
  [
    "kvret.validation.separate",
    { task: "kvret", rows: `${fixtures}/rows/kvret.jsonl`, cfg: cfg(fixtures, "kvret"), exp: exp(fixtures, "T5_fixture_separate") },
  ],
  ["sparc.validation", { task: "sparc", rows: `${fixtures}/rows/sparc.jsonl`, cfg: cfg(fixtures, "sparc_with_cell") }],
  ["spider-nl.validation", { task: "spider", rows: `${fixtures}/rows/spider-nl.jsonl`, cfg: cfg(fixtures, "spider_with_cell_nl") }],
  [
    "instantiated.desc",
    { task: "wikitq", rows: `${fixtures}/rows/instantiated.jsonl`, cfg: cfg(fixtures, "wikitq"), exp: exp(fixtures, "T5_fixture_desc") },
  ],
  ...["wikitq", "dart", "spider_with_cell"].flatMap((t) =>
    ["train", "validation"].map(
      (split) =>
        [
          `sample-${t}.${split}`,
          { task: t, rows: `${sample}/data/${t}/${split}.jsonl`, cfg: cfg(sample, t), exp: exp(sample, "T5_base_sample_tasks"), split },
        ] as [string, Partial<RenderUnifiedSkgArgs> & { task: string; rows: string }],
    ),
  ),
];

describe("render unifiedskg matches the reference goldens", () => {
  it.each(CASES)("%s", async (golden, args) => {
    const expected = parse(readFileSync(path.join(fixtures, "golden", `${golden}.jsonl`), "utf8"));
    const { out, err } = await run(args);
    expect(err).toBe("");
    expect(withoutDetail(parse(out))).toEqual(expected);
  });
});

describe("render unifiedskg behaviour", () => {
  it("explains skipped rows by row and field", async () => {
    const records = parse((await run(CASES[0]?.[1] as never)).out);
    const details = records.filter((r) => r.skipped).map((r) => r.detail);
    expect(details).toEqual([
      "row 5: table: missing; expected a table {header, rows}",
      "row 6: table.rows[1][0]: a table cell is null; expected a string or a number",
      'row 7: answer_text: the answer is empty (UnifiedSKG raises "The Answer is EMPTY!")',
      "row 8: question: missing; expected a string",
      "row 9: table.rows[0]: a row is not a list of cells",
    ]);
  });

  it("is byte-identical across runs and seeds for tables that fit", async () => {
    const args = { task: "wikitq", rows: `${sample}/data/wikitq/train.jsonl`, cfg: cfg(sample, "wikitq") };
    const a = await run(args);
    expect((await run(args)).out).toBe(a.out);
    expect((await run({ ...args, seed: 99 })).out).toBe(a.out);
  });

  it("uses the constructor named like the task when no cfg is given", async () => {
    const { out } = await run({ task: "dart", rows: `${sample}/data/dart/validation.jsonl` });
    expect(parse(out)[0]).toEqual({
      row: 0,
      prompt: "structured knowledge: Millbrook : population : 12,400",
      completion: "Millbrook has 12,400 inhabitants.",
    });
  });

  it("fails clearly for raw rows without a known constructor, and for cfgs naming an unimplemented one", async () => {
    await expect(run({ task: "my_task", rows: `${sample}/data/dart/validation.jsonl` })).rejects.toThrow(
      /row 0: not an instantiated example \(no struct_in\/seq_out\) and task "my_task" names no known constructor; pass --cfg/,
    );
    await expect(run({ task: "totto", rows: `${sample}/data/dart/validation.jsonl`, cfg: cfg(fixtures, "totto") })).rejects.toThrow(
      /totto\.cfg: constructor "seq2seq_construction\.totto" is not supported for raw rows\. Expected one of: cosql, dart, fetaqa, kvret, sparc, spider, tab_fact, wikisql, wikitq/,
    );
  });

  it("guesses the constructor and its options from a task name like the upstream cfg names", async () => {
    const withCfg = await run({ task: "spider", rows: `${fixtures}/rows/spider-nl.jsonl`, cfg: cfg(fixtures, "spider_with_cell_nl") });
    expect((await run({ task: "spider_with_cell_nl", rows: `${fixtures}/rows/spider-nl.jsonl` })).out).toBe(withCfg.out);
    const plain = parse((await run({ task: "spider", rows: `${fixtures}/rows/spider-nl.jsonl` })).out);
    expect(plain[0]?.prompt).toBe(
      "Which singers are from France? ; structured knowledge: | concert_singer | stadium : stadium_id , location | singer : singer_id , name , country | singer_in_concert : singer_id , stadium_id",
    );
    expect(guessFromTaskName("sparc_with_cell")?.seq2seq).toMatchObject({
      schema_serialization_with_db_content: true,
      schema_serialization_with_nl: false,
    });
    expect(guessFromTaskName("wikitq")?.constructorName).toBe("wikitq");
    expect(guessFromTaskName("wikitqx")).toBeUndefined();
  });

  it("renders instantiated rows for any task, even without a cfg", async () => {
    const { out } = await run({ task: "totto", rows: `${fixtures}/rows/instantiated.jsonl` });
    expect(parse(out)[1]).toEqual({ row: 1, prompt: "structured knowledge: Ann : birthplace : Oslo", completion: "Ann was born in Oslo." });
  });

  it("prefixes descriptions: rows carrying one by default, all with --use-description, none with --no-use-description", async () => {
    const rows = `${fixtures}/rows/instantiated.jsonl`;
    const byDefault = parse((await run({ task: "wikitq", rows })).out);
    expect(byDefault.map((r) => r.prompt)).toEqual([
      "what is the capital of france? ; structured knowledge: col : country | capital row 1 : france | paris",
      "structured knowledge: Ann : birthplace : Oslo",
      "task: own description ; and its population? ; structured knowledge: col : city | pop row 1 : paris | 2m ; context: what is the capital of france?",
      "and now? ; structured knowledge: s ; context: second question | first question",
      undefined,
    ]);
    const forced = parse(
      (await run({ task: "wikitq", rows: `${fixtures}/rows/wikisql.jsonl`, cfg: cfg(fixtures, "wikitq"), useDescription: true })).out,
    );
    expect(forced[0]?.prompt).toBe(
      "task: fixture wikitq ; what position did pick 7 get? ; structured knowledge: col : pick | position row 1 : 7 | guard row 2 : 8 | center",
    );
    const off = parse((await run({ task: "wikitq", rows, exp: exp(fixtures, "T5_fixture_desc"), useDescription: false })).out);
    expect(off[2]?.prompt).toBe(
      "and its population? ; structured knowledge: col : city | pop row 1 : paris | 2m ; context: what is the capital of france?",
    );
  });

  it("reports an unreadable cfg or rows file as a user error", async () => {
    await expect(run({ task: "wikitq", rows: `${fixtures}/rows/nope.jsonl`, cfg: cfg(fixtures, "wikitq") })).rejects.toThrow(/nope\.jsonl/);
    await expect(run({ task: "wikitq", rows: `${fixtures}/rows/tab_fact.jsonl`, cfg: cfg(fixtures, "nope") })).rejects.toThrow(
      /nope\.cfg: cannot read the cfg \(ENOENT\)/,
    );
  });
});

describe("the yargs module", () => {
  it("parses its options when nested under `render`", async () => {
    let out = "";
    const io: CliIO = { out: (t) => void (out += t), err: () => undefined };
    const parser = yargs([])
      .command("render", "render previews", (y) => y.command(renderUnifiedSkgCommand(io) as never).demandCommand(1))
      .strict()
      .exitProcess(false);
    await parser.parseAsync([
      "render",
      "unifiedskg",
      "--task",
      "wikitq",
      "--rows",
      `${fixtures}/rows/wikisql.jsonl`,
      "--cfg",
      cfg(fixtures, "wikitq"),
      "--use-description",
      "--split",
      "test",
      "--seed",
      "3",
    ]);
    expect(parse(out)).toEqual([
      {
        row: 0,
        prompt:
          "task: fixture wikitq ; what position did pick 7 get? ; structured knowledge: col : pick | position row 1 : 7 | guard row 2 : 8 | center",
        completion: "guard",
      },
    ]);
  });
});
