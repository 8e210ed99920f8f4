/** A file replaced in one step: the new text or the old, never a part, and no temporary file left either way. */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/write/atomic-file.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => removeDir(dir));

describe("writeFileAtomic", () => {
  it("replaces the file's text and leaves nothing beside it", async () => {
    const file = join(dir, "report.html");
    await writeFile(file, "old");
    await writeFileAtomic(file, "new");
    expect(await readFile(file, "utf8")).toBe("new");
    expect(await readdir(dir)).toEqual(["report.html"]);
  });

  it("keeps the old file and removes its temporary file when the rename fails", async () => {
    const sub = join(dir, "sub");
    await mkdir(join(sub, "report.html"), { recursive: true });
    await expect(writeFileAtomic(join(sub, "report.html"), "new")).rejects.toThrow();
    expect(await readdir(sub)).toEqual(["report.html"]);
  });
});
