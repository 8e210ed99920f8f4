/**
 * Validation without building: configs against their schemas, every task of every source loaded and
 * checked against the task schema, every task mapped to a category. Every problem is collected;
 * nothing stops at the first.
 */

import { schemaIssues } from "../config/schemas.js";
import { formatIssue, isUserError, SchemaError } from "../errors.js";
import type { Issue, TaskRef } from "../types.js";
import { type BuildContext, type ContextOptions, loadContext } from "./context.js";
import { Coverage } from "./coverage.js";
import { loadTask } from "./scan.js";
import { readTaskLists } from "./task-lists.js";
import { checkTaskNames } from "./task-names.js";

export interface ValidationReport {
  tasks: number;
  problems: string[];
  /** Non-fatal notes from adapters (normalizations, replaced NaN...). */
  notes: string[];
  /** Per source: tasks with a category, dataset ids named in categories/datasets.yaml, tasks without instances. */
  coverage: string[];
}

export async function validate(options: ContextOptions): Promise<ValidationReport> {
  const report: ValidationReport = { tasks: 0, problems: [], notes: [], coverage: [] };
  let ctx: BuildContext;
  try {
    ctx = await loadContext(options);
    await readTaskLists(ctx);
  } catch (error) {
    report.problems.push(...describe(error));
    return report;
  }
  const scanned: { id: string; name: string }[] = [];
  const coverage = new Coverage(ctx.taxonomy);
  for (const source of ctx.sources) {
    let refs: TaskRef[];
    try {
      refs = await source.adapter.list();
    } catch (error) {
      report.problems.push(...describe(error));
      continue;
    }
    for (const ref of refs) {
      const issues: Issue[] = [];
      try {
        const { task, identity } = await loadTask(ctx, source, ref, issues);
        report.tasks++;
        scanned.push({ id: task.id, name: task.name });
        for (const issue of schemaIssues("task", task, ref.files[0] ?? ref.name, ctx.registry)) report.problems.push(formatIssue(issue));
        if (identity.unmapped) report.problems.push(unmappedMessage(task, identity.unmapped.suggestions));
        coverage.add(source.descriptor.name, source.descriptor.path, task, identity.unmapped !== undefined, issues);
      } catch (error) {
        report.problems.push(...describe(error));
      }
      report.notes.push(...issues.map((i) => formatIssue({ file: i.file, pointer: i.pointer ?? "", message: i.message })));
    }
  }
  report.coverage = coverage.lines();
  try {
    checkTaskNames(ctx, scanned as never);
  } catch (error) {
    report.problems.push(...describe(error));
  }
  return report;
}

function unmappedMessage(task: { id: string; source: string; sourceCategories: string[] }, suggestions: readonly string[]): string {
  const labels = task.sourceCategories.length ? task.sourceCategories.map((l) => `"${l}"`).join(", ") : "no labels";
  const hint = suggestions.length ? `; closest categories: ${suggestions.map((s) => `"${s}"`).join(", ")}` : "";
  return `${task.id}: no canonical category for ${labels}. Map a label in categories/maps/${task.source}.yaml${hint}.`;
}

function describe(error: unknown): string[] {
  if (error instanceof SchemaError) return error.issues.map(formatIssue);
  if (isUserError(error)) return error.message.split("\n");
  throw error;
}
