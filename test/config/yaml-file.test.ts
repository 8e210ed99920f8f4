/** Config and descriptor YAML: strict UTF-8, a byte-order mark accepted, a document too deep is a clear error. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readYamlFile } from "../../src/config/yaml-file.js";
import { isUserError } from "../../src/errors.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

function write(name: string, ...parts: (string | number[])[]): string {
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p)))));
  return file;
}

describe("readYamlFile", () => {
  it("refuses invalid UTF-8 with the file and byte offset", async () => {
    const file = write("bad.yaml", "version: 1\nname: caf", [0xe9], "\n");
    await expect(readYamlFile(file)).rejects.toThrow(`${file}: invalid UTF-8 at byte offset 20 (line 2; bytes e9 0a)`);
  });

  it("accepts a byte-order mark", async () => {
    expect(await readYamlFile(write("bom.yaml", [0xef, 0xbb, 0xbf], "version: 1\nname: x\n"))).toEqual({ version: 1, name: "x" });
  });

  it("refuses a document nested too deep for the YAML reader as a user error with its position", async () => {
    const file = write("deep.yaml", `name: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`);
    const error = await readYamlFile(file).catch((e: unknown) => e);
    expect(isUserError(error), String(error)).toBe(true);
    expect((error as Error).message.startsWith(`${file}: invalid YAML at line 1, column `)).toBe(true);
  });
});
