/** GitHub archives extracted with `tar`: the commit read from the pax header, hostile entries refusing the whole archive. */
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { entryProblem, extractArchive } from "../../src/pull/archive.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";
import { type TarEntry, tarGz } from "./tarball.js";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";
let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

async function extractOf(entries: TarEntry[], commit?: string) {
  const file = join(dir, "a.tar.gz");
  await writeFile(file, tarGz(entries, commit));
  return extractArchive(file, join(dir, "out"), "example/repo@abc");
}

describe("extracting a GitHub archive", () => {
  it("strips the top folder, keeps links inside, and reads the commit from the pax global header", async () => {
    const long = `repo-x/${"deep/".repeat(30)}file.txt`;
    const got = await extractOf(
      [
        { path: "repo-x/", type: "dir" },
        { path: "repo-x/a/", type: "dir" },
        { path: "repo-x/a/one.txt", body: "one\n" },
        { path: "repo-x/a/link", type: "symlink", linkpath: "one.txt" },
        { path: "repo-x/up", type: "symlink", linkpath: "a/../a/one.txt" },
        { path: "repo-x/hard", type: "link", linkpath: "repo-x/a/one.txt" },
        { path: long, body: "deep\n" },
      ],
      COMMIT,
    );
    expect(got).toEqual({ commit: COMMIT });
    expect(readFileSync(join(dir, "out", "a", "one.txt"), "utf8")).toBe("one\n");
    expect(readlinkSync(join(dir, "out", "a", "link"))).toBe("one.txt");
    expect(readFileSync(join(dir, "out", "hard"), "utf8")).toBe("one\n");
    expect(readFileSync(join(dir, "out", long.slice("repo-x/".length)), "utf8")).toBe("deep\n");
  });

  const hostile: [string, TarEntry, string][] = [
    ["a .. part", { path: "repo-x/../escape.txt", body: "x" }, "a path with a .. part"],
    ["an absolute path", { path: "/tmp/escape.txt", body: "x" }, "an absolute path"],
    ["a symbolic link pointing out", { path: "repo-x/a/out", type: "symlink", linkpath: "../../etc/passwd" }, "points outside the archive"],
    ["an absolute symbolic link", { path: "repo-x/out", type: "symlink", linkpath: "/etc/passwd" }, "an absolute or empty path"],
    ["a hard link out", { path: "repo-x/out", type: "link", linkpath: "../etc/passwd" }, "outside the archive's top folder"],
    ["a second top folder", { path: "other/file.txt", body: "x" }, "outside the archive's top folder repo-x/"],
    ["a device or fifo", { path: "repo-x/fifo", type: "fifo" }, "a FIFO entry"],
  ];
  for (const [what, entry, message] of hostile) {
    it(`refuses ${what}, keeping nothing`, async () => {
      const extracting = extractOf([
        { path: "repo-x/", type: "dir" },
        { path: "repo-x/ok.txt", body: "ok" },
        entry,
        { path: "repo-x/later.txt", body: "x" },
      ]);
      const error = (await extracting.catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(
        new RegExp(`^example/repo@abc: the archive is refused, nothing of it was kept:\n  ${literal(entry.path)}: .*${literal(message)}`),
      );
      expect(existsSync(join(dir, "out"))).toBe(false);
      expect(existsSync(join(dir, "escape.txt"))).toBe(false);
      expect(existsSync("/tmp/escape.txt")).toBe(false);
    });
  }

  it("judges a link by where it resolves, and a path by its parts", () => {
    expect(entryProblem({ type: "SymbolicLink", path: "repo-x/l", linkpath: ".." }, "repo-x")).toContain("points outside");
    expect(entryProblem({ type: "File", path: "repo-x/sub/./f" }, "repo-x")).toBeUndefined();
  });

  it("refuses a corrupt archive as a user error", async () => {
    const file = join(dir, "bad.tar.gz");
    await writeFile(
      file,
      tarGz([
        { path: "repo-x/", type: "dir" },
        { path: "repo-x/f", body: "x".repeat(5000) },
      ]).subarray(0, 60),
    );
    await expect(extractArchive(file, join(dir, "out"), "example/repo@abc")).rejects.toThrow(/^example\/repo@abc: /);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
