/** Loading and running the differential cases (cases.json) through the TypeScript engine. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { rngFor } from "../../../src/core/rng.js";
import { compileTemplate, JinjaError } from "../../../src/lib/jinja/index.js";
import { PROMPTSOURCE_ENVIRONMENT } from "../../../src/sources/promptsource/jinja-environment.js";

const HERE = dirname(fileURLToPath(import.meta.url));
export const CASES_FILE = join(HERE, "cases.json");
const GOLDEN_FILE = join(HERE, "cases.golden.json");
export const REFERENCE_SCRIPT = join(HERE, "reference.py");

export interface Case {
  template: string;
  context: Record<string, unknown>;
  /** "jinja2": Jinja2's default environment; absent: PromptSource's (its filters and zip). */
  environment?: "jinja2";
  /** For `choice`/`random`: the outputs that are acceptable (Python's draw is unseeded). */
  oneOf?: string[];
}
export type Outcome = { output: string } | { error: string };

export function loadCases(): Case[] {
  const spec = JSON.parse(readFileSync(CASES_FILE, "utf8")) as {
    contexts: Record<string, Record<string, unknown>>;
    cases: { template: string; context: string | Record<string, unknown>; environment?: "jinja2"; oneOf?: string[] }[];
  };
  return spec.cases.map((c) => ({
    ...c,
    context: typeof c.context === "string" ? structuredClone(spec.contexts[c.context] ?? {}) : c.context,
  }));
}

export function loadGolden(): Outcome[] {
  return JSON.parse(readFileSync(GOLDEN_FILE, "utf8")) as Outcome[];
}

function renderTs(c: Case, seed = 1): Outcome {
  try {
    const template = c.environment === "jinja2" ? compileTemplate(c.template) : PROMPTSOURCE_ENVIRONMENT.compile(c.template);
    return { output: template.render(c.context, { rng: rngFor(seed, "jinja-test") }) };
  } catch (err) {
    if (err instanceof JinjaError) return { error: err.pythonClass };
    return { error: `JS:${String(err)}` };
  }
}

/** The mismatches between our engine and the expected outcomes, as readable strings. */
export function mismatches(cases: Case[], expected: Outcome[]): string[] {
  const out: string[] = [];
  cases.forEach((c, i) => {
    const want = expected[i];
    const got = renderTs(c);
    if (c.oneOf) {
      const ok = "output" in got && c.oneOf.includes(got.output) && JSON.stringify(renderTs(c)) === JSON.stringify(got);
      if (!ok) out.push(`#${i} ${JSON.stringify(c.template)}: got ${JSON.stringify(got)}, want one of ${c.oneOf.length}`);
      return;
    }
    if (JSON.stringify(got) !== JSON.stringify(want))
      out.push(`#${i} ${JSON.stringify(c.template)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  });
  return out;
}
