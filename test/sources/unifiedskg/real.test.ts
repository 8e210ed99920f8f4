/**
 * Opt-in: every configure/META_TUNING/*.cfg and configure/Salesforce/*.cfg of a real UnifiedSKG checkout
 * reads, and the checkout as it comes (a xlang-ai/UnifiedSKG clone: configure/, no data) validates with
 * every META_TUNING task listed, categorized and given a dataset id that categories/datasets.yaml names,
 * and so does every experiment's task list. Set IML_UNIFIEDSKG_REAL_DIR to the clone; without it the
 * suite runs on ../shared/sources-sample/unifiedskg, else it skips.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadTaxonomy, type Taxonomy } from "../../../src/config/categories.js";
import { identify } from "../../../src/pipeline/categorize.js";
import { unifiedskg } from "../../../src/sources/unifiedskg/index.js";
import { readExperiment, readMetaTuning } from "../../../src/sources/unifiedskg/task-config.js";
import { loadAll, openAt } from "../conformance.js";
import { realCheckout, validateCheckout } from "../real-checkout.js";

const real = realCheckout("IML_UNIFIEDSKG_REAL_DIR", "unifiedskg");
const title = real ? `over ${real.label}` : "skipped: neither IML_UNIFIEDSKG_REAL_DIR nor ../shared/sources-sample/unifiedskg exists";

describe.skipIf(!real)(`UnifiedSKG real checkout (${title})`, () => {
  const root = real?.root ?? "";
  const cfgs = (folder: string) =>
    readdirSync(path.join(root, "configure", folder))
      .filter((f) => f.endsWith(".cfg"))
      .sort();
  let taxonomy: Taxonomy;
  beforeAll(async () => {
    taxonomy = await loadTaxonomy(path.resolve(import.meta.dirname, "../../../categories"));
  });

  it("reads every META_TUNING cfg (constructor, description) and every Salesforce experiment, whose [arg_paths] all exist", async () => {
    const metaTuning = cfgs("META_TUNING");
    const experiments = cfgs("Salesforce");
    expect(metaTuning.length).toBeGreaterThan(0);
    expect(experiments.length).toBeGreaterThan(0);
    for (const cfg of metaTuning) {
      const meta = await readMetaTuning(path.join(root, "configure/META_TUNING", cfg));
      expect(meta.constructorName, cfg).not.toBe("");
    }
    let argPaths = 0;
    for (const cfg of experiments) {
      const experiment = await readExperiment(path.join(root, "configure/Salesforce", cfg));
      for (const [task, target] of experiment.argPaths) {
        expect(existsSync(path.join(root, "configure", target)), `${cfg}: ${task} = ${target}`).toBe(true);
        argPaths++;
      }
    }
    console.info(
      `[unifiedskg real] ${real?.label}: ${metaTuning.length} META_TUNING cfgs, ${experiments.length} Salesforce cfgs (${argPaths} [arg_paths] entries), all read`,
    );
  });

  it("validates as it comes: every META_TUNING task listed with 0 unmapped and 0 unnamed dataset ids, none with data", async () => {
    const tasks = cfgs("META_TUNING").length;
    const report = await validateCheckout("unifiedskg", root);
    expect(report.problems).toEqual([]);
    expect(report.tasks).toBe(tasks);
    expect(report.coverage).toEqual([
      expect.stringMatching(
        new RegExp(
          `^unifiedskg \\(.*\\): ${tasks} task\\(s\\): 0 without a category; 0 dataset id\\(s\\) not in categories/datasets\\.yaml; ${tasks} without instances \\(first: unifiedskg/.*: no data in data/`,
        ),
      ),
    ]);
    console.info(`[unifiedskg real] ${real?.label}: validate: ${tasks} tasks, 0 unmapped, ${tasks} without data`);
  });

  it("maps every task of every experiment's task list", async () => {
    const tasks = new Set<string>();
    for (const experiment of cfgs("Salesforce")) {
      const loaded = await loadAll(openAt(unifiedskg, root, { experiment }));
      for (const task of loaded.tasks) {
        const identity = identify(task, taxonomy);
        expect(identity.unmapped, `${experiment}: ${task.name}`).toBeUndefined();
        expect(taxonomy.datasetAliases.has(identity.dataset), `${experiment}: ${task.name} dataset ${task.dataset}`).toBe(true);
        tasks.add(task.name);
      }
    }
    console.info(`[unifiedskg real] ${real?.label}: ${tasks.size} distinct experiment tasks, all mapped`);
  });
});
