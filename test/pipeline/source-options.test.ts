/**
 * Options reach an adapter by one route, in one order: defaults < descriptor < split config
 * `source_options` < `--option`. Each case here is a bug a user met before the route existed.
 */
import { cpSync, renameSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import type { CliIO } from "../../src/cli-io.js";
import { build } from "../../src/pipeline/build.js";
import { ROOT, readRecords, removeDir, tempDir } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

function collector(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

/** A descriptor for `source` in the test folder, data root `path`, with `options`. */
async function descriptor(source: string, path: string, options: string): Promise<string> {
  const file = join(dir, `${source}.yaml`);
  await writeFile(file, `version: 1\nname: ${source}\nadapter: ${source}\npath: ${path}\noptions: ${options}\n`);
  return file;
}

async function config(sources: string, extra = ""): Promise<string> {
  const file = join(dir, "split.yaml");
  await writeFile(file, `version: 1\nname: options\nseed: 2\ncategories: ${join(ROOT, "categories")}\nsources: [${sources}]\n${extra}`);
  return file;
}

const templateTypes = async (out: string): Promise<Set<string>> =>
  new Set((await readRecords(out)).map((r) => r.template.split(":").at(-1) as string));

describe("adapter options in a build", () => {
  it("takes the split config's source_options over the descriptor's, and --option over both", async () => {
    const flan = await descriptor("flan", join(ROOT, "sources", "sample", "flan"), "{templateTypes: [zs_opt]}");
    const file = await config(flan, "source_options:\n  flan: {templateTypes: [zs_noopt]}\n");
    await build({ configFile: file, out: join(dir, "a") });
    expect(await templateTypes(join(dir, "a"))).toEqual(new Set(["zs_noopt"]));
    const io = collector();
    const args = ["build", "--config", file, "--out", join(dir, "b"), "--option", "flan.templateTypes=[fs_opt]", "--quiet"];
    expect(await main(args, io)).toBe(0);
    expect(await templateTypes(join(dir, "b"))).toEqual(new Set(["fs_opt"]));
  });

  it("records --option in the manifest's config, so the build can be rebuilt from it", async () => {
    const file = await config("flan");
    const manifest = await build({
      configFile: file,
      out: join(dir, "a"),
      optionOverrides: new Map([["flan", { templateTypes: ["zs_noopt"] }]]),
    });
    expect((manifest.config as { source_options: object }).source_options).toEqual({ flan: { templateTypes: ["zs_noopt"] } });
  });

  it("honours PromptSource's templates and rows folders from the split config", async () => {
    const root = join(dir, "ps");
    cpSync(join(ROOT, "sources", "sample", "promptsource"), root, { recursive: true });
    renameSync(join(root, "templates"), join(root, "prompt-templates"));
    renameSync(join(root, "rows"), join(root, "dataset-rows"));
    const ps = await descriptor("promptsource", root, "{}");
    const file = await config(ps, "source_options:\n  promptsource: {templates: prompt-templates, rows: dataset-rows}\n");
    const manifest = await build({ configFile: file, out: join(dir, "out") });
    expect(manifest.tasks.length).toBeGreaterThan(0);
    expect(manifest.counts.records).toBeGreaterThan(0);
  });

  it("refuses an unknown option of any source with exit 1, naming the option, where it came from and the accepted ones", async () => {
    for (const source of ["supernatural", "promptsource", "flan", "unifiedskg"]) {
      const file = await config(source, `source_options:\n  ${source}: {bogus: 1}\n`);
      const io = collector();
      expect(await main(["build", "--config", file, "--out", join(dir, `out-${source}`)], io), source).toBe(1);
      expect(io.stderr).toContain(`[adapter:${source}] ${file}#/source_options/${source}: unknown option "bogus". Accepted options: `);
    }
  });

  it("refuses an ill-typed option from a descriptor, naming the descriptor", async () => {
    const ps = await descriptor("promptsource", join(ROOT, "sources", "sample", "promptsource"), "{truncate: -5}");
    const io = collector();
    expect(await main(["validate", "--config", await config(ps)], io)).toBe(1);
    expect(io.stdout).toContain(`[adapter:promptsource] ${ps}#/options: option "truncate": must be >= 0.`);
  });

  it("refuses options for a source the config does not read, and a malformed --option", async () => {
    const file = await config("flan", "source_options:\n  promptsource: {truncate: 0}\n");
    const io = collector();
    expect(await main(["build", "--config", file, "--out", join(dir, "x")], io)).toBe(1);
    expect(io.stderr).toContain(
      `${file}#/source_options: options for "promptsource", a source this config does not read (it reads: flan).`,
    );
    const bad = collector();
    expect(await main(["build", "--config", await config("flan"), "--out", join(dir, "y"), "--option", "flan"], bad)).toBe(1);
    expect(bad.stderr).toContain('--option "flan": expected SOURCE.KEY=VALUE');
  });
});
