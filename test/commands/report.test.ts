/**
 * `iml-bench report <build>`: writes the same report.html the build wrote (also for a build from before
 * record_stats, JSON Lines or Parquet, by reading its records), atomically, and refuses a folder that is
 * not a build with exit 1, naming the file and what to do.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { collector, removeDir, tempDir } from "../pipeline/helpers.js";
import { buildDemo } from "../publish/helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => removeDir(dir));

describe("iml-bench report", () => {
  it("writes the report the build wrote, from the manifest or, for an older build, from the records (JSON Lines or Parquet)", async () => {
    for (const format of ["jsonl", "parquet"] as const) {
      const { out } = await buildDemo(dir, `demo-${format}`, format);
      const built = await readFile(join(out, "report.html"), "utf8");
      await rm(join(out, "report.html"));
      const io = collector();
      expect(await main(["report", out], io)).toBe(0);
      expect(io.stdout).toBe(`wrote ${join(out, "report.html")}\n`);
      expect(await readFile(join(out, "report.html"), "utf8")).toBe(built);
      const manifestFile = join(out, "manifest.json");
      const { record_stats: _, ...older } = JSON.parse(await readFile(manifestFile, "utf8"));
      await writeFile(manifestFile, JSON.stringify(older));
      expect(await main(["report", out], collector())).toBe(0);
      expect(await readFile(join(out, "report.html"), "utf8"), format).toBe(built);
      expect((await readdir(out)).filter((f) => f.includes(".tmp-"))).toEqual([]);
    }
  });

  it("refuses a folder that is not a build: exit 1 naming the file, what was expected and what to do", async () => {
    const empty = join(dir, "empty");
    await mkdir(empty);
    const io = collector();
    expect(await main(["report", empty], io)).toBe(1);
    expect(io.stderr).toBe(
      `iml-bench: ${join(empty, "manifest.json")}: cannot read the manifest (ENOENT); every finished build has one, so ${empty} is not a build. Give the --out folder of a finished \`iml-bench build\`.\n`,
    );
    expect(existsSync(join(empty, "report.html"))).toBe(false);

    await writeFile(join(empty, "manifest.json"), "{not json");
    const notJson = collector();
    expect(await main(["report", empty], notJson)).toBe(1);
    expect(notJson.stderr).toMatch(
      /manifest\.json: not JSON \(.*\); expected the manifest an iml-bench build writes\. Give the --out folder/,
    );

    await writeFile(join(empty, "manifest.json"), JSON.stringify({ name: "something else" }));
    const other = collector();
    expect(await main(["report", empty], other)).toBe(1);
    expect(other.stderr).toContain(`${join(empty, "manifest.json")}#`);
    expect(existsSync(join(empty, "report.html"))).toBe(false);

    const missing = collector();
    expect(await main(["report", join(dir, "nowhere")], missing)).toBe(1);
    expect(missing.stderr).toBe(
      `iml-bench: ${join(dir, "nowhere")}: no such folder. Give the --out folder of a finished \`iml-bench build\`.\n`,
    );
  });
});
