/**
 * `iml-bench pull` against GitHub and the Hub imitated on loopback, serving the project's own sample
 * corpus: a full pull and build, a warm pull without a request, offline checks and tampering, resumed
 * and refused downloads, datasets the Hub lacks or gates, and pull + `build --lock` reproducing a build.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { assertSchema } from "../../src/config/schemas.js";
import { LOCK_FILE, type Lock } from "../../src/lock/lock.js";
import { build } from "../../src/pipeline/build.js";
import type { Manifest } from "../../src/pipeline/manifest.js";
import { type PullOptions, pull } from "../../src/pull/pull.js";
import { collector, ROOT, removeDir, tempDir } from "../pipeline/helpers.js";
import { type Conversion, FakeUpstream, sha1 } from "./fake-upstream.js";
import { sampleWorld, type World } from "./sample-world.js";
import { treeEntries } from "./tarball.js";

const DEMO = join(ROOT, "splits", "demo.yaml");
const SOURCES = ["supernatural", "promptsource", "flan", "unifiedskg"];
let fake: FakeUpstream;
let world: World;
let dir: string;
let reference: Manifest;
let logs: string[];

const options = (to: string, more: Partial<PullOptions> = {}): PullOptions => ({
  configFile: DEMO,
  to,
  env: fake.env(),
  http: { backoffMs: 5, attempts: 3, timeoutMs: 5000 },
  progress: { enabled: false, status: () => {}, log: (m) => logs.push(m), end: () => {} },
  ...more,
});

beforeAll(async () => {
  fake = await new FakeUpstream().start();
  world = await sampleWorld(fake, SOURCES);
  dir = await tempDir();
  reference = await build({ configFile: DEMO, out: join(dir, "reference") });
});
afterAll(async () => {
  await fake.close();
  await removeDir(dir);
});

describe("a full pull", () => {
  let to: string;
  beforeAll(async () => {
    to = join(dir, "full");
    logs = [];
  });

  it("fetches every source at its resolved commit and every Hub dataset, and writes a valid lock", async () => {
    const report = await pull(options(to));
    expect(report.sources.map((s) => [s.name, s.commit])).toEqual(SOURCES.map((name) => [name, world.commits[name]]));
    expect(report.sources.flatMap((s) => s.missing)).toEqual([]);
    const lock = JSON.parse(readFileSync(join(to, LOCK_FILE), "utf8")) as Lock;
    assertSchema("lock", lock, LOCK_FILE);
    const ps = lock.sources.promptsource;
    expect(ps?.git.repo).toBe("bigscience-workshop/promptsource");
    expect(ps?.git.ref).toBe("0cc4b0c");
    expect(ps?.hub.map((h) => `${h.id}/${h.config}/${h.split} -> ${h.files.map((f) => f.local).join(",")}`)).toEqual([
      "imdb/default/test -> rows/imdb/test/0000.parquet",
      "imdb/default/train -> rows/imdb/train/0000.parquet",
      "squad/default/train -> rows/squad/train/0000.parquet",
      "squad/default/validation -> rows/squad/validation/0000.parquet",
      "super_glue/rte/train -> rows/super_glue/rte/train/0000.parquet",
      "super_glue/rte/validation -> rows/super_glue/rte/validation/0000.parquet",
    ]);
    expect(lock.sources.unifiedskg?.hub.map((h) => `${h.dataset} -> ${h.folder}`)).toContain("spider -> data/spider_with_cell");
    expect(existsSync(join(to, ".pull"))).toBe(false);
  });

  it("then builds with --lock to the same outputs as a build of the sample corpus", async () => {
    const manifest = await build({ configFile: DEMO, out: join(dir, "from-pull"), lockFile: join(to, LOCK_FILE) });
    expect(manifest.outputs).toEqual(reference.outputs);
    expect(manifest.lock_sha256).toBe(
      createHash("sha256")
        .update(readFileSync(join(to, LOCK_FILE)))
        .digest("hex"),
    );
  });

  it("reproduces the pull elsewhere from the lock alone: the locked commits, nothing resolved, the same files", async () => {
    const elsewhere = join(dir, "elsewhere");
    await mkdir(elsewhere, { recursive: true });
    await writeFile(join(elsewhere, LOCK_FILE), readFileSync(join(to, LOCK_FILE)));
    const marks = [fake.github.log.length, fake.hub.log.length] as const;
    await pull(options(elsewhere));
    const asked = [...fake.github.log.slice(marks[0]), ...fake.hub.log.slice(marks[1])].map((r) => r.path);
    expect(asked.filter((p) => p.startsWith("/api/") || p.startsWith("/repos/"))).toEqual([]);
    expect(readFileSync(join(elsewhere, LOCK_FILE), "utf8")).toBe(readFileSync(join(to, LOCK_FILE), "utf8"));
    const manifest = await build({ configFile: DEMO, out: join(dir, "from-elsewhere"), lockFile: join(elsewhere, LOCK_FILE) });
    expect(manifest.outputs).toEqual(reference.outputs);
  });

  it("refuses an archive whose files are not those locked for its commit", async () => {
    const lock = JSON.parse(readFileSync(join(to, LOCK_FILE), "utf8")) as Lock;
    const flan = lock.sources.flan as Lock["sources"][string];
    const changed = join(dir, "changed");
    await mkdir(changed, { recursive: true });
    await writeFile(join(changed, LOCK_FILE), JSON.stringify({ lock_version: 1, sources: { flan } }));
    const top = `FLAN-${flan.git.commit}`;
    fake.repo("google-research/FLAN", "e9e4ec6", flan.git.commit, [
      { path: `${top}/`, type: "dir" },
      { path: `${top}/templates.py`, body: "PATTERNS = {}\n" },
    ]);
    try {
      await expect(pull(options(changed, { sources: ["flan"] }))).rejects.toThrow(
        `flan: google-research/FLAN@${flan.git.commit}: the archive's files are not those the lock records for this commit`,
      );
      expect(existsSync(join(changed, "flan"))).toBe(false);
    } finally {
      await sampleWorld(fake, ["flan"]);
    }
  });

  it("pulls again warm with no request at all, and the same lock", async () => {
    const before = fake.count();
    const lock = await readFile(join(to, LOCK_FILE), "utf8");
    const report = await pull(options(to));
    expect(report.requests).toBe(0);
    expect(fake.count()).toBe(before);
    expect(await readFile(join(to, LOCK_FILE), "utf8")).toBe(lock);
  });
});

describe("tampering, offline checks and repairs", () => {
  let to: string;
  beforeAll(async () => {
    to = join(dir, "tamper");
    logs = [];
    await pull(options(to));
  });

  it("--offline verifies without a request", async () => {
    const before = fake.count();
    const report = await pull(options(to, { offline: true }));
    expect(report.offline).toBe(true);
    expect(report.sources.map((s) => s.name)).toEqual(SOURCES);
    expect(fake.count()).toBe(before);
  });

  it("catches a changed Hub file and a changed repository file, offline and in build --lock, naming them", async () => {
    await appendFile(join(to, "promptsource", "rows", "imdb", "train", "0000.parquet"), "x");
    const task = join(to, "supernatural", "tasks", "task9001_rte_entailment_classification.json");
    const text = await readFile(task, "utf8");
    await writeFile(task, text.replace("entail", "ENTAIL"));
    await expect(pull(options(to, { offline: true }))).rejects.toThrow(/2 file\(s\) differ from the lock/);
    const error = (await pull(options(to, { offline: true })).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/promptsource\/rows\/imdb\/train\/0000\.parquet: \d+ bytes, locked \d+/);
    expect(error.message).toMatch(
      /supernatural\/tasks\/task9001_rte_entailment_classification\.json: sha256 [0-9a-f]{64}, locked [0-9a-f]{64}/,
    );
    const io = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "tampered-build"), "--lock", join(to, LOCK_FILE)], io)).toBe(1);
    expect(io.stderr).toContain("promptsource/rows/imdb/train/0000.parquet");
    expect(existsSync(join(dir, "tampered-build"))).toBe(false);
  });

  it("an online pull repairs both from the locked revisions, without resolving anything again", async () => {
    const marks = [fake.github.log.length, fake.hub.log.length] as const;
    await pull(options(to));
    const asked = [...fake.github.log.slice(marks[0]), ...fake.hub.log.slice(marks[1])].map((r) => r.path);
    expect(asked.filter((p) => p.startsWith("/api/") || p.startsWith("/repos/"))).toEqual([]);
    expect(asked.filter((p) => p.includes("/tar.gz/"))).toEqual([`/allenai/natural-instructions/tar.gz/${world.commits.supernatural}`]);
    expect(asked.filter((p) => p.includes("/resolve/"))).toHaveLength(1);
    await pull(options(to, { offline: true }));
    const manifest = await build({ configFile: DEMO, out: join(dir, "repaired"), lockFile: join(to, LOCK_FILE) });
    expect(manifest.outputs).toEqual(reference.outputs);
  });

  it("removes a file the lock does not name, which a build would read", async () => {
    await writeFile(join(to, "promptsource", "rows", "imdb", "train", "0001.parquet"), "stray");
    const report = await pull(options(to));
    expect(report.sources.find((s) => s.name === "promptsource")?.removed).toBe(1);
    expect(existsSync(join(to, "promptsource", "rows", "imdb", "train", "0001.parquet"))).toBe(false);
  });
});

describe("robust downloads", () => {
  it("resumes a truncated Hub download with a Range request", async () => {
    const to = join(dir, "truncated");
    logs = [];
    const imdb = world.datasets.imdb?.default?.train?.[0] as Buffer;
    const cdn = `/cdn/${createHash("sha256").update(imdb).digest("hex")}`;
    fake.hub.fail(cdn, { cutAfter: 100 });
    await pull(options(to));
    const ranged = fake.hub.log.filter((r) => r.path === cdn && r.headers.range !== undefined);
    expect(ranged.map((r) => r.headers.range)).toEqual(["bytes=100-"]);
    expect(logs.some((l) => l.includes("/datasets/imdb/resolve/") && l.includes("UND_ERR_SOCKET") && l.includes("resuming"))).toBe(true);
    expect(readFileSync(join(to, "promptsource", "rows", "imdb", "train", "0000.parquet"))).toEqual(imdb);
  });

  it("waits out a 429 with Retry-After, saying so", async () => {
    const to = join(dir, "throttled");
    logs = [];
    fake.hub.fail("/api/datasets/squad/parquet", { status: 429, retryAfter: "1" });
    await pull(options(to, { sources: ["promptsource"] }));
    expect(logs).toContain(`GET ${fake.hub.base}/api/datasets/squad/parquet: 429 Too Many Requests; retrying in 1 s (attempt 2 of 3)`);
  });

  it("stops on a 429 that does not end, naming it; nothing looks complete and the next pull resumes after the checkout", async () => {
    const to = join(dir, "stopped");
    logs = [];
    fake.hub.fail("/api/datasets/imdb/parquet", { status: 429 }, { status: 429 }, { status: 429 });
    await expect(pull(options(to, { sources: ["promptsource"] }))).rejects.toThrow(
      `GET ${fake.hub.base}/api/datasets/imdb/parquet: 429 Too Many Requests (after 3 attempt(s))`,
    );
    expect(
      existsSync(join(to, LOCK_FILE)) ? (JSON.parse(readFileSync(join(to, LOCK_FILE), "utf8")) as Lock).sources.promptsource : undefined,
    ).toBeUndefined();
    const io = collector();
    expect(await main(["build", "--config", DEMO, "--out", join(dir, "x"), "--lock", join(to, LOCK_FILE)], io)).toBe(1);
    const mark = fake.github.log.length;
    await pull(options(to, { sources: ["promptsource"] }));
    expect(fake.github.log.slice(mark).filter((r) => r.path.includes("/tar.gz/"))).toEqual([]);
  });
});

describe("datasets the Hub lacks, gates or names otherwise; repositories that are hostile", () => {
  const TOKEN = "hf_test_secret_token_0123456789";
  let cfg: string;

  /** A config over one PromptSource-like source of our own: `example/ps` at `main`, the descriptor's `pull.hub` given. */
  async function config(name: string, hub: string): Promise<string> {
    const at = join(dir, `cfg-${name}`);
    await mkdir(at, { recursive: true });
    await writeFile(
      join(at, "ps.yaml"),
      `version: 1\nname: promptsource\nadapter: promptsource\npath: ${join(ROOT, "sources", "sample", "promptsource")}\nupstream: https://github.com/example/${name}\nrevision: main\npull:\n  hub: ${hub}\n`,
    );
    await writeFile(join(at, "config.yaml"), "version: 1\nname: ps-only\nsources: [ps.yaml]\n");
    return join(at, "config.yaml");
  }

  beforeAll(async () => {
    const templates = join(ROOT, "sources", "sample", "promptsource");
    fake.repo(
      "example/ps",
      "main",
      sha1("ps"),
      treeEntries(templates, `ps-${sha1("ps")}`, (p) => p === "rows" || p.startsWith("rows/")),
    );
    fake.dataset("stanfordnlp/imdb", world.datasets.imdb as Conversion);
    fake.hub.guard("/api/datasets/stanfordnlp/imdb", `Bearer ${TOKEN}`);
    fake.hub.guard("/datasets/stanfordnlp/imdb", `Bearer ${TOKEN}`);
    cfg = await config("ps", "{imdb: stanfordnlp/imdb, squad: null, super_glue: nowhere/super_glue}");
  });

  it("lists a dataset that is missing, gated without a token, or mapped to null, and pulls the rest", async () => {
    logs = [];
    const to = join(dir, "missing");
    const report = await pull(options(to, { configFile: cfg }));
    const missing = report.sources[0]?.missing.map((m) => `${m.dataset} -> ${m.id}: ${m.reason}`);
    expect(missing).toEqual([
      `super_glue -> nowhere/super_glue: not on the Hub, or without a Parquet conversion (GET ${fake.hub.base}/api/datasets/nowhere/super_glue/revision/refs%2Fconvert%2Fparquet?blobs=true: 404 Not Found)`,
      `squad -> squad: not on the Hub (${join(dir, "cfg-ps", "ps.yaml")}#/pull/hub/squad is null)`,
      `imdb -> stanfordnlp/imdb: gated or private: set HF_TOKEN (GET ${fake.hub.base}/api/datasets/stanfordnlp/imdb/revision/refs%2Fconvert%2Fparquet?blobs=true: 401 Unauthorized)`,
    ]);
    const manifest = await build({ configFile: cfg, out: join(dir, "missing-build"), lockFile: join(to, LOCK_FILE) });
    expect(manifest.drops.tasks.no_instances).toBe(3);
  });

  it("pulls a gated dataset with HF_TOKEN, which it sends to the Hub only and never prints or locks", async () => {
    logs = [];
    const to = join(dir, "gated");
    const marks = [fake.github.log.length, fake.hub.log.length] as const;
    const io = collector();
    const env = process.env;
    process.env = { ...env, ...fake.env({ HF_TOKEN: TOKEN }) };
    try {
      expect(await main(["pull", "--config", cfg, "--to", to, "--progress", "always"], io)).toBe(0);
    } finally {
      process.env = env;
    }
    const lock = readFileSync(join(to, LOCK_FILE), "utf8");
    expect((JSON.parse(lock) as Lock).sources.promptsource?.hub.map((h) => `${h.id} ${h.split}`)).toEqual([
      "stanfordnlp/imdb test",
      "stanfordnlp/imdb train",
    ]);
    for (const text of [lock, io.stdout, io.stderr, logs.join("\n")]) expect(text).not.toContain(TOKEN);
    expect(fake.github.log.slice(marks[0]).map((r) => r.headers.authorization)).toEqual(
      fake.github.log.slice(marks[0]).map(() => undefined),
    );
    const hub = fake.hub.log.slice(marks[1]);
    expect(hub.filter((r) => r.path.startsWith("/cdn/")).map((r) => r.headers.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
    expect(io.stdout).toContain("missing on the Hub (2; listed in the lock, the other tasks build):");
    expect(io.stdout).toMatch(
      /^pulled into .*sources\.lock\.json\n {2}promptsource: example\/ps@main = [0-9a-f]{12}, \d+ files, Hub: 2 files, 2 dataset\(s\) missing \(3 downloaded, /,
    );
    expect(io.stderr).toContain("\r\x1b[K");
  });

  it("refuses a hostile archive, keeping nothing of it and no lock entry", async () => {
    const commit = sha1("evil");
    fake.repo("example/evil", "main", commit, [
      { path: `evil-${commit}/`, type: "dir" },
      { path: `evil-${commit}/templates/`, type: "dir" },
      { path: `evil-${commit}/templates/link`, type: "symlink", linkpath: "../../../../etc" },
    ]);
    const to = join(dir, "evil");
    await expect(pull(options(to, { configFile: await config("evil", "{}") }))).rejects.toThrow(
      /promptsource: example\/evil@[0-9a-f]{40}: the archive is refused, nothing of it was kept:\n {2}evil-[0-9a-f]{40}\/templates\/link: a link to "..\/..\/..\/..\/etc", which points outside the archive/,
    );
    expect(existsSync(join(to, "promptsource"))).toBe(false);
    expect(existsSync(join(to, LOCK_FILE))).toBe(false);
  });

  it("never replaces a folder it did not pull", async () => {
    const to = join(dir, "theirs");
    await mkdir(join(to, "promptsource"), { recursive: true });
    await writeFile(join(to, "promptsource", "mine.txt"), "keep me");
    await expect(pull(options(to, { configFile: cfg }))).rejects.toThrow(`${join(to, "promptsource")} exists but was not pulled here`);
    expect(readFileSync(join(to, "promptsource", "mine.txt"), "utf8")).toBe("keep me");
  });

  it("says which revision does not exist", async () => {
    const at = await config("ps", "{}");
    await writeFile(
      join(dir, "cfg-ps", "ps.yaml"),
      readFileSync(join(dir, "cfg-ps", "ps.yaml"), "utf8").replace("revision: main", "revision: v9"),
    );
    await expect(pull(options(join(dir, "norev"), { configFile: at }))).rejects.toThrow(
      `${join(dir, "cfg-ps", "ps.yaml")}#/revision: no revision "v9" in example/ps (GET ${fake.github.base}/repos/example/ps/commits/v9: 404 Not Found).`,
    );
  });
});
