import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hashFile, hashText, PartsHasher } from "../../src/write/hash.js";

let dir: string;
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe("hashing files", () => {
  it("hashes a file part by part as hashing it whole does, parts larger than its buffer included", async () => {
    dir = await mkdtemp(join(tmpdir(), "hash-"));
    const file = join(dir, "f.bin");
    const bytes = Buffer.alloc(3_500_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    await writeFile(file, bytes);
    const hasher = new PartsHasher(file);
    for (const [offset, size] of [
      [0, 10],
      [10, 0],
      [10, 2_500_000],
      [2_500_010, 999_990],
    ] as const)
      await hasher.add(offset, size);
    const expected = { sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
    expect(await hasher.digest()).toEqual(expected);
    expect(await hashFile(file)).toEqual(expected);
  });

  it("refuses a part that does not follow the last, and a file shorter than its parts", async () => {
    dir = await mkdtemp(join(tmpdir(), "hash-"));
    const file = join(dir, "f.bin");
    await writeFile(file, "abc");
    await expect(new PartsHasher(file).add(1, 1)).rejects.toThrow(/does not follow/);
    const hasher = new PartsHasher(file);
    await expect(hasher.add(0, 5)).rejects.toThrow(/ends at 3/);
    await hasher.digest();
  });
});

describe("hashing text", () => {
  const whole = (text: string) => createHash("sha256").update(text).digest("hex");

  it("hashes a text in slices as hashing it whole does, a surrogate pair across a slice's end included", () => {
    const pair = "\u{1F600}";
    for (const text of [
      "",
      "a",
      `${"x".repeat(16_383)}${pair}tail`,
      "é".repeat(40_000) + pair.repeat(20_000),
      `${"y".repeat(16_384)}\ud800 lone`,
    ]) {
      expect(hashText(text)).toBe(whole(text));
    }
  });
});
