/**
 * plan.json: a build's plan (plan-build.ts) with what it was made from, and its own sha256. `shard` and
 * `merge` open the sources again from the plan's invocation and refuse to go on when the resolved config,
 * the sources' options, the tool or an input file they read is not what the plan was made with.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { packageVersion } from "../config/package-root.js";
import { UserError } from "../errors.js";
import type { Sources } from "../sources/registry.js";
import type { Issue } from "../types.js";
import { hashFile, hashText } from "../write/hash.js";
import { type BuildContext, type ContextOptions, loadContext } from "./context.js";
import type { BuildPlan, PlannedTask } from "./plan-build.js";
import type { InputFile } from "./scan.js";
import { configDocument } from "./split-config.js";

const PLAN_FILE = "plan.json";

/** The command line a plan was made with, paths absolute, so shards and the merge open the same sources. */
export interface PlanInvocation {
  config: string;
  seed?: number;
  sources: Record<string, string>;
  options: Record<string, Record<string, unknown>>;
  lock?: string;
}

/** What the outputs depend on besides the input files: shards and the merge must resolve the same. */
interface PlanIdentity {
  tool: { name: "iml-bench"; version: string };
  config: object;
  sources: { name: string; adapter: string; options: object; rule: object; upstream?: string; revision?: string; license?: string }[];
  lock_sha256?: string;
}

export interface PlanDocument extends PlanIdentity {
  plan_version: 1;
  invocation: PlanInvocation;
  shards: number;
  inputs: InputFile[];
  list_issues: Issue[];
  tasks: PlannedTask[];
}

export function invocationOf(options: ContextOptions): PlanInvocation {
  return {
    config: resolve(options.configFile),
    ...(options.seed !== undefined && { seed: options.seed }),
    sources: Object.fromEntries(options.sourceOverrides ?? []),
    options: Object.fromEntries(options.optionOverrides ?? []),
    ...(options.lockFile !== undefined && { lock: resolve(options.lockFile) }),
  };
}

export function planDocument(ctx: BuildContext, plan: BuildPlan, invocation: PlanInvocation): PlanDocument {
  return {
    plan_version: 1,
    ...identityOf(ctx),
    invocation,
    shards: plan.shards,
    inputs: plan.inputs,
    list_issues: plan.listIssues,
    tasks: plan.tasks,
  };
}

export function planOf(doc: PlanDocument): BuildPlan {
  return { shards: doc.shards, tasks: doc.tasks, inputs: doc.inputs, listIssues: doc.list_issues };
}

function identityOf(ctx: BuildContext): PlanIdentity {
  return {
    tool: { name: "iml-bench", version: packageVersion() },
    config: configDocument(ctx.config),
    sources: ctx.sources.map(({ descriptor: d, options, rule }) => ({
      name: d.name,
      adapter: d.adapter,
      options,
      rule,
      ...(d.upstream !== undefined && { upstream: d.upstream }),
      ...(d.revision !== undefined && { revision: d.revision }),
      ...(d.license !== undefined && { license: d.license }),
    })),
    ...(ctx.lockSha256 !== undefined && { lock_sha256: ctx.lockSha256 }),
  };
}

/** The plan's text as written: its document, then its own sha256 (of the document's text). */
export function planText(doc: PlanDocument): { text: string; sha256: string } {
  const body = JSON.stringify(doc, null, 2);
  const sha256 = hashText(body);
  return { text: `${body.slice(0, -2)},\n  "sha256": "${sha256}"\n}\n`, sha256 };
}

export async function writePlan(dir: string, doc: PlanDocument): Promise<string> {
  const { text, sha256 } = planText(doc);
  await writeFile(join(dir, PLAN_FILE), text);
  return sha256;
}

/** plan.json of a plan folder, its hash checked. */
export async function readPlan(dir: string): Promise<{ doc: PlanDocument; sha256: string }> {
  const file = join(dir, PLAN_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UserError(
      "E_PLAN",
      `${file}: no plan there. Make one first: iml-bench plan --config <split config> --shards <N> --out ${dir}`,
    );
  }
  let parsed: PlanDocument & { sha256?: string };
  try {
    parsed = JSON.parse(text) as PlanDocument & { sha256?: string };
  } catch (error) {
    throw new UserError("E_PLAN", `${file}: not JSON (${(error as Error).message}). Make the plan again with iml-bench plan.`);
  }
  const { sha256, ...doc } = parsed;
  if (parsed.plan_version !== 1 || sha256 !== planText(doc).sha256) {
    throw new UserError(
      "E_PLAN",
      `${file}: not a plan as iml-bench plan writes it (its sha256 does not match its content). Make the plan again.`,
    );
  }
  return { doc, sha256 };
}

/**
 * The sources opened again as the plan's command line opened them; refused when what they resolve to is
 * not what the plan was made with (the config, an option, the tool, the lockfile, the taxonomy).
 */
export async function contextOfPlan(doc: PlanDocument, planDir: string, registry?: Sources): Promise<BuildContext> {
  const inv = doc.invocation;
  const ctx = await loadContext({
    configFile: inv.config,
    seed: inv.seed,
    sourceOverrides: new Map(Object.entries(inv.sources)),
    optionOverrides: new Map(Object.entries(inv.options)),
    lockFile: inv.lock,
    ...(registry && { registry }),
  });
  const where = firstDifference(JSON.parse(JSON.stringify(identityOf(ctx))), identityOfDoc(doc), "");
  if (where !== undefined) {
    throw new UserError(
      "E_PLAN",
      `${join(planDir, PLAN_FILE)}: the build's settings changed since the plan was made (they differ at ${where || "/"}; config ${inv.config}). Make a new plan with iml-bench plan, or restore what changed.`,
    );
  }
  const taxonomy = doc.inputs.filter((i) => i.path.startsWith("categories/"));
  await checkInputs(
    taxonomy.map((i) => ({ planned: i, file: join(ctx.taxonomy.dir, i.path.slice("categories/".length)) })),
    planDir,
  );
  return ctx;
}

function identityOfDoc(doc: PlanDocument): PlanIdentity {
  const { tool, config, sources, lock_sha256 } = doc;
  return { tool, config, sources, ...(lock_sha256 !== undefined && { lock_sha256 }) };
}

/** Input files hashed again and compared with the plan's: one changed since the plan refuses the run. */
export async function checkInputs(files: readonly { planned: InputFile; file: string }[], planDir: string): Promise<void> {
  for (const { planned, file } of files) {
    const now = await hashFile(file).catch(() => undefined);
    if (now?.sha256 === planned.sha256) continue;
    const what = now ? `its sha256 is ${now.sha256}, the plan's ${planned.sha256}` : "it cannot be read";
    throw new UserError(
      "E_PLAN",
      `${file} (${planned.path}) changed since the plan in ${planDir} was made: ${what}. Make a new plan with iml-bench plan, or restore the file.`,
    );
  }
}

/** The JSON pointer of the first place two JSON values differ; undefined when they are equal. */
function firstDifference(a: unknown, b: unknown, at: string): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return at;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
