/**
 * Opt-in: every templates.yaml of a real PromptSource checkout loads, every template's Jinja parses, and
 * the checkout as it comes (a bigscience-workshop/promptsource clone, templates under
 * promptsource/templates, no rows) validates with every template set listed, categorized and given a
 * dataset id that categories/datasets.yaml names. Set IML_PROMPTSOURCE_REAL_DIR to the clone; without it
 * the suite runs on ../shared/sources-sample/promptsource (templates/ at its top), else it skips.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { DEFAULT_TRUNCATE, prepareTemplate } from "../../../src/sources/promptsource/apply.js";
import { promptsource } from "../../../src/sources/promptsource/index.js";
import { readTemplatesFile } from "../../../src/sources/promptsource/templates-file.js";
import { loadAll, openAt } from "../conformance.js";
import { realCheckout, validateCheckout } from "../real-checkout.js";

const real = realCheckout("IML_PROMPTSOURCE_REAL_DIR", "promptsource");
const title = real ? `over ${real.label}` : "skipped: neither IML_PROMPTSOURCE_REAL_DIR nor ../shared/sources-sample/promptsource exists";

/** The templates folder of a clone (promptsource/templates) or of a tree like the shared sample (templates). */
function templatesDir(root: string): string {
  const clone = path.join(root, "promptsource", "templates");
  return existsSync(clone) ? clone : path.join(root, "templates");
}

describe.skipIf(!real)(`PromptSource real checkout (${title})`, () => {
  const root = real?.root ?? "";
  const names = () =>
    fg
      .sync("**/templates.yaml", { cwd: templatesDir(root) })
      .map((f) => path.posix.dirname(f))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  it("reads every templates.yaml and parses every template's Jinja and answer choices", async () => {
    const sets = names();
    expect(sets.length).toBeGreaterThan(0);
    let templates = 0;
    for (const name of sets) {
      const file = await readTemplatesFile(path.join(templatesDir(root), name, "templates.yaml"));
      for (const template of file.templates) {
        const prepared = prepareTemplate(template, { truncate: DEFAULT_TRUNCATE });
        expect(prepared.body, `${name} ${template.id}`).not.toBeInstanceOf(Error);
        expect(prepared.choices, `${name} ${template.id} answer_choices`).not.toBeInstanceOf(Error);
        templates++;
      }
    }
    console.info(`[promptsource real] ${real?.label}: ${sets.length} templates.yaml, ${templates} templates, all read`);
  });

  it("lists every template set as it comes; each loads with zero instances and says where its rows were looked for", async () => {
    const { refs, tasks, issues } = await loadAll(openAt(promptsource, root));
    expect(refs.map((r) => r.name)).toEqual(names());
    expect(tasks.every((t) => t.instances.length === 0 && t.templates.length > 0)).toBe(true);
    const noRows = issues.filter((i) => i.message.startsWith("no rows in rows/"));
    expect(noRows).toHaveLength(tasks.length);
  });

  it("validates with 0 unmapped template sets and 0 dataset ids that categories/datasets.yaml does not name", async () => {
    const report = await validateCheckout("promptsource", root);
    expect(report.problems).toEqual([]);
    const sets = names().length;
    expect(report.tasks).toBe(sets);
    expect(report.coverage).toEqual([
      expect.stringMatching(
        new RegExp(
          `^promptsource \\(.*\\): ${sets} task\\(s\\): 0 without a category; 0 dataset id\\(s\\) not in categories/datasets\\.yaml; ${sets} without instances \\(first: promptsource/.*: no rows in rows/`,
        ),
      ),
    ]);
    console.info(`[promptsource real] ${real?.label}: validate: ${report.tasks} template sets, 0 unmapped, ${sets} without rows`);
  });
});
