import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Outcome } from "./cases.js";
import { CASES_FILE, loadCases, loadGolden, mismatches, REFERENCE_SCRIPT } from "./cases.js";

const hasPython = spawnSync("python3", ["-c", "import jinja2"]).status === 0;
if (!hasPython) console.warn("[jinja differential] python3 with jinja2 not found: live comparison skipped, golden comparison still runs");

describe("jinja engine vs Python Jinja2 3.1.6 (committed golden)", () => {
  const cases = loadCases();
  const golden = loadGolden();

  it("has one golden outcome per case", () => {
    expect(golden.length).toBe(cases.length);
  });

  it("renders every case exactly like Python Jinja2", () => {
    const bad = mismatches(cases, golden);
    console.log(`[jinja differential] compared ${cases.length} cases with the golden file, ${bad.length} mismatches`);
    expect(bad).toEqual([]);
  });
});

describe.skipIf(!hasPython)("jinja engine vs live python3 + Jinja2", () => {
  it("the golden file is what Python Jinja2 renders today, and we match it", () => {
    const run = spawnSync("python3", [REFERENCE_SCRIPT], { input: readFileSync(CASES_FILE), maxBuffer: 64 << 20 });
    expect(run.status, String(run.stderr)).toBe(0);
    const live = JSON.parse(String(run.stdout)) as Outcome[];
    const cases = loadCases();
    const deterministic = (o: Outcome[]): Outcome[] => o.filter((_, i) => !cases[i]?.oneOf);
    expect(deterministic(live)).toEqual(deterministic(loadGolden()));
    const bad = mismatches(cases, live);
    console.log(`[jinja differential] compared ${cases.length} cases live against python3, ${bad.length} mismatches`);
    expect(bad).toEqual([]);
  });
});
