/**
 * Opt-in suites over real upstream checkouts: the checkout named by an environment variable, else the
 * trimmed real files in ../shared/sources-sample/<source>, else nothing (the suite skips, saying why).
 * Checkouts are read in place, never copied into the repository.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ValidationReport, validate } from "../../src/pipeline/validate.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RealCheckout {
  /** The checkout's root. */
  root: string;
  /** Where it came from, for test titles: the variable, or the shared sample. */
  label: string;
}

/** The checkout `variable` names, else ../shared/sources-sample/<shared>, else undefined with a warning. */
export function realCheckout(variable: string, shared: string): RealCheckout | undefined {
  const named = process.env[variable];
  if (named !== undefined && named !== "") {
    if (!existsSync(named)) throw new Error(`${variable}=${named}: no such folder`);
    return { root: path.resolve(named), label: `${variable}=${named}` };
  }
  const sample = path.resolve(ROOT, "../shared/sources-sample", shared);
  if (existsSync(sample)) return { root: sample, label: `../shared/sources-sample/${shared}` };
  console.warn(`[${shared} real] neither ${variable} nor ${sample} exists: the suite over a real checkout is skipped.`);
  return undefined;
}

/** `validate` of a config reading only `source`, at `root`, with `options` on the command line. */
export async function validateCheckout(source: string, root: string, options: Record<string, unknown> = {}): Promise<ValidationReport> {
  const dir = await mkdtemp(path.join(tmpdir(), `iml-real-${source}-`));
  try {
    const configFile = path.join(dir, "config.yaml");
    await writeFile(configFile, `version: 1\nname: real-${source}\ncategories: ${path.join(ROOT, "categories")}\nsources: [${source}]\n`);
    return await validate({ configFile, sourceOverrides: new Map([[source, root]]), optionOverrides: new Map([[source, options]]) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
