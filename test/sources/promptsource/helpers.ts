/** Shared helpers for the PromptSource differential and golden tests. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { readAllRows } from "../../../src/core/rows.js";
import { type PreviewRecord, previewRecords } from "../../../src/sources/promptsource/render-command.js";
import { readTemplatesFile } from "../../../src/sources/promptsource/templates-file.js";

export const REPO = path.resolve(import.meta.dirname, "../../..");
const REFERENCE = path.join(REPO, "test/reference/promptsource_apply.py");
export const HAS_PYTHON = spawnSync("python3", ["-c", "import jinja2, yaml"]).status === 0;

/** A line of the Python reference: the preview record plus `pair` and whether `choice`/`random` ran. */
export type ReferenceRecord = PreviewRecord & { pair: number; random: boolean; detail?: string };

/** A (templates.yaml, rows file) pair under test. */
export interface Pair {
  name: string;
  templates: string;
  rows: string;
}

/** Pairs for every templates.yaml under `templatesRoot` and every `<split>.jsonl` under `rowsRoot/<same dir>`. */
export function findPairs(templatesRoot: string, rowsRoot: string): { pairs: Pair[]; withoutRows: string[] } {
  const pairs: Pair[] = [];
  const withoutRows: string[] = [];
  for (const dir of templateDirs(templatesRoot, "")) {
    const rowsDir = path.join(rowsRoot, dir);
    const files = existsSync(rowsDir)
      ? readdirSync(rowsDir)
          .filter((f) => f.endsWith(".jsonl"))
          .sort()
      : [];
    if (files.length === 0) withoutRows.push(dir);
    for (const f of files)
      pairs.push({ name: `${dir}/${f}`, templates: path.join(templatesRoot, dir, "templates.yaml"), rows: path.join(rowsDir, f) });
  }
  return { pairs, withoutRows };
}

function templateDirs(root: string, rel: string): string[] {
  const here = path.join(root, rel);
  const out = existsSync(path.join(here, "templates.yaml")) && rel !== "" ? [rel] : [];
  for (const entry of readdirSync(here).sort()) {
    if (statSync(path.join(here, entry)).isDirectory()) out.push(...templateDirs(root, rel === "" ? entry : `${rel}/${entry}`));
  }
  return out;
}

/** Run the Python reference on all pairs at once. */
export function runReference(pairs: readonly Pair[], truncate = 2048): ReferenceRecord[][] {
  const args = [REFERENCE, "--truncate", String(truncate), ...pairs.flatMap((p) => [p.templates, p.rows])];
  const py = spawnSync("python3", args, { encoding: "utf8", maxBuffer: 512 << 20 });
  if (py.status !== 0) throw new Error(`python reference failed: ${py.stderr}`);
  const byPair: ReferenceRecord[][] = pairs.map(() => []);
  for (const line of py.stdout.split("\n")) {
    if (line === "") continue;
    const record = JSON.parse(line) as ReferenceRecord;
    byPair[record.pair]?.push(record);
  }
  return byPair;
}

/** Our records for one pair, in the preview's order. */
export async function ourRecords(pair: Pair, truncate = 2048): Promise<PreviewRecord[]> {
  const file = await readTemplatesFile(pair.templates);
  const rows = await readAllRows(pair.rows);
  return Array.from(previewRecords(file, rows, { truncate }), (r) => r.record);
}

export interface Mismatch {
  pair: string;
  template: string;
  row: number;
  expected: PreviewRecord;
  actual: PreviewRecord | undefined;
}

/** Compare every deterministic reference record with ours; returns the count compared and the mismatches. */
export function compareWithReference(
  pair: Pair,
  reference: readonly ReferenceRecord[],
  ours: readonly PreviewRecord[],
): { compared: number; excluded: number; mismatches: Mismatch[] } {
  const index = new Map(ours.map((r) => [`${r.template}\u0000${r.row}`, r]));
  let compared = 0;
  let excluded = 0;
  const mismatches: Mismatch[] = [];
  for (const ref of reference) {
    if (ref.random) {
      excluded++;
      continue;
    }
    compared++;
    const { pair: _pair, random: _random, detail: _detail, ...expected } = ref;
    const actual = index.get(`${ref.template}\u0000${ref.row}`);
    if (JSON.stringify(actual && sameFailure(actual)) !== JSON.stringify(expected))
      mismatches.push({ pair: pair.name, template: ref.template, row: ref.row, expected, actual });
  }
  if (ours.length !== reference.length)
    mismatches.push({
      pair: pair.name,
      template: "*",
      row: -1,
      expected: { template: "*", row: reference.length, skipped: true, reason: "count" },
      actual: { template: "*", row: ours.length, skipped: true, reason: "count" },
    });
  return { compared, excluded, mismatches };
}

/**
 * Python has no resource limits: where it raises (e.g. MemoryError on `10**16 * "0"`) we may stop the
 * template at a limit instead. Both mean "does not apply", so a limit counts as the error Python raised.
 */
function sameFailure(record: PreviewRecord): PreviewRecord {
  return "skipped" in record && record.reason === "template_limit" ? { ...record, reason: "template_error" } : record;
}

/** A readable summary of mismatches for the failure message. */
export function describeMismatches(mismatches: readonly Mismatch[], limit = 15): string {
  return mismatches
    .slice(0, limit)
    .map(
      (m) =>
        `${m.pair} template ${m.template} row ${m.row}\n  expected ${JSON.stringify(m.expected)}\n  actual   ${JSON.stringify(m.actual)}`,
    )
    .join("\n");
}
