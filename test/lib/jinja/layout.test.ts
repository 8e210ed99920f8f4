/** The engine is a library: one front file, and no import cycles among its files. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const ENGINE = join(ROOT, "src/lib/jinja");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The files a file imports or re-exports from (type-only imports included), resolved to .ts paths. */
function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/\b(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"/g)].map((m) =>
    resolve(dirname(file), (m[1] as string).replace(/\.js$/, ".ts")),
  );
}

describe("src/lib/jinja layout", () => {
  it("nothing outside the engine imports any of its files but index.ts", () => {
    const outside = [...tsFiles(join(ROOT, "src")), ...tsFiles(join(ROOT, "bench"))].filter((f) => !f.startsWith(ENGINE));
    const bad = outside.flatMap((f) =>
      imports(f)
        .filter((dep) => dep.startsWith(`${ENGINE}/`) && dep !== join(ENGINE, "index.ts"))
        .map((dep) => `${relative(ROOT, f)} -> ${relative(ROOT, dep)}`),
    );
    expect(bad).toEqual([]);
  });

  it("has no import cycles", () => {
    const graph = new Map(tsFiles(ENGINE).map((f) => [f, imports(f).filter((d) => d.startsWith(ENGINE))]));
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (file: string, path: string[]): void => {
      if (path.includes(file)) {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ENGINE, f)).join(" -> "));
        return;
      }
      if (done.has(file)) return;
      for (const dep of graph.get(file) ?? []) visit(dep, [...path, file]);
      done.add(file);
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
