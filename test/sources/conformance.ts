/**
 * The adapter conformance suite: every source's test file calls `testAdapter(source, fixture)` once and
 * gets the contract checked on its own sample corpus, as unstorage tests its drivers. A fifth source gets
 * the whole suite by one call.
 *
 * Checked: options (defaults valid, unknown and ill-typed options rejected naming the option and the
 * accepted ones), listing (sorted, deterministic, reads no rows), loading (schema-valid tasks, ids,
 * provenance relative to the root, the same task from any path), template choice, rendering (pure,
 * deterministic, parts well formed, every instance rendered or skipped with a named reason), unknown task
 * and template ids (one error type, one prefix).
 */
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import fg from "fast-glob";
import { beforeAll, describe, expect, it } from "vitest";
import { schemaIssues } from "../../src/config/schemas.js";
import { AJV_OPTIONS } from "../../src/core/json-schema.js";
import { byCodeUnit } from "../../src/core/py-str.js";
import { rngFor } from "../../src/core/rng.js";
import { AdapterError } from "../../src/errors.js";
import type { SourceAdapter, SourceDefinition, SourceRoot } from "../../src/sources/contract.js";
import { openSource } from "../../src/sources/open.js";
import { optionNames, resolveOptions } from "../../src/sources/options.js";
import { SOURCES, type Sources } from "../../src/sources/registry.js";
import type { Issue, Task, TaskRef } from "../../src/types.js";

export interface AdapterFixture {
  /** A data root in the source's native format, with at least one task that renders. */
  root: string;
  /** Options over the source's defaults. */
  options?: Record<string, unknown>;
  /** The prompt rule over the source's defaults. */
  prompts?: object;
  /** Globs (relative to the root) of the files holding rows: `list()` must not read them. */
  rowFiles: string[];
  /** Why this source's `list()` must read its rows (its task names exist only inside them), if it must. */
  listReadsRows?: string;
  /** The registry the source is checked in (a test-only source adds itself). @default the package's */
  registry?: Sources;
}

/** What extra tests of a source's own file can use. */
export interface Loaded {
  adapter: SourceAdapter;
  refs: TaskRef[];
  tasks: Task[];
  issues: Issue[];
}

export function rootAt(dir: string): SourceRoot {
  return { path: dir, file: path.join(dir, "descriptor.yaml") };
}

/** Open a source on a folder, as a build would, with options over its defaults. */
export function openAt(source: SourceDefinition, dir: string, options?: Record<string, unknown>, prompts?: object): SourceAdapter {
  return openSource(source, { root: rootAt(dir), options: [{ origin: "test", values: options }], ...(prompts && { prompts }) });
}

export async function loadAll(adapter: SourceAdapter): Promise<Loaded> {
  const refs = await adapter.list();
  const issues: Issue[] = [];
  const tasks: Task[] = [];
  for (const ref of refs) tasks.push(await adapter.load(ref, issues));
  return { adapter, refs, tasks, issues };
}

/** Each task loaded by one adapter in the order given: the task and the issues its load reported. */
async function perTask(adapter: SourceAdapter, refs: readonly TaskRef[]): Promise<{ task: string; issues: Issue[] }[]> {
  const out: { task: string; issues: Issue[] }[] = [];
  for (const ref of refs) {
    const issues: Issue[] = [];
    out.push({ task: JSON.stringify(await adapter.load(ref, issues)), issues });
  }
  return out;
}

export function testAdapter(source: SourceDefinition, fixture: AdapterFixture, extraTests?: (loaded: () => Loaded) => void): void {
  const registry = fixture.registry ?? SOURCES;
  const open = (dir = fixture.root): SourceAdapter => openAt(source, dir, fixture.options, fixture.prompts);

  describe(`adapter contract: ${source.name}`, () => {
    let loaded: Loaded;
    beforeAll(async () => {
      loaded = await loadAll(open());
    });

    describe("options", () => {
      it("has defaults valid against its own option schema, and a prompt rule valid against its own", () => {
        const ajv = new Ajv(AJV_OPTIONS);
        expect(ajv.validate(source.options.schema, source.options.defaults), JSON.stringify(ajv.errors)).toBe(true);
        expect(ajv.validate(source.prompts.schema, source.prompts.defaults), JSON.stringify(ajv.errors)).toBe(true);
        expect(source.options.schema.additionalProperties).toBe(false);
      });

      it("rejects an unknown option, naming it, where it came from, and the accepted options", () => {
        const attempt = () => resolveOptions(source, [{ origin: "splits/x.yaml#/source_options/x", values: { bogus: 1 } }]);
        expect(attempt).toThrow(AdapterError);
        expect(attempt).toThrow(`[adapter:${source.name}] splits/x.yaml#/source_options/x: unknown option "bogus". Accepted options: `);
        try {
          attempt();
        } catch (error) {
          expect((error as AdapterError).code).toBe("E_CONFIG");
          for (const name of optionNames(source)) expect((error as Error).message).toContain(name);
        }
      });

      it.skipIf(optionNames(source).length === 0)("rejects an ill-typed option, naming it and where it came from", () => {
        const [name] = optionNames(source) as [string];
        const schema = (source.options.schema.properties as Record<string, { type?: unknown }>)[name];
        const wrong = schema?.type === "object" ? 42 : { not: "valid" };
        expect(() => resolveOptions(source, [{ origin: "--option", values: { [name]: wrong } }])).toThrow(
          `[adapter:${source.name}] --option: option "${name}"`,
        );
      });
    });

    describe("list", () => {
      it("names tasks in code-unit order, the same on every call", async () => {
        const names = loaded.refs.map((r) => r.name);
        expect(names.length).toBeGreaterThan(0);
        expect(names).toEqual(names.toSorted(byCodeUnit));
        expect(new Set(names).size).toBe(names.length);
        expect((await open().list()).map((r) => r.name)).toEqual(names);
      });

      it.skipIf(fixture.listReadsRows !== undefined)(
        `reads no rows: listing a copy whose row files are garbage gives the same tasks${fixture.listReadsRows ? ` (skipped: ${fixture.listReadsRows})` : ""}`,
        async () => {
          const copy = mkdtempSync(path.join(tmpdir(), `iml-${source.name}-`));
          try {
            cpSync(fixture.root, copy, { recursive: true });
            const rows = await fg(fixture.rowFiles, { cwd: copy });
            expect(rows.length).toBeGreaterThan(0);
            for (const file of rows) writeFileSync(path.join(copy, file), "\u0000 not rows {[");
            const adapter = open(copy);
            expect((await adapter.list()).map((r) => r.name)).toEqual(loaded.refs.map((r) => r.name));
            // Reading them is where the garbage shows, as an error of this adapter.
            const failures = await Promise.all(
              (await adapter.list()).map((ref) =>
                adapter.load(ref, []).then(
                  () => undefined,
                  (error: unknown) => error,
                ),
              ),
            );
            const errors = failures.filter((e) => e !== undefined);
            expect(errors.length).toBeGreaterThan(0);
            for (const error of errors) {
              expect(error).toBeInstanceOf(AdapterError);
              expect((error as Error).message.startsWith(`[adapter:${source.name}] `)).toBe(true);
            }
          } finally {
            rmSync(copy, { recursive: true, force: true });
          }
        },
      );
    });

    describe("load", () => {
      it("gives schema-valid tasks with well-formed ids, unique instance ids and templates", () => {
        expect(loaded.tasks.length).toBe(loaded.refs.length);
        for (const task of loaded.tasks) {
          expect(schemaIssues("task", task, task.id, registry)).toEqual([]);
          expect(task.source).toBe(source.name);
          expect(task.id).toBe(`${source.name}/${task.name}`);
          expect(new Set(task.instances.map((i) => i.id)).size).toBe(task.instances.length);
          expect(task.templates.length).toBeGreaterThan(0);
          expect(new Set(task.templates.map((t) => t.id)).size).toBe(task.templates.length);
        }
      });

      it("records provenance relative to the root, so a task read from another path is the same task", async () => {
        for (const task of loaded.tasks) {
          const file = task.provenance.file;
          expect(file).not.toBe("");
          expect(path.isAbsolute(file) || file.includes("\\") || file.startsWith("..")).toBe(false);
          expect(readFileSync(path.join(fixture.root, file)).length).toBeGreaterThan(0);
        }
        const copy = mkdtempSync(path.join(tmpdir(), `iml-${source.name}-moved-`));
        try {
          cpSync(fixture.root, copy, { recursive: true });
          const moved = await loadAll(open(copy));
          expect(JSON.stringify(moved.tasks)).toBe(JSON.stringify(loaded.tasks));
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      });

      it("loads deterministically", async () => {
        expect(JSON.stringify((await loadAll(open())).tasks)).toBe(JSON.stringify(loaded.tasks));
      });

      it("loads each task alike whatever was loaded before (a build's worker threads load tasks in any order)", async () => {
        const inOrder = await perTask(open(), loaded.refs);
        const reversed = await perTask(open(), loaded.refs.toReversed());
        expect(reversed.toReversed()).toEqual(inOrder);
      });

      it.skipIf(open().summarize === undefined)(
        "summarizes each task as its load gives it: id, dataset, categories, instance count; load's issues about what it reads",
        async () => {
          const adapter = open();
          const summarize = adapter.summarize as NonNullable<SourceAdapter["summarize"]>;
          for (const ref of loaded.refs) {
            const loadIssues: Issue[] = [];
            const task = await adapter.load(ref, loadIssues);
            const issues: Issue[] = [];
            const summary = await summarize(ref, issues);
            expect(summary).toMatchObject({
              id: task.id,
              source: task.source,
              name: task.name,
              dataset: task.dataset,
              sourceCategories: task.sourceCategories,
              instanceCount: task.instances.length,
            });
            // A subsequence of load's issues.
            let at = 0;
            for (const issue of issues) {
              while (at < loadIssues.length && JSON.stringify(loadIssues[at]) !== JSON.stringify(issue)) at++;
              expect(at, `summary issue not in load's: ${JSON.stringify(issue)}`).toBeLessThan(loadIssues.length);
              at++;
            }
            for (const hash of summary.hashes ?? []) {
              expect(ref.files).toContain(hash.file);
              expect(hash.bytes).toBe(readFileSync(hash.file).length);
              expect(hash.sha256).toBe(createHash("sha256").update(readFileSync(hash.file)).digest("hex"));
            }
          }
        },
      );

      it("rejects a task that is not there with its own error type", async () => {
        const missing: TaskRef = { name: "no_such_task", files: [path.join(fixture.root, "no_such_task", "no_such_file.json")] };
        await expect(open().load(missing, [])).rejects.toThrow(AdapterError);
        await expect(open().load(missing, [])).rejects.toThrow(`[adapter:${source.name}] `);
      });
    });

    describe("templates and render", () => {
      it("chooses templates among the task's own, for training and evaluation", () => {
        let chosen = 0;
        for (const task of loaded.tasks) {
          const ids = new Set(task.templates.map((t) => t.id));
          for (const instance of task.instances) {
            for (const role of ["train", "eval"] as const) {
              const choice = loaded.adapter.chooseTemplates(task, instance, role, 7);
              expect(["first", "all"]).toContain(choice.mode);
              for (const id of choice.ids) expect(ids.has(id), `${task.id}: ${id}`).toBe(true);
              expect(loaded.adapter.chooseTemplates(task, instance, role, 7)).toEqual(choice);
              chosen += choice.ids.length;
            }
          }
        }
        expect(chosen).toBeGreaterThan(0);
        const { dropFailingTemplates, maxPrompts } = loaded.adapter.evalRules;
        expect(typeof dropFailingTemplates).toBe("boolean");
        expect(maxPrompts === null || (Number.isInteger(maxPrompts) && maxPrompts > 0)).toBe(true);
      });

      it("renders every instance with every template into parts, or skips it with a named reason; the same stream gives the same result", () => {
        let rendered = 0;
        let seen = 0;
        for (const task of loaded.tasks) {
          for (const instance of task.instances) {
            for (const template of task.templates) {
              const rng = () => rngFor(0, "conformance", task.id, instance.id, template.id);
              const r = loaded.adapter.render(task, instance, template.id, rng(), { demoPool: task.instances });
              expect(loaded.adapter.render(task, instance, template.id, rng(), { demoPool: task.instances })).toEqual(r);
              seen++;
              if (!r.ok) {
                expect(r.reason).toMatch(/^[a-z][a-z0-9_]*$/);
                continue;
              }
              rendered++;
              const { instruction, lead, input } = r.parts;
              for (const part of [instruction, lead, input, r.completion]) expect(typeof part).toBe("string");
              expect(input.length).toBeGreaterThan(0);
              if (source.placement === "instance_level") expect(instruction + lead).toBe("");
              expect(r.references.length).toBeGreaterThan(0);
              for (const ref of r.references) expect(typeof ref).toBe("string");
            }
          }
        }
        expect(seen).toBeGreaterThan(0);
        expect(rendered).toBeGreaterThan(0);
      });

      it("rejects a template id its task does not have with its own error type", () => {
        const task = loaded.tasks[0] as Task;
        const instance = task.instances[0];
        expect(instance).toBeDefined();
        const attempt = () => loaded.adapter.render(task, instance as Task["instances"][number], "no_such_template", rngFor(0, "x"));
        expect(attempt).toThrow(AdapterError);
        expect(attempt).toThrow(
          `[adapter:${source.name}] ${task.provenance.file}: ${task.id}: unknown template "no_such_template". Expected one of: `,
        );
      });
    });

    extraTests?.(() => loaded);
  });
}
