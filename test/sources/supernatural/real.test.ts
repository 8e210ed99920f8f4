/**
 * Opt-in: a real natural-instructions checkout, end to end. IML_SUPERNI_REAL_DIR names its root (tasks/*.json,
 * splits/default/); without it the suite runs on ../shared/sources-sample/supernatural; without either it is
 * skipped, visibly. Checks: every task file loads, every quirk is a note with a kind, and the superni-default
 * build is exactly the default split's lists restricted to the tasks present, with the preset's counts, and
 * names the listed tasks the checkout lacks.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePyJson } from "../../../src/core/py-json.js";
import { checkUtf8 } from "../../../src/core/text-file.js";
import { build } from "../../../src/pipeline/build.js";
import type { Manifest } from "../../../src/pipeline/manifest.js";
import { supernatural } from "../../../src/sources/supernatural/index.js";
import { indexInstances } from "../../../src/sources/supernatural/instance-index.js";
import { parseSuperNiTask } from "../../../src/sources/supernatural/task-file.js";
import type { Issue } from "../../../src/types.js";
import { ROOT, removeDir, SHARED, tempDir } from "../../pipeline/helpers.js";
import { openAt } from "../conformance.js";

const fromEnv = process.env.IML_SUPERNI_REAL_DIR;
const shared = path.join(SHARED, "supernatural");
const checkout = fromEnv ?? (existsSync(shared) ? shared : undefined);
const why = checkout === undefined ? ` (skipped: IML_SUPERNI_REAL_DIR is unset and ${shared} is absent)` : ` (${checkout})`;
if (checkout === undefined) console.warn(`[skip] Super-NI real checkout suite${why}`);

/** Names of a split list, trimmed, blanks skipped ([] when the file is absent, as the adapter reads it). */
function listed(root: string, kind: string): Set<string> {
  const file = path.join(root, "splits", "default", `${kind}_tasks.txt`);
  if (!existsSync(file)) return new Set();
  return new Set(
    readFileSync(file, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

describe.skipIf(checkout === undefined)(`Super-NI real checkout${why}`, () => {
  const root = checkout as string;
  const present = () =>
    readdirSync(path.join(root, "tasks"))
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -".json".length));

  it("loads every task file; every quirk is a note with a kind, none an error", { timeout: 600_000 }, async () => {
    const adapter = openAt(supernatural, root);
    const refs = await adapter.list();
    expect(refs.map((r) => r.name).sort()).toEqual(present().sort());
    const issues: Issue[] = [];
    let instances = 0;
    for (const ref of refs) {
      const task = await adapter.load(ref, issues);
      instances += task.instances.length;
    }
    expect(instances).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.kind, JSON.stringify(issue)).toMatch(/^[a-z_]+$/);
      expect(issue.file.startsWith(path.join(root, "tasks")), issue.file).toBe(true);
    }
    console.log(`[Super-NI real] ${refs.length} task files, ${instances} instances, ${issues.length} note(s)`);
    // The known quirk of the real corpus: a bare NaN where task603 gives its URL.
    if (present().includes("task603_wikitext-103_fill_in_the_blank")) {
      expect(issues.filter((i) => i.file.endsWith("task603_wikitext-103_fill_in_the_blank.json")).map((i) => [i.kind, i.pointer])).toEqual([
        ["non_finite_number", undefined],
        ["unusable_value", "/URL/0"],
      ]);
    }
  });

  it("loads every task file in place (instance-index.ts) as a full parse does, or takes the full parse", { timeout: 900_000 }, async () => {
    const adapter = openAt(supernatural, root);
    let inPlace = 0;
    const refs = await adapter.list();
    for (const ref of refs) {
      const file = ref.files[0] as string;
      const bytes = readFileSync(file);
      const start = checkUtf8(bytes, file);
      if (indexInstances(bytes, start) !== undefined) inPlace++;
      const reference: Issue[] = [];
      const full = parseSuperNiTask(bytes.toString("utf8", start), file, ref.name, reference);
      const issues: Issue[] = [];
      const task = await adapter.load(ref, issues);
      const digest = (value: unknown): string => createHash("sha256").update(JSON.stringify(value)).digest("hex");
      expect(digest(task.instances), ref.name).toBe(digest(full.instances));
      expect(issues, ref.name).toEqual(reference);
    }
    console.log(`[Super-NI real] ${inPlace} of ${refs.length} task files loaded in place, the rest by a full parse`);
    expect(inPlace).toBeGreaterThan(refs.length / 2);
  });

  describe("the superni-default build", () => {
    let dir: string;
    let manifest: Manifest;
    beforeAll(async () => {
      dir = await tempDir();
      manifest = await build({
        configFile: path.join(ROOT, "splits", "superni-default.yaml"),
        out: path.join(dir, "out"),
        sourceOverrides: new Map([["supernatural", root]]),
      });
    }, 600_000);
    afterAll(async () => removeDir(dir));

    it("is exactly the default split's task lists restricted to the tasks present", () => {
      const [train, test, excluded] = ["train", "test", "excluded"].map((kind) => listed(root, kind)) as [
        Set<string>,
        Set<string>,
        Set<string>,
      ];
      const names = present();
      const assigned = (level: string) =>
        manifest.tasks
          .filter((t) => t.assignment === level)
          .map((t) => t.task.replace("supernatural/", ""))
          .sort();
      expect(assigned("heldout_task")).toEqual(names.filter((n) => test.has(n) && !excluded.has(n)).sort());
      expect(assigned("train")).toEqual(names.filter((n) => train.has(n) && !test.has(n) && !excluded.has(n)).sort());
      expect(assigned("heldout_category")).toEqual([]);
      expect(assigned("heldout_instance")).toEqual([]);
      for (const t of manifest.tasks.filter((t) => t.assignment === "dropped")) {
        const name = t.task.replace("supernatural/", "");
        expect(t.reason, name).toBe(excluded.has(name) ? "excluded_by_split_list" : "not_in_split_lists");
      }
      console.log(
        `[Super-NI real] superni-default: ${assigned("train").length} train, ${assigned("heldout_task").length} test, ${assigned("dropped").length} dropped tasks; ${manifest.counts.records} records`,
      );
    });

    it("has the preset's counts: the first 100 instances per test task, 100 seeded per train task", () => {
      for (const t of manifest.tasks.filter((t) => t.assignment !== "dropped")) {
        const written = Object.values(manifest.counts.by_task[t.task] ?? {}).reduce((a, b) => a + b, 0);
        expect(written, t.task).toBe(Math.min(100, t.instances));
      }
      const first = manifest.outputs.find((o) => o.split === "heldout_task");
      if (first) {
        const lines = readFileSync(path.join(dir, "out", first.path), "utf8")
          .trim()
          .split("\n");
        const ids = lines.map((l) => (JSON.parse(l) as { instance: string }).instance);
        const name = (first.task as string).replace("supernatural/", "");
        const file = path.join(root, "tasks", `${name}.json`);
        const task = parsePyJson<{ Instances: { id: string }[] }>(readFileSync(file, "utf8"), file).value;
        expect(ids).toEqual(task.Instances.slice(0, 100).map((i) => i.id));
      }
    });

    it("names, in counted notes, the listed tasks the checkout does not have", () => {
      const names = new Set(present());
      const absent = ["train", "test", "excluded"].flatMap((kind) => [...listed(root, kind)].filter((n) => !names.has(n)));
      const notes = manifest.issues.filter((i) => i.kind === "listed_task_absent");
      expect(notes.reduce((n, i) => n + (i.count ?? 1), 0)).toBe(absent.length);
      for (const name of absent)
        expect(
          notes.some((i) => i.message.includes(name)),
          name,
        ).toBe(true);
      expect(manifest.issue_counts.by_kind.listed_task_absent ?? 0).toBe(absent.length);
      expect(manifest.issues.every((i) => i.file.startsWith("supernatural/"))).toBe(true);
      console.log(`[Super-NI real] notes by kind: ${JSON.stringify(manifest.issue_counts.by_kind)}`);
    });
  });
});
