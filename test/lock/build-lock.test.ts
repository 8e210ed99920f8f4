/**
 * `build --lock`: roots come from the lockfile, every locked file is checked before anything is read
 * (a changed, missing or unlocked file is exit 1 naming it), and the manifest records the lock's sha256.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { appendFile, cp, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { assertSchema } from "../../src/config/schemas.js";
import { contentDigest, LOCK_FILE, type Lock, writeLock } from "../../src/lock/lock.js";
import { hashTree } from "../../src/lock/verify.js";
import { build } from "../../src/pipeline/build.js";
import type { Manifest } from "../../src/pipeline/manifest.js";
import { sourceNames } from "../../src/sources/registry.js";
import { collector, ROOT, removeDir, tempDir } from "../pipeline/helpers.js";

const DEMO = join(ROOT, "splits", "demo.yaml");
let dir: string;
let reference: Manifest;

/** A lock over copies of the sample corpus, as if `pull` had fetched them (no Hub files). */
async function lockedCopy(into: string): Promise<string> {
  const lock: Lock = { lock_version: 1, sources: {} };
  for (const name of sourceNames()) {
    await cp(join(ROOT, "sources", "sample", name), join(into, name), { recursive: true });
    const files = await hashTree(join(into, name));
    lock.sources[name] = {
      root: name,
      splits: ["train", "validation", "test"],
      git: {
        repo: `example/${name}`,
        ref: "main",
        commit: "a".repeat(40),
        archive_sha256: "b".repeat(64),
        digest: contentDigest(files),
        files,
      },
      hub: [],
      missing: [],
    };
  }
  await writeLock(join(into, LOCK_FILE), lock);
  return join(into, LOCK_FILE);
}

beforeAll(async () => {
  dir = await tempDir();
  reference = await build({ configFile: DEMO, out: join(dir, "reference") });
});
afterAll(async () => removeDir(dir));

describe("build --lock", () => {
  it("builds from the locked roots with no --source, the same outputs, and records the lock's sha256", async () => {
    const lockFile = await lockedCopy(join(dir, "pulled"));
    const io = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "locked"), "--lock", lockFile], io)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "locked", "manifest.json"), "utf8")) as Manifest;
    assertSchema("manifest", manifest, "manifest.json");
    expect(manifest.lock_sha256).toBe(createHash("sha256").update(readFileSync(lockFile)).digest("hex"));
    expect(manifest.outputs).toEqual(reference.outputs);
    expect(manifest.inputs).toEqual(reference.inputs);
    expect(reference.lock_sha256).toBeUndefined();
  });

  it("refuses a changed file, naming it, and writes no output", async () => {
    const lockFile = await lockedCopy(join(dir, "tampered"));
    const task = join(dir, "tampered", "supernatural", "tasks", "task9001_rte_entailment_classification.json");
    await appendFile(task, " ");
    const io = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "tampered-out"), "--lock", lockFile], io)).toBe(1);
    expect(io.stderr).toContain("supernatural/tasks/task9001_rte_entailment_classification.json: ");
    expect(io.stderr).toMatch(/bytes, locked \d+/);
    expect(existsSync(join(dir, "tampered-out"))).toBe(false);
  });

  it("refuses a file the lock does not name, a missing one, and the same size with other bytes", async () => {
    const lockFile = await lockedCopy(join(dir, "stray"));
    await mkdir(join(dir, "stray", "promptsource", "rows", "extra"), { recursive: true });
    await writeFile(join(dir, "stray", "promptsource", "rows", "extra", "train.jsonl"), '{"a": 1}\n');
    await rm(join(dir, "stray", "flan", "templates.py"));
    const cfg = join(dir, "stray", "unifiedskg", "configure", "META_TUNING", "dart.cfg");
    const text = readFileSync(cfg, "utf8");
    await writeFile(cfg, text.replace(/.$/s, text.endsWith("\n") ? "\r" : "\n"));
    const io = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "stray-out"), "--lock", lockFile], io)).toBe(1);
    expect(io.stderr).toContain("3 file(s) differ from the lock");
    expect(io.stderr).toContain("promptsource/rows/extra/train.jsonl: not in the lock");
    expect(io.stderr).toContain("flan/templates.py: missing");
    expect(io.stderr).toMatch(/unifiedskg\/configure\/META_TUNING\/dart\.cfg: sha256 [0-9a-f]{64}, locked [0-9a-f]{64}/);
  });

  it("refuses --source with --lock, and a source the lock lacks", async () => {
    const lockFile = await lockedCopy(join(dir, "partial"));
    const io = collector();
    const [first] = sourceNames();
    const args = ["build", "--config", DEMO, "--out", join(dir, "x"), "--lock", lockFile];
    expect(await main([...args, "--source", `${first}=${join(dir, "partial", first as string)}`], io)).toBe(1);
    expect(io.stderr).toContain("--lock gives every source's root");
    const lock = JSON.parse(readFileSync(lockFile, "utf8")) as Lock;
    delete lock.sources[first as string];
    await writeFile(lockFile, JSON.stringify(lock));
    const again = collector();
    expect(await main(args, again)).toBe(1);
    expect(again.stderr).toContain(`source "${first}" is not in ${lockFile}`);
  });

  it("refuses a lockfile that is not one", async () => {
    const file = join(dir, "bad.lock.json");
    await writeFile(file, JSON.stringify({ lock_version: 1, sources: { x: { root: "../elsewhere" } } }));
    const io = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "y"), "--lock", file], io)).toBe(1);
    expect(io.stderr).toContain(`${file}#/sources/x`);
  });
});
