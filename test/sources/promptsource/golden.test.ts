/**
 * Golden tests: our templates (the sample corpus and the engine-stress fixture) rendered by apply() must
 * equal the committed output of the Python reference (test/reference/promptsource_apply.py, real Jinja2).
 * These run everywhere; with python3 present they also check the goldens are current.
 * Regenerate: UPDATE_GOLDEN=1 npx vitest run test/adapters/promptsource-golden.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  compareWithReference,
  describeMismatches,
  findPairs,
  HAS_PYTHON,
  ourRecords,
  type Pair,
  REPO,
  type ReferenceRecord,
  runReference,
} from "./helpers.js";

const GOLDEN = path.join(REPO, "test/fixtures/promptsource/golden");
const GROUPS: { group: string; root: string; truncates: number[] }[] = [
  { group: "sample", root: path.join(REPO, "sources/sample/promptsource"), truncates: [2048] },
  { group: "engine", root: path.join(REPO, "test/fixtures/promptsource/engine"), truncates: [2048, 0] },
];
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function goldenPath(group: string, pair: Pair, truncate: number): string {
  return path.join(GOLDEN, `${group}__${pair.name.replaceAll("/", "__").replace(/\.jsonl$/, "")}__t${truncate}.jsonl`);
}

function toGoldenLines(records: readonly ReferenceRecord[]): string {
  return records.map(({ pair: _pair, detail: _detail, ...rest }) => `${JSON.stringify(rest)}\n`).join("");
}

function readGolden(file: string): ReferenceRecord[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => ({ pair: 0, ...(JSON.parse(l) as object) }) as ReferenceRecord);
}

if (UPDATE && HAS_PYTHON) {
  for (const { group, root, truncates } of GROUPS) {
    const { pairs } = findPairs(path.join(root, "templates"), path.join(root, "rows"));
    mkdirSync(GOLDEN, { recursive: true });
    for (const truncate of truncates) {
      runReference(pairs, truncate).forEach((records, i) =>
        writeFileSync(goldenPath(group, pairs[i] as Pair, truncate), toGoldenLines(records)),
      );
    }
  }
}

for (const { group, root, truncates } of GROUPS) {
  const { pairs } = findPairs(path.join(root, "templates"), path.join(root, "rows"));
  describe(`PromptSource goldens: ${group}`, () => {
    it("has pairs and a golden for each", () => {
      expect(pairs.length).toBeGreaterThan(0);
      for (const truncate of truncates)
        for (const pair of pairs) expect(existsSync(goldenPath(group, pair, truncate)), goldenPath(group, pair, truncate)).toBe(true);
    });

    for (const truncate of truncates) {
      it(`apply() equals the Python reference goldens (truncate=${truncate})`, async () => {
        let compared = 0;
        const mismatches = [];
        for (const pair of pairs) {
          const result = compareWithReference(pair, readGolden(goldenPath(group, pair, truncate)), await ourRecords(pair, truncate));
          compared += result.compared;
          mismatches.push(...result.mismatches);
        }
        console.log(
          `promptsource golden ${group} (truncate=${truncate}): compared ${compared} deterministic pairs, ${mismatches.length} mismatches`,
        );
        expect(compared).toBeGreaterThan(0);
        expect(mismatches.length, describeMismatches(mismatches)).toBe(0);
      });

      it.skipIf(!HAS_PYTHON)(`goldens are current with the Python reference (truncate=${truncate})`, () => {
        runReference(pairs, truncate).forEach((records, i) => {
          expect(toGoldenLines(records)).toBe(readFileSync(goldenPath(group, pairs[i] as Pair, truncate), "utf8"));
        });
      });
    }
  });
}
if (!HAS_PYTHON) console.warn("PromptSource goldens: python3 with jinja2 is not available; not checking that goldens are current");
