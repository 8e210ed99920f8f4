/**
 * FLAN v2's chain-of-thought data (cot_data/<name>_train.tsv) read and rendered exactly as FLAN does:
 * the reading rules on inputs of every awkward shape (own fixtures), then a differential test against
 * test/reference/flan_cot_reference.py (a Python transcription of seqio's line reader, simple_cot_tsv and
 * format_from_feature_dictionary) on the sample corpus, an awkward fixture, FLAN's shared head-100 TSVs
 * (../shared/sources-sample) and, opt-in, a real FLAN clone (IML_FLAN_REAL_DIR).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { AdapterError } from "../../../src/errors.js";
import { cotDataName, parseCotTsv, readCotFile, textLines } from "../../../src/sources/flan/cot.js";
import { flan } from "../../../src/sources/flan/index.js";
import { decodeUtf8, firstInvalidByte } from "../../../src/sources/flan/text-file.js";
import type { Issue, Task } from "../../../src/types.js";
import { openAt } from "../conformance.js";
import { writeModule } from "./py-writer.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SAMPLE = path.join(ROOT, "sources/sample/flan");
const SHARED = path.resolve(ROOT, "../shared/sources-sample/flan");
const REAL = process.env.IML_FLAN_REAL_DIR;
const REFERENCE = path.join(ROOT, "test/reference/flan_cot_reference.py");
const hasPython = spawnSync("python3", ["-c", "import ast, hashlib, json, re"]).status === 0;
if (!hasPython) console.warn("[flan cot] python3 not found: the differential tests against the Python transcription are skipped.");

/** Own module in FLAN's syntax: a CoT key, its input-inversion alias, a key whose TSV is absent, a plain key. */
const MODULE = `"""Invented chain-of-thought templates."""
PATTERNS = {
    "cot_quirks": [
        ("{question} Think:", "{chain_of_thought}\\nSo: {answer}."),
        ("{answer}{question}", "{chain_of_thought}"),
        ("No fields here.", "{answer}"),
        ("", "{question}|{answer}|{chain_of_thought}"),
    ],
    "cot_absent": [("{question}", "{chain_of_thought} {answer}")],
    "stream_general_notes": [("{question}", "{answer}")],
}
PATTERNS["cot_input_inversion_quirks"] = PATTERNS["cot_quirks"]
`;

/** Every awkward line shape: BOM, CRLF, extra field, blank line, two fields, escaped backslash, empty fields, no final newline. */
const QUIRKS = [
  "\uFEFFQ one\\nline two\tA1\tstep one\\nstep two\tEXTRA\r\n",
  "\r\n",
  "only\ttwo\n",
  "Back\\\\nslash\t\\n answer stays\t\\\\n double\n",
  "Tab\t\t\n",
  "Ünïcödé 🙂 {x}\tB\tc\\r\r",
].join("");

function quirkyRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "flan-cot-"));
  mkdirSync(path.join(root, "cot_data"));
  writeFileSync(path.join(root, "templates.py"), MODULE);
  writeFileSync(path.join(root, "cot_data/quirks_train.tsv"), QUIRKS);
  return root;
}

describe("FLAN's chain-of-thought TSV reading", () => {
  it("names the data file of cot_*, stream_* and their input inversions; other keys have none", () => {
    expect(["cot_gsm8k", "stream_aqua", "cot_input_inversion_esnli", "stream_input_inversion_qed"].map(cotDataName)).toEqual([
      "gsm8k",
      "aqua",
      "esnli",
      "qed",
    ]);
    expect(["cot_stream_general_input_inversion", "synth_cot_anli", "gsm8k", "cot_", "cotgsm8k"].map(cotDataName)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("splits lines as TensorFlow's reader does: \\n ends a line, one \\r before it goes, no empty last line", () => {
    expect(textLines("a\nb\r\nc")).toEqual(["a", "b", "c"]);
    expect(textLines("a\n\nb\n")).toEqual(["a", "", "b"]);
    expect(textLines("a\r\r\n\r")).toEqual(["a\r"]);
    expect(textLines("a\rb\n")).toEqual(["a\rb"]);
    expect(textLines("")).toEqual([]);
    expect(textLines("\n")).toEqual([""]);
  });

  it("reads question, answer and chain_of_thought, unescaping \\n in the first and last only, skipping short lines", () => {
    const file = parseCotTsv(decodeUtf8(new TextEncoder().encode(QUIRKS), "quirks.tsv"));
    expect(file.skipped).toEqual([1, 2]);
    expect(file.rows).toEqual([
      { line: 0, fields: { question: "Q one\nline two", answer: "A1", chain_of_thought: "step one\nstep two" } },
      { line: 3, fields: { question: "Back\\\nslash", answer: "\\n answer stays", chain_of_thought: "\\\n double" } },
      { line: 4, fields: { question: "Tab", answer: "", chain_of_thought: "" } },
      { line: 5, fields: { question: "Ünïcödé 🙂 {x}", answer: "B", chain_of_thought: "c\\r" } },
    ]);
  });

  it("refuses bytes that are not UTF-8, naming the file and the offset of the first bad byte", async () => {
    const root = quirkyRoot();
    const file = path.join(root, "cot_data/quirks_train.tsv");
    writeFileSync(file, Buffer.concat([Buffer.from("ok\tyes\tfine\nbad \xe9"), Buffer.from([0xe9, 0x41]), Buffer.from("\tx\ty\n")]));
    await expect(readCotFile(file)).rejects.toThrow(AdapterError);
    const bytes = readFileSync(file);
    await expect(readCotFile(file)).rejects.toThrow(
      `[adapter:flan] ${file}: invalid UTF-8 at byte offset ${firstInvalidByte(bytes)} (0xe9); expected a UTF-8 text file.`,
    );
    expect(firstInvalidByte(bytes)).toBe(Buffer.byteLength("ok\tyes\tfine\nbad \xe9"));
  });

  it.skipIf(!hasPython)("finds the first invalid byte where Python's UTF-8 decoder does (random byte strings)", () => {
    const cases = fc.sample(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xf5)), {
        maxLength: 12,
      }),
      { numRuns: 400, seed: 11 },
    );
    const script =
      "import json,sys\nfor c in json.load(sys.stdin):\n b=bytes(c)\n try:\n  b.decode('utf-8'); print(len(b))\n except UnicodeDecodeError as e:\n  print(e.start)";
    const run = spawnSync("python3", ["-c", script], { input: JSON.stringify(cases), encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const python = run.stdout.trim().split("\n").map(Number);
    expect(cases.map((c) => firstInvalidByte(Uint8Array.from(c)))).toEqual(python);
  });
});

describe("chain-of-thought tasks in the adapter", () => {
  it("lists every key; a CoT key reads its TSV (counted skips), a key without data has no instances and says where it looked", async () => {
    const root = quirkyRoot();
    const adapter = openAt(flan, root, { includeInverted: true });
    const refs = await adapter.list();
    expect(refs.map((r) => [r.name, r.files.map((f) => path.relative(root, f))])).toEqual([
      ["cot_absent", ["templates.py"]],
      ["cot_input_inversion_quirks", ["templates.py", "cot_data/quirks_train.tsv"]],
      ["cot_quirks", ["templates.py", "cot_data/quirks_train.tsv"]],
      ["stream_general_notes", ["templates.py"]],
    ]);
    const issues: Issue[] = [];
    const tasks: Task[] = [];
    for (const ref of refs) tasks.push(await adapter.load(ref, issues));
    expect(tasks.map((t) => t.instances.length)).toEqual([0, 4, 4, 0]);
    const quirks = tasks[2] as Task;
    expect(quirks.instances.map((i) => [i.id, i.sourceSplit, i.outputs])).toEqual([
      ["cot_quirks-train-0", "train", ["step one\nstep two\nSo: A1."]],
      ["cot_quirks-train-3", "train", ["\\\n double\nSo: \\n answer stays."]],
      ["cot_quirks-train-4", "train", ["\nSo: ."]],
      ["cot_quirks-train-5", "train", ["c\\r\nSo: B."]],
    ]);
    expect(quirks.dataset).toBe("cot_quirks");
    expect(issues.map((i) => [path.relative(root, i.file), i.pointer, i.message])).toEqual([
      [
        "rows/cot_absent",
        undefined,
        'task "cot_absent" has no rows (looked for rows/cot_absent/<split>.{jsonl,parquet}, cot_data/absent_train.tsv); it has no instances',
      ],
      [
        "cot_data/quirks_train.tsv",
        "L2",
        "2 line(s) skipped: fewer than 3 tab-separated fields (question, answer, chain_of_thought); lines 2, 3",
      ],
      [
        "cot_data/quirks_train.tsv",
        "L2",
        "2 line(s) skipped: fewer than 3 tab-separated fields (question, answer, chain_of_thought); lines 2, 3",
      ],
      [
        "rows/stream_general_notes",
        undefined,
        'task "stream_general_notes" has no rows (looked for rows/stream_general_notes/<split>.{jsonl,parquet}); it has no instances',
      ],
    ]);
    expect(adapter.render(quirks, quirks.instances[0]!, "cot_quirks:0:zs_opt", rngFor(0, "r"))).toEqual({
      ok: true,
      parts: { instruction: "", lead: "", input: "Q one\nline two Think:" },
      completion: "step one\nstep two\nSo: A1.",
      references: ["step one\nstep two\nSo: A1."],
    });
  });

  it("prefers a rows folder of the task's own over its TSV; options.cotData names another folder", async () => {
    const root = quirkyRoot();
    mkdirSync(path.join(root, "rows/cot_quirks"), { recursive: true });
    writeFileSync(
      path.join(root, "rows/cot_quirks/train.jsonl"),
      `${JSON.stringify({ question: "q", answer: "a", chain_of_thought: "c" })}\n`,
    );
    mkdirSync(path.join(root, "elsewhere"));
    copyFileSync(path.join(root, "cot_data/quirks_train.tsv"), path.join(root, "elsewhere/absent_train.tsv"));
    const refs = await openAt(flan, root, { cotData: "elsewhere" }).list();
    expect(refs.map((r) => [r.name, r.files.map((f) => path.relative(root, f))])).toEqual([
      ["cot_absent", ["templates.py", "elsewhere/absent_train.tsv"]],
      ["cot_input_inversion_quirks", ["templates.py"]],
      ["cot_quirks", ["templates.py", "rows/cot_quirks/train.jsonl"]],
      ["stream_general_notes", ["templates.py"]],
    ]);
  });

  it("reads the template module as strict UTF-8 too: a byte-order mark is dropped, a bad byte named", async () => {
    const root = quirkyRoot();
    writeFileSync(path.join(root, "templates.py"), `\uFEFF${MODULE}`);
    expect((await openAt(flan, root).list()).map((r) => r.name)).toHaveLength(4);
    writeFileSync(path.join(root, "templates.py"), Buffer.concat([Buffer.from("# caf"), Buffer.from([0xe9]), Buffer.from(`\n${MODULE}`)]));
    await expect(openAt(flan, root).list()).rejects.toThrow(
      `[adapter:flan] ${path.join(root, "templates.py")}: invalid UTF-8 at byte offset 5 (0xe9)`,
    );
  });

  it("a folder where a TSV should be is not data: the task has no rows", async () => {
    const root = quirkyRoot();
    mkdirSync(path.join(root, "cot_data/absent_train.tsv"));
    const refs = await openAt(flan, root).list();
    expect(refs.find((r) => r.name === "cot_absent")?.files.map((f) => path.relative(root, f))).toEqual(["templates.py"]);
  });

  it("a TSV of bad bytes is an error of the adapter when its task loads", async () => {
    const root = quirkyRoot();
    writeFileSync(path.join(root, "cot_data/quirks_train.tsv"), Buffer.from([0x61, 0x09, 0x62, 0x09, 0xff, 0x0a]));
    const adapter = openAt(flan, root);
    const ref = (await adapter.list()).find((r) => r.name === "cot_quirks");
    await expect(adapter.load(ref!, [])).rejects.toThrow(/quirks_train\.tsv: invalid UTF-8 at byte offset 4 \(0xff\)/);
  });
});

/** The TS side of the differential test: every row with every template, digested as the reference does. */
async function renderDigest(root: string, key: string, show: number): Promise<{ rows: number; digest: string; first: string[][][] }> {
  const adapter = openAt(flan, root, { includeInverted: true });
  const ref = (await adapter.list()).find((r) => r.name === key);
  expect(ref, key).toBeDefined();
  const task = await adapter.load(ref!, []);
  const count = task.templates.length;
  const hash = createHash("sha256");
  const first: string[][][] = [];
  for (const [n, instance] of task.instances.entries()) {
    const pairs: string[][] = [];
    for (let index = 0; index < count; index++) {
      const out = adapter.render(task, instance, `${key}:${index}:zs_opt`, rngFor(0, "cot", instance.id));
      if (!out.ok) throw new Error(`${key} ${instance.id} ${index}: ${JSON.stringify(out)}`);
      pairs.push([out.parts.input, out.completion]);
      for (const text of [out.parts.input, out.completion]) hash.update(Buffer.concat([Buffer.from(text, "utf8"), Buffer.from([0])]));
    }
    if (n < show) first.push(pairs);
  }
  return { rows: task.instances.length, digest: hash.digest("hex"), first };
}

function reference(
  module: string,
  key: string,
  tsv: string,
  show: number,
): { rows: number; skipped: number[]; digest: string; first: string[][][] } {
  const run = spawnSync("python3", [REFERENCE, module, key, tsv, String(show)], { encoding: "utf8", maxBuffer: 1 << 26 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

async function expectSameAsReference(root: string, module: string, key: string, tsv: string): Promise<number> {
  const show = 5;
  const ours = await renderDigest(root, key, show);
  const theirs = reference(module, key, tsv, show);
  expect(ours.first, key).toEqual(theirs.first);
  expect(ours.rows, key).toBe(theirs.rows);
  expect((await readCotFile(tsv)).skipped, key).toEqual(theirs.skipped);
  expect(ours.digest, key).toBe(theirs.digest);
  return ours.rows;
}

/** A FLAN-clone layout from the shared renderings: the v2 module written back as Python, the head-100 TSVs. */
function sharedClone(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "flan-cot-shared-"));
  mkdirSync(path.join(root, "flan/v2/cot_data"), { recursive: true });
  const rendering = JSON.parse(readFileSync(path.join(SHARED, "v2/templates.py.json"), "utf8"));
  writeFileSync(path.join(root, "flan/v2/templates.py"), writeModule(rendering, "cot/shared"));
  for (const file of readdirSync(path.join(SHARED, "v2/cot_data")))
    copyFileSync(path.join(SHARED, "v2/cot_data", file), path.join(root, "flan/v2/cot_data", file.replace(".head100", "")));
  return root;
}

describe.skipIf(!hasPython)(
  `chain-of-thought rendering agrees with the Python transcription${hasPython ? "" : " (skipped: python3 not found)"}`,
  () => {
    it("on the sample corpus: every row of every CoT key, every template", async () => {
      const counts: Record<string, number> = {};
      for (const [key, name] of [
        ["cot_gsm8k", "gsm8k"],
        ["cot_strategyqa", "strategyqa"],
        ["stream_aqua", "aqua"],
      ] as const)
        counts[key] = await expectSameAsReference(
          SAMPLE,
          path.join(SAMPLE, "templates.py"),
          key,
          path.join(SAMPLE, `cot_data/${name}_train.tsv`),
        );
      expect(counts).toEqual({ cot_gsm8k: 12, cot_strategyqa: 10, stream_aqua: 10 });
    });

    it("on the awkward fixture (BOM, CRLF, blank and short lines, escaped backslashes, no final newline)", async () => {
      const root = quirkyRoot();
      const tsv = path.join(root, "cot_data/quirks_train.tsv");
      expect(await expectSameAsReference(root, path.join(root, "templates.py"), "cot_quirks", tsv)).toBe(4);
      expect(await expectSameAsReference(root, path.join(root, "templates.py"), "cot_input_inversion_quirks", tsv)).toBe(4);
    });

    it.skipIf(!existsSync(SHARED))(
      `on FLAN's shared head-100 TSVs with FLAN v2's templates${existsSync(SHARED) ? "" : " (skipped: ../shared/sources-sample/flan is absent)"}`,
      async () => {
        const root = sharedClone();
        const module = path.join(root, "flan/v2/templates.py");
        const tsvs = readdirSync(path.join(root, "flan/v2/cot_data")).sort();
        expect(tsvs).toEqual(["gsm8k_train.tsv", "qasc_train.tsv", "strategyqa_train.tsv"]);
        for (const key of ["cot_gsm8k", "cot_qasc", "cot_strategyqa", "cot_input_inversion_qasc"]) {
          const name = cotDataName(key) as string;
          expect(await expectSameAsReference(root, module, key, path.join(root, `flan/v2/cot_data/${name}_train.tsv`))).toBe(100);
        }
      },
      60_000,
    );
  },
);

const realCot = REAL === undefined ? undefined : path.join(REAL, "flan/v2/cot_data");
const realReady = hasPython && realCot !== undefined && existsSync(realCot);
describe.skipIf(!realReady)(
  `chain-of-thought rendering of a real FLAN clone agrees with the Python transcription${realReady ? "" : " (skipped: set IML_FLAN_REAL_DIR to a FLAN clone, with python3)"}`,
  () => {
    // FLAN's own line counts (flan/v2/task_configs.py, num_input_examples).
    const expected: Record<string, number> = {
      cot_gsm8k: 7473,
      cot_strategyqa: 2061,
      cot_creak: 6915,
      cot_qasc: 1084,
      cot_ecqa: 7112,
      cot_sensemaking: 6070,
      stream_aqua: 2728,
    };
    for (const [key, lines] of Object.entries(expected)) {
      it(`${key}: ${lines} rows, every template`, async () => {
        const root = REAL as string;
        const tsv = path.join(realCot as string, `${cotDataName(key)}_train.tsv`);
        expect(await expectSameAsReference(root, path.join(root, "flan/v2/templates.py"), key, tsv)).toBe(lines);
      }, 300_000);
    }
  },
);
