/**
 * Differential test: iml-bench's UnifiedSKG linearizations against test/reference/skg_linearize.py
 * (a transcription of the upstream Python) over 600 generated rows: tables, KVRET dialogues, DART
 * triples, Spider/SParC/CoSQL schemas with DB content, instantiated examples. Random row deletion
 * is compared too: the reference draws from the same seeded stream (seedrandom's ARC4, transcribed).
 * The goldens are
 * committed, so the comparison runs without python3; with python3 the goldens are also re-derived.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { findConstructor } from "../../../src/sources/unifiedskg/constructors/index.js";
import { renderSkgRow } from "../../../src/sources/unifiedskg/render.js";

const dir = path.resolve(import.meta.dirname, "../../fixtures/unifiedskg/diff");
const casesText = readFileSync(path.join(dir, "cases.jsonl"), "utf8");
const goldenText = readFileSync(path.join(dir, "golden.jsonl"), "utf8");
const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

interface Case {
  id: string;
  constructor: string | null;
  split: string;
  seq2seq: Record<string, number | boolean | string>;
  model: { knowledge_usage: string | null; use_description: boolean; concatenate_description: boolean };
  description?: string;
  row: Record<string, unknown>;
}
interface Golden {
  id: string;
  outputs?: [string, string][];
  error?: string;
  skip?: string;
}

function renderCase(c: Case) {
  return renderSkgRow(c.row, {
    builder: c.constructor === null ? undefined : findConstructor(c.constructor),
    split: c.split,
    seq2seq: c.seq2seq,
    model: {
      knowledgeUsage: c.model.knowledge_usage ?? undefined,
      useDescription: c.model.use_description,
      concatenateDescription: c.model.concatenate_description,
    },
    description: c.description,
    rng: rngFor(0, "skg-truncate", c.id),
  });
}

const cases = lines(casesText).map((l) => JSON.parse(l) as Case);
const goldens = new Map(lines(goldenText).map((l) => [(JSON.parse(l) as Golden).id, JSON.parse(l) as Golden]));

describe("UnifiedSKG linearization matches the Python reference", () => {
  it("covers every case and every kind of outcome", () => {
    expect(goldens.size).toBe(cases.length);
    const kinds = new Set([...goldens.values()].map((g) => g.error ?? g.skip ?? "ok"));
    expect([...kinds].sort()).toEqual(["bad_field", "bad_model_option", "empty_answer", "missing_field", "ok"]);
  });

  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const golden = goldens.get(c.id) as Golden;
    const got = renderCase(c);
    if (golden.error) {
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ ok: false, reason: golden.error });
      return;
    }
    expect(got.map((r) => (r.ok ? [r.prompt, r.completion] : r))).toEqual(golden.outputs);
  });
});

const hasPython = spawnSync("python3", ["-c", "import json"]).status === 0;
if (!hasPython) console.warn("[skip] test/skg/differential.test.ts: python3 not found; goldens not re-derived from the reference.");

describe.skipIf(!hasPython)("the committed goldens are what the reference produces now", () => {
  it("re-runs test/reference/skg_linearize.py", () => {
    const ref = path.resolve(import.meta.dirname, "../../reference/skg_linearize.py");
    const run = spawnSync("python3", [ref], { input: casesText, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(goldenText);
  });
});
