/**
 * Conformance against the shared JSON renderings of FLAN's real modules: each rendering is written
 * back as Python in FLAN's syntax (varied at random, see py-writer.ts), read with readFlanModule,
 * and compared value by value, template by template, through `inspect flan`'s lines too.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toJson } from "../../../src/lib/python/index.js";
import { inspectFlanLines } from "../../../src/sources/flan/inspect-command.js";
import { readFlanModule } from "../../../src/sources/flan/module.js";
import { writeModule } from "./py-writer.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const DIR = path.resolve(ROOT, "../shared/sources-sample/flan");
const REFERENCE = path.resolve(ROOT, "test/reference/flan_module_reference.py");
if (!existsSync(DIR))
  console.warn(`[flan conformance] ${DIR} is absent: the conformance tests against FLAN's JSON renderings are skipped.`);
const hasPython = spawnSync("python3", ["-c", "import ast"]).status === 0;
if (!hasPython) console.warn("[flan conformance] python3 not found: Python's reading of the written modules is skipped.");

const RENDERINGS = [
  "2021/templates.py.json",
  "2021/baseline_templates.py.json",
  "v2/templates.py.json",
  "v2/flan_templates_branched.py.json",
  "v2/constants_niv2.py.json",
];

describe.skipIf(!existsSync(DIR))("FLAN module renderings (shared/sources-sample/flan)", () => {
  for (const name of RENDERINGS) {
    describe(name, () => {
      // describe.skipIf still runs this body to collect the (skipped) tests: read only when present.
      const rendering = (existsSync(DIR) ? JSON.parse(readFileSync(path.join(DIR, name), "utf8")) : {}) as Record<string, never>;
      const seeds = ["a", "b"];
      for (const seed of seeds) {
        const source = writeModule(rendering, `${name}/${seed}`);
        const file = `${name.replace(".json", "")}#${seed}`;
        const module = readFlanModule(source, file);

        it(`seed ${seed}: every module-level constant equals the rendering`, () => {
          for (const key of Object.keys(rendering).filter((k) => !k.startsWith("_"))) {
            expect(toJson(module.names.get(key) ?? null), `${file} ${key}`).toEqual(rendering[key]);
          }
        });

        const patterns = rendering.PATTERNS as Record<string, string[][]> | undefined;
        const fewshot = rendering.FEWSHOT_PATTERNS as Record<string, unknown[]> | undefined;
        const dc = (rendering._dataclasses as Record<string, { fields: string[]; defaults: Record<string, unknown> }> | undefined)
          ?.FewShotPattern;
        const absent = (value: unknown, what: string) => (value === undefined ? ` (skipped: ${name} has no ${what})` : "");

        it.skipIf(patterns === undefined)(
          `seed ${seed}: inspect lines equal the rendering template by template${absent(patterns, "PATTERNS")}`,
          () => {
            const lines = inspectFlanLines(module);
            expect(lines.map((l) => l.task)).toEqual(Object.keys(patterns ?? {}));
            for (const line of lines)
              expect(
                line.templates?.map((t) => [t.input, t.target]),
                line.task,
              ).toEqual(patterns?.[line.task]);
          },
        );

        it.skipIf(fewshot === undefined)(
          `seed ${seed}: inspect --fewshot lines equal the rendering${absent(fewshot, "FEWSHOT_PATTERNS")}`,
          () => {
            const fsLines = inspectFlanLines(module, { fewshot: true });
            expect(Object.fromEntries(fsLines.map((l) => [l.task, l.fewshot]))).toEqual(fewshot);
          },
        );

        it(`seed ${seed}: aliases match, table by table`, () => {
          const found: Record<string, Record<string, string>> = {};
          for (const a of module.aliases) (found[a.table] ??= {})[a.key] = a.sourceKey;
          expect(found).toEqual(rendering._aliases ?? {});
        });

        it.skipIf(dc === undefined)(
          `seed ${seed}: FewShotPattern dataclass defaults match${absent(dc, "FewShotPattern dataclass")}`,
          () => {
            const spec = module.dataclasses.get("FewShotPattern");
            expect(spec?.fields).toEqual(dc?.fields);
            expect(Object.fromEntries([...(spec?.defaults ?? [])])).toEqual(dc?.defaults);
          },
        );

        // Python reads one written module per rendering (seed a): enough to check the writer, and quick.
        if (seed === "a")
          it.skipIf(!hasPython)(
            `seed ${seed}: Python reads the written module to the same values${hasPython ? "" : " (skipped: python3 not found)"}`,
            () => {
              const tmp = path.join(mkdtempSync(path.join(os.tmpdir(), "flan-conf-")), "module.py");
              writeFileSync(tmp, source);
              const run = spawnSync("python3", [REFERENCE, tmp], { encoding: "utf8", maxBuffer: 1 << 28 });
              expect(run.status, run.stderr).toBe(0);
              const names = (JSON.parse(run.stdout) as { names: Record<string, unknown> }).names;
              for (const key of Object.keys(rendering).filter((k) => !k.startsWith("_"))) expect(names[key], key).toEqual(rendering[key]);
            },
          );
      }
    });
  }
});
