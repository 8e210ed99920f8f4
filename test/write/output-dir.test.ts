import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stageOutput } from "../../src/write/output-dir.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "out-"));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

describe("stageOutput", () => {
  it("writes into a staging folder and renames it into place", async () => {
    const out = join(root, "out");
    const staging = await stageOutput(out, false);
    await writeFile(join(staging.dir, "a.txt"), "a");
    expect(existsSync(out)).toBe(false);
    await staging.commit();
    expect(await readFile(join(out, "a.txt"), "utf8")).toBe("a");
    expect(await readdir(root)).toEqual(["out"]);
  });

  it("refuses a non-empty folder without force, replaces it with force", async () => {
    const out = join(root, "out");
    await mkdir(out);
    await writeFile(join(out, "old.txt"), "old");
    await expect(stageOutput(out, false)).rejects.toThrow(`${out} is not empty. Choose another --out, or pass --force to replace it.`);
    const staging = await stageOutput(out, true);
    await writeFile(join(staging.dir, "new.txt"), "new");
    await staging.commit();
    expect(await readdir(out)).toEqual(["new.txt"]);
  });

  it("leaves nothing behind after abort", async () => {
    const staging = await stageOutput(join(root, "out"), false);
    await writeFile(join(staging.dir, "half.jsonl"), "{}\n");
    await staging.abort();
    expect(await readdir(root)).toEqual([]);
  });
});
