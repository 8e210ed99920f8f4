/**
 * One conformance suite for every adapter, run on the embedded sample corpus of its source: tasks are
 * schema-valid, ids and provenance are well formed, loading is deterministic, and every instance renders
 * or is skipped with a named reason (never a crash). Plus the registry walk: every adapter file is
 * registered and every source descriptor names a registered adapter.
 */
import { readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { schemaIssues } from "../../src/config/schemas.js";
import { loadSources } from "../../src/config/sources.js";
import { rngFor } from "../../src/core/rng.js";
import { ADAPTERS, createAdapter } from "../../src/sources/registry.js";
import { type Issue, SOURCE_NAMES, type Task } from "../../src/types.js";
import { ROOT } from "../pipeline/helpers.js";

describe("adapter registry", () => {
  it("registers every adapter file under its own name", async () => {
    const folders = readdirSync(join(ROOT, "src", "sources"), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const adapters: string[] = [];
    for (const folder of folders) {
      const module = (await import(join(ROOT, "src", "sources", folder, "adapter.ts"))) as { NAME?: string };
      expect(module.NAME).toBe(folder);
      adapters.push(folder);
    }
    expect(adapters.sort()).toEqual(Object.keys(ADAPTERS).sort());
    expect(Object.keys(ADAPTERS).sort()).toEqual([...SOURCE_NAMES].sort());
  });

  it("has a descriptor naming a registered adapter for every source", () => {
    const descriptors = readdirSync(join(ROOT, "sources")).filter((f) => f.endsWith(".yaml"));
    for (const file of descriptors) {
      const raw = parse(readFileSync(join(ROOT, "sources", file), "utf8")) as { name: string; adapter: string };
      expect(Object.keys(ADAPTERS)).toContain(raw.adapter);
      expect(file).toBe(`${raw.name}.yaml`);
    }
    expect(descriptors.length).toBe(SOURCE_NAMES.length);
  });
});

for (const name of SOURCE_NAMES) {
  describe(`adapter conformance: ${name}`, () => {
    const load = async () => {
      const [descriptor] = await loadSources([name], ROOT, new Map());
      if (!descriptor) throw new Error("no descriptor");
      const adapter = createAdapter(name, descriptor.options ?? {});
      const refs = await adapter.list(descriptor);
      const issues: Issue[] = [];
      const tasks: Task[] = [];
      for (const ref of refs) tasks.push(await adapter.load(ref, descriptor, issues));
      return { adapter, descriptor, refs, tasks };
    };

    it("lists tasks in code-unit order and loads schema-valid tasks with well-formed ids and provenance", async () => {
      const { refs, tasks } = await load();
      expect(refs.length).toBeGreaterThan(0);
      expect(refs.map((r) => r.name)).toEqual(refs.map((r) => r.name).toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      for (const task of tasks) {
        expect(schemaIssues("task", task, task.id)).toEqual([]);
        expect(task.id).toBe(`${name}/${task.name}`);
        expect(task.source).toBe(name);
        expect(task.provenance.file).not.toBe("");
        expect(isAbsolute(task.provenance.file)).toBe(false);
        expect(new Set(task.instances.map((i) => i.id)).size).toBe(task.instances.length);
        expect(task.templates.length).toBeGreaterThan(0);
      }
    });

    it("loads deterministically", async () => {
      const a = await load();
      const b = await load();
      expect(JSON.stringify(a.tasks)).toBe(JSON.stringify(b.tasks));
    });

    it("renders every instance with every template, or skips it with a named reason", async () => {
      const { adapter, tasks } = await load();
      let ok = 0;
      for (const task of tasks) {
        for (const instance of task.instances) {
          for (const template of task.templates) {
            const r = adapter.render(task, instance, template.id, rngFor(0, "conformance", task.id, instance.id, template.id), {
              demoPool: task.instances,
            });
            const again = adapter.render(task, instance, template.id, rngFor(0, "conformance", task.id, instance.id, template.id), {
              demoPool: task.instances,
            });
            expect(again).toEqual(r);
            if (r.ok) {
              ok++;
              expect(r.references.length).toBeGreaterThan(0);
            } else expect(r.reason).toMatch(/^[a-z][a-z0-9_]*$/);
          }
        }
      }
      expect(ok).toBeGreaterThan(0);
    });
  });
}
