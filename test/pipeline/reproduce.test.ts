/** A build can be rebuilt byte for byte from its manifest: `config` is a complete, valid split config. */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertSchema } from "../../src/config/schemas.js";
import { build } from "../../src/pipeline/build.js";
import { ROOT, readTree, removeDir, tempDir } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

describe("reproducing a build from its manifest", () => {
  for (const preset of ["demo.yaml", "opt-iml.yaml"]) {
    it(`rebuilds ${preset} to identical bytes from manifest.config`, async () => {
      const first = await build({ configFile: join(ROOT, "splits", preset), out: join(dir, "first"), seed: 11 });
      const manifest = JSON.parse(readFileSync(join(dir, "first", "manifest.json"), "utf8")) as { config: unknown };
      assertSchema("split", manifest.config, "manifest.json#/config");
      const config = join(dir, "from-manifest.yaml");
      await writeFile(config, JSON.stringify(manifest.config));
      const second = await build({ configFile: config, out: join(dir, "second") });
      expect(second.outputs).toEqual(first.outputs);
      expect(await readTree(join(dir, "second"))).toEqual(await readTree(join(dir, "first")));
    });
  }

  it("also with sampling, demonstrations and delimiters", async () => {
    const config = join(dir, "full.yaml");
    await writeFile(
      config,
      `version: 1\nname: full\nseed: 3\nsources: [supernatural, promptsource, flan, unifiedskg]\nheldout:\n  categories: [Textual Entailment]\n  instances: {count: 2}\nsampling: {strategy: temperature, temperature: 2, total: 200, upsample: true}\ndemos: {zipf: {a: 2, max: 3}, eval_shots: [0, 1]}\ndelimiters: {enabled: true}\naudit: {boilerplate: false}\n`,
    );
    await build({ configFile: config, out: join(dir, "first") });
    const manifest = JSON.parse(readFileSync(join(dir, "first", "manifest.json"), "utf8")) as { config: unknown };
    const again = join(dir, "again.yaml");
    await writeFile(again, JSON.stringify(manifest.config));
    await build({ configFile: again, out: join(dir, "second") });
    expect(await readTree(join(dir, "second"))).toEqual(await readTree(join(dir, "first")));
  });
});
