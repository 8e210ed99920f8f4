/**
 * Differential test against python3 + Jinja2: every template in ../shared/sources-sample/promptsource,
 * applied to our hand-written rows for its dataset, must give exactly what PromptSource's apply() gives
 * (prompt, target, answer choices, applies or not). Pairs where `choice`/`random` ran are excluded.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  compareWithReference,
  describeMismatches,
  findPairs,
  HAS_PYTHON,
  type Mismatch,
  ourRecords,
  REPO,
  runReference,
} from "./helpers.js";

const SHARED = path.resolve(REPO, "../shared/sources-sample/promptsource/templates");
const ROWS = path.join(REPO, "test/fixtures/promptsource/rows");

if (!existsSync(SHARED)) console.warn(`skipping the PromptSource differential test: ${SHARED} is absent`);
if (!HAS_PYTHON) console.warn("skipping the PromptSource differential test: python3 with jinja2 and yaml is not available");

describe.skipIf(!existsSync(SHARED) || !HAS_PYTHON)("apply() equals PromptSource on python3 + Jinja2", () => {
  // describe.skipIf still runs this body to collect the skipped tests: read ../shared only when present.
  const { pairs, withoutRows } = existsSync(SHARED) ? findPairs(SHARED, ROWS) : { pairs: [], withoutRows: [] };

  it("has rows for every shared dataset", () => {
    expect(withoutRows).toEqual([]);
    expect(pairs.length).toBeGreaterThanOrEqual(26);
  });

  for (const truncate of [2048, 0]) {
    it(`matches on 100% of deterministic (template, row) pairs, truncate=${truncate}`, async () => {
      const reference = runReference(pairs, truncate);
      let compared = 0;
      let excluded = 0;
      const mismatches: Mismatch[] = [];
      for (const [i, pair] of pairs.entries()) {
        const result = compareWithReference(pair, reference[i] ?? [], await ourRecords(pair, truncate));
        compared += result.compared;
        excluded += result.excluded;
        mismatches.push(...result.mismatches);
      }
      console.log(
        `promptsource differential (truncate=${truncate}): compared ${compared} deterministic pairs, ${mismatches.length} mismatches, ${excluded} excluded (choice/random)`,
      );
      expect(compared).toBeGreaterThan(800);
      expect(mismatches.length, describeMismatches(mismatches)).toBe(0);
    });
  }
});
