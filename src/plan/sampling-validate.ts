/** Checks of a sampling spec against the build's tasks: every problem collected, then one error. */

import { byCodeUnit } from "../core/py-str.js";
import { UserError } from "../errors.js";
import type { SamplingSpec, SamplingTask } from "./sampling-spec.js";

/** Collects every problem with the spec (against the build's tasks), then fails once, listing them all. */
export function assertValid(tasks: readonly SamplingTask[], spec: SamplingSpec): void {
  const issues: string[] = [];
  const positiveInt = (v: number | undefined, what: string): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) issues.push(`${what} must be an integer >= 1, got ${v}`);
  };
  if (spec.strategy === "uniform" && spec.per_task === undefined) issues.push("strategy uniform needs per_task (examples per task)");
  if (
    spec.strategy === "temperature" &&
    !(typeof spec.temperature === "number" && spec.temperature > 0 && Number.isFinite(spec.temperature))
  ) {
    issues.push(`strategy temperature needs temperature > 0, got ${String(spec.temperature)}`);
  }
  positiveInt(spec.per_task, "per_task");
  positiveInt(spec.cap, "cap");
  if (spec.total !== undefined && (!Number.isInteger(spec.total) || spec.total < 0))
    issues.push(`total must be an integer >= 0, got ${spec.total}`);
  for (const [name, p] of Object.entries(spec.proportions ?? {}))
    if (!(p >= 0 && Number.isFinite(p))) issues.push(`proportions.${name} must be a number >= 0, got ${p}`);
  issues.push(...extraIssues(spec));
  if (spec.proportions) {
    const extraCategories = new Set((spec.extra ?? []).map((e) => e.category));
    const unnamed = [...new Set(tasks.filter((t) => t.available > 0 && !extraCategories.has(t.category)).map((t) => t.source))].filter(
      (g) => !(g in (spec.proportions ?? {})),
    );
    if (unnamed.length > 0) {
      issues.push(
        `proportions name no share for source(s) ${unnamed.sort(byCodeUnit).join(", ")} present in this build; named: ${Object.keys(spec.proportions).sort(byCodeUnit).join(", ") || "none"}. Add them (0 leaves a source out)`,
      );
    }
  }
  const ids = tasks.map((t) => t.id);
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length > 0) issues.push(`duplicate task id(s): ${[...new Set(dup)].join(", ")}`);
  const badSize = tasks.filter((t) => !Number.isInteger(t.available) || t.available < 0);
  if (badSize.length > 0) issues.push(`task sizes must be integers >= 0: ${badSize.map((t) => `${t.id}=${t.available}`).join(", ")}`);
  if (issues.length > 0) throw new UserError("E_CONFIG", `sampling: ${issues.join("; ")}`);
}

function extraIssues(spec: SamplingSpec): string[] {
  const issues: string[] = [];
  const extras = spec.extra ?? [];
  for (const e of extras)
    if (!(e.share > 0 && e.share < 1)) issues.push(`extra ${e.name}: share must be a fraction 0 < share < 1 (0.01 = 1%), got ${e.share}`);
  const sum = extras.reduce((s, e) => s + e.share, 0);
  if (sum >= 1) issues.push(`extra shares add up to ${sum}; they must leave room for the sources (< 1)`);
  const twice = (xs: string[]): string[] => [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))];
  for (const n of twice(extras.map((e) => e.name))) issues.push(`extra name ${n} is used twice`);
  for (const c of twice(extras.map((e) => e.category))) issues.push(`extra category ${c} is claimed twice`);
  for (const e of extras)
    if (spec.proportions && e.name in spec.proportions)
      issues.push(`extra name ${e.name} is also a source in proportions; pick another name`);
  return issues;
}
