/**
 * Differential test: every instance of every real Super-NI task file, under each tk_instruct encoding (and
 * with a character budget), encoded by src/sources/supernatural/tk-encoding.ts and by test/reference/tk_encode.py, our
 * Python transcription of the Tk-Instruct collator.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { supernatural } from "../../../src/sources/supernatural/index.js";
import { parseEncodingId, TK_INSTRUCT_ENCODINGS, type TkEncodingSpec } from "../../../src/sources/supernatural/tk-encoding.js";
import type { Task } from "../../../src/types.js";
import { openAt } from "../conformance.js";
import { encodeTk } from "./encode.js";

const root = path.resolve(import.meta.dirname, "../../..");
const shared = path.resolve(root, "../shared/sources-sample/supernatural");
const fixtures = path.join(root, "test/fixtures/supernatural");
const reference = path.join(root, "test/reference/tk_encode.py");
const hasPython = spawnSync("python3", ["-c", "import json"]).status === 0;
if (!hasPython) console.warn("[skip] Tk-Instruct differential test: python3 is not available.");
if (!existsSync(shared)) console.warn(`[skip] Tk-Instruct differential test on real files: ${shared} is absent.`);

interface RefLine {
  task: string;
  encoding: number;
  instance: number;
  source: string;
}

function collatorArgs(spec: TkEncodingSpec) {
  return {
    add_task_name: spec.taskName,
    add_task_definition: spec.definition,
    num_pos_examples: spec.positive,
    num_neg_examples: spec.negative,
    add_explanation: spec.explanation,
  };
}

function runReference(files: string[], ids: readonly string[], maxChars: number | null): RefLine[] {
  const request = JSON.stringify({ files, encodings: ids.map((id) => collatorArgs(parseEncodingId(id))), max_chars: maxChars });
  const result = spawnSync("python3", [reference], { input: request, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`tk_encode.py failed: ${result.stderr}`);
  return result.stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as RefLine);
}

async function loadTask(dir: string, name: string): Promise<Task> {
  return openAt(supernatural, dir).load({ name, files: [path.join(dir, "tasks", `${name}.json`)] }, []);
}

/** Compare every reference line with our encoding; returns how many were compared. */
async function compareDir(dir: string, ids: readonly string[], maxChars: number | null): Promise<number> {
  const refs = await openAt(supernatural, dir).list();
  const lines = runReference(
    refs.flatMap((r) => r.files),
    ids,
    maxChars,
  );
  let compared = 0;
  for (const ref of refs) {
    const task = await loadTask(dir, ref.name);
    const parts = { name: task.name, definition: task.instruction ?? "", ...task.demonstrations };
    const mine = lines.filter((l) => l.task === ref.name);
    expect(mine.length, ref.name).toBe(ids.length * task.instances.length);
    for (const line of mine) {
      const instance = task.instances[line.instance]!;
      const ours = encodeTk(parts, instance.input, parseEncodingId(ids[line.encoding]!), maxChars === null ? undefined : { maxChars });
      if (ours !== line.source) expect(ours, `${ref.name} ${ids[line.encoding]} instance ${line.instance}`).toBe(line.source);
      compared++;
    }
  }
  expect(compared).toBe(lines.length);
  return compared;
}

describe.skipIf(!hasPython || !existsSync(shared))("Tk-Instruct encoding vs the Python reference, every real task file", () => {
  it("is identical for every instance under the five tk_instruct encodings", async () => {
    const compared = await compareDir(shared, TK_INSTRUCT_ENCODINGS, null);
    console.log(`[tk-encoding] ${compared} sources identical to the Python reference (5 encodings, ${shared})`);
    expect(compared).toBeGreaterThan(40_000);
  });
  it("is identical with a character budget and more demos, explanations and the task name", async () => {
    const ids = ["name+def+pos4+neg3+expl", "pos3+neg2"];
    const compared = await compareDir(shared, ids, 900);
    console.log(`[tk-encoding] ${compared} budgeted sources identical to the Python reference (maxChars 900)`);
    expect(compared).toBeGreaterThan(16_000);
  });
});

describe.skipIf(!hasPython)("the committed golden sources come from the Python reference", () => {
  it("regenerates test/fixtures/supernatural/golden-tk-sources.json", () => {
    const golden = JSON.parse(readFileSync(path.join(fixtures, "golden-tk-sources.json"), "utf8")) as {
      budgets: Record<string, Record<string, Record<string, string[]>>>;
    };
    const checkout = path.join(fixtures, "checkout");
    for (const [budget, tasks] of Object.entries(golden.budgets)) {
      for (const [name, encodings] of Object.entries(tasks)) {
        const ids = Object.keys(encodings);
        const lines = runReference([path.join(checkout, "tasks", `${name}.json`)], ids, budget === "none" ? null : Number(budget));
        const regenerated: Record<string, string[]> = {};
        for (const line of lines) (regenerated[ids[line.encoding]!] ??= []).push(line.source);
        expect(regenerated, `${name} budget ${budget}`).toEqual(encodings);
      }
    }
  });
});
