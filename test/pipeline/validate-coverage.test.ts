/**
 * `validate` on a checkout without rows: every template set / task is still loaded and checked, and a
 * `coverage:` line per source says how many have no category, how many dataset ids categories/datasets.yaml
 * does not name, and how many have no instances, with where the first was looked for.
 */
import { cp, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { validate } from "../../src/pipeline/validate.js";
import { collector, ROOT, removeDir, tempDir } from "./helpers.js";

const SAMPLE = join(ROOT, "sources", "sample");
let dir: string;
beforeEach(async () => {
  dir = await tempDir("iml-validate-coverage-");
});
afterEach(async () => removeDir(dir));

/** A promptsource clone's layout (templates under promptsource/templates, no rows), one set under an unmapped name. */
async function promptsourceClone(): Promise<string> {
  const root = join(dir, "promptsource");
  await cp(join(SAMPLE, "promptsource", "templates"), join(root, "promptsource", "templates"), { recursive: true });
  await mkdir(join(root, "promptsource", "templates", "made_up_set"), { recursive: true });
  await writeFile(join(root, "promptsource", "templates", "made_up_set", "templates.yaml"), "dataset: made_up_set\ntemplates: {}\n");
  return root;
}

async function config(sources: string): Promise<string> {
  const file = join(dir, "config.yaml");
  await writeFile(file, `version: 1\nname: coverage\ncategories: ${join(ROOT, "categories")}\nsources: [${sources}]\n`);
  return file;
}

describe("validate coverage", () => {
  it("checks every template set of a checkout without rows and says where the rows were looked for", async () => {
    const root = await promptsourceClone();
    const report = await validate({ configFile: await config("promptsource"), sourceOverrides: new Map([["promptsource", root]]) });
    expect(report.tasks).toBe(4);
    expect(report.problems).toEqual([
      "promptsource/made_up_set: no canonical category for no labels. Map a label in categories/maps/promptsource.yaml.",
    ]);
    expect(report.coverage).toEqual([
      `promptsource (${root}): 4 task(s): 1 without a category; 1 dataset id(s) not in categories/datasets.yaml (made_up_set); ` +
        "4 without instances (first: promptsource/imdb: no rows in rows/imdb/ (looked for <split>.jsonl, <split>.parquet and " +
        "<split>/*.parquet; option `rows` names the rows folder): the task has no instances; --notes lists every one)",
    ]);
    expect(report.notes.filter((n) => n.includes("no rows in rows/"))).toHaveLength(4);
  });

  it("counts the sample sources as fully covered", async () => {
    const report = await validate({ configFile: await config("supernatural, promptsource, flan, unifiedskg") });
    expect(report.problems).toEqual([]);
    for (const line of report.coverage)
      expect(line).toMatch(/^\w+ \(.*\): \d+ task\(s\): 0 without a category; 0 dataset id\(s\) not in categories\/datasets\.yaml; /);
    // The FLAN sample keeps one PATTERNS key without rows (wnli), to show that such a key is a task with no instances.
    expect(report.coverage.map((l) => /; (\d+) without instances/.exec(l)?.[1])).toEqual(["0", "0", "1", "0"]);
    expect(report.coverage.map((l) => l.split(" ")[0])).toEqual(["supernatural", "promptsource", "flan", "unifiedskg"]);
  });

  it("`validate --source NAME=PATH` without --config checks the package configs that read NAME and skips the others", async () => {
    const root = join(dir, "unifiedskg");
    await cp(join(SAMPLE, "unifiedskg", "configure"), join(root, "configure"), { recursive: true });
    const io = collector();
    expect(await main(["validate", "--source", `unifiedskg=${root}`], io)).toBe(0);
    expect(io.stdout).toContain(`${join(ROOT, "splits", "superni-default.yaml")}: skipped (it reads none of unifiedskg)`);
    expect(io.stdout).toContain(`${join(ROOT, "splits", "t0.yaml")}: skipped (it reads none of unifiedskg)`);
    expect(io.stdout).toContain(
      `coverage: unifiedskg (${root}): 3 task(s): 0 without a category; 0 dataset id(s) not in categories/datasets.yaml; 3 without instances (first: unifiedskg/dart: no data in data/dart/`,
    );
    expect(io.stdout).toMatch(/demo\.yaml: \d+ tasks, 0 problem\(s\)/);
    const none = collector();
    expect(await main(["validate", "--source", `bogus=${root}`], none)).toBe(1);
    expect(none.stderr).toBe("iml-bench: no config in splits/ reads bogus; name one with --config.\n");
  });
});
