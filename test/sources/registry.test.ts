/**
 * The registry is the one list of sources: every folder under src/sources/ is registered, every
 * registered source has a descriptor, a category map and a README, and every list of source names
 * (schemas, CLI) comes from it. Each source's own test file runs the conformance suite (conformance.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli.js";
import { schemaIssues } from "../../src/config/schemas.js";
import { optionNames } from "../../src/sources/options.js";
import { findSource, SOURCES, sourceNames } from "../../src/sources/registry.js";
import { ROOT } from "../pipeline/helpers.js";

const folders = readdirSync(join(ROOT, "src", "sources"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe("source registry", () => {
  it("registers every source folder under its own name, once", async () => {
    expect(sourceNames().toSorted()).toEqual(folders);
    expect(new Set(sourceNames()).size).toBe(SOURCES.length);
    for (const folder of folders) {
      const module = (await import(join(ROOT, "src", "sources", folder, "index.ts"))) as Record<string, { name?: string }>;
      expect(Object.values(module).some((value) => value === findSource(folder))).toBe(true);
    }
  });

  it("has a descriptor, a category map and a README with every option for every source", () => {
    for (const source of SOURCES) {
      const raw = parse(readFileSync(join(ROOT, "sources", `${source.name}.yaml`), "utf8")) as { name: string; adapter: string };
      expect([raw.name, raw.adapter]).toEqual([source.name, source.name]);
      const map = parse(readFileSync(join(ROOT, "categories", "maps", `${source.name}.yaml`), "utf8")) as { source: string };
      expect(map.source).toBe(source.name);
      const readme = readFileSync(join(ROOT, "src", "sources", source.name, "README.md"), "utf8");
      for (const option of optionNames(source)) expect(readme, `${source.name} README: option ${option}`).toContain(`\`${option}\``);
    }
    const descriptors = readdirSync(join(ROOT, "sources")).filter((f) => f.endsWith(".yaml"));
    expect(descriptors.map((f) => f.slice(0, -".yaml".length)).sort()).toEqual(sourceNames().toSorted());
  });

  it("gives the schemas their source names", () => {
    const record = { id: "a", split: "train", task: "t", dataset: "d", category: "c", instance: "i", template: "x" };
    const fields = { ...record, prompt: "p", completion: "c", references: ["c"] };
    for (const name of sourceNames()) expect(schemaIssues("output-record", { ...fields, source: name }, "r.json")).toEqual([]);
    expect(schemaIssues("output-record", { ...fields, source: "nosuch" }, "r.json").map((i) => i.pointer)).toEqual(["/source"]);
  });

  it("offers each source's render and inspect subcommands on the command line", async () => {
    for (const kind of ["render", "inspect"] as const) {
      const out: string[] = [];
      await main([kind, "--help"], { out: (t) => out.push(t), err: (t) => out.push(t) });
      const offering = SOURCES.filter((s) => s.commands?.[kind]).map((s) => s.name);
      expect(offering.length).toBeGreaterThan(0);
      for (const name of offering) expect(out.join("")).toContain(`${kind} ${name}`);
    }
  });
});
