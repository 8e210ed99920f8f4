/**
 * The shape of the code, checked: no import cycles between files or between folders; generic engines
 * (src/lib/*) reached only through their front file and importing no source; nothing outside
 * src/sources/ naming a particular source; config and the plan stage independent of each other.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { sourceNames } from "../src/sources/registry.js";
import { ROOT } from "./pipeline/helpers.js";

const SRC = path.join(ROOT, "src");
const files = fg.sync("**/*.ts", { cwd: SRC }).sort();

/** Relative imports of every file, resolved to paths under src/ ("a/b.ts"). */
const imports = new Map(
  files.map((file) => {
    const text = readFileSync(path.join(SRC, file), "utf8");
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*["'](\.[^"']+)["']/g)].map((m) => m[1] as string);
    const resolved = specs.map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)).replace(/\.js$/, ".ts"));
    return [file, resolved];
  }),
);

/** The folder a file belongs to: "lib/jinja" for an engine, else its top folder ("sources", "pipeline"); "." for top-level files. */
function folderOf(file: string): string {
  const parts = file.split("/");
  if (parts.length === 1) return ".";
  return parts[0] === "lib" ? `lib/${parts[1]}` : (parts[0] as string);
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe("architecture", () => {
  it("reads the imports of every source file", () => {
    expect(files.length).toBeGreaterThan(100);
    for (const [file, deps] of imports) for (const dep of deps) expect(files, `${file} imports ${dep}`).toContain(dep);
  });

  it("has no import cycle between files", () => {
    expect(cycles(imports).map((c) => c.join(" -> "))).toEqual([]);
  });

  it("has no import cycle between folders", () => {
    const folders = new Map<string, string[]>();
    for (const [file, deps] of imports) {
      const from = folderOf(file);
      const to = deps.map(folderOf).filter((f) => f !== from && f !== ".");
      folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])]);
    }
    expect(cycles(folders).map((c) => c.join(" -> "))).toEqual([]);
  });

  it("keeps config and the plan stage independent of each other", () => {
    for (const [file, deps] of imports) {
      if (file.startsWith("config/"))
        expect(
          deps.filter((d) => d.startsWith("plan/")),
          file,
        ).toEqual([]);
      if (file.startsWith("plan/"))
        expect(
          deps.filter((d) => d.startsWith("config/") || d.startsWith("pipeline/")),
          file,
        ).toEqual([]);
    }
  });

  it("reaches each generic engine through its front file only, and engines import no source", () => {
    for (const [file, deps] of imports) {
      for (const dep of deps) {
        const engine = /^lib\/([^/]+)\//.exec(dep)?.[1];
        if (engine && !file.startsWith(`lib/${engine}/`)) expect(dep, `${file} imports ${dep}`).toBe(`lib/${engine}/index.ts`);
      }
      if (file.startsWith("lib/"))
        expect(
          deps.filter((d) => d.startsWith("sources/")),
          file,
        ).toEqual([]);
    }
  });

  it("lets no source import another source's files", () => {
    for (const [file, deps] of imports) {
      const own = /^sources\/([^/]+)\//.exec(file)?.[1];
      if (!own) continue;
      const others = deps.filter((d) => /^sources\/[^/]+\//.test(d) && !d.startsWith(`sources/${own}/`));
      expect(others, file).toEqual([]);
    }
  });

  it("names no particular source outside src/sources/", () => {
    const names = sourceNames();
    for (const file of files.filter((f) => !f.startsWith("sources/"))) {
      const code = readFileSync(path.join(SRC, file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      for (const name of names) expect(new RegExp(`["'\`/]${name}["'\`/.:]`).test(code), `${file} names ${name}`).toBe(false);
    }
  });
});
