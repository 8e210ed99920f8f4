/** Task names a config lists must exist: a typo would silently hold out (or include) nothing. */

import { closestNames } from "../core/closest-names.js";
import { UserError } from "../errors.js";
import type { BuildContext } from "./context.js";
import type { ScannedTask } from "./scan.js";

export function checkTaskNames(ctx: BuildContext, tasks: readonly ScannedTask[]): void {
  const { config } = ctx;
  const known = new Set(tasks.flatMap((t) => [t.id, t.name]));
  const ids = tasks.map((t) => t.id);
  const lists: [string, readonly string[] | null | undefined][] = [
    ["/heldout/tasks/list", config.heldout.tasks.list],
    ["/heldout/instances/tasks", config.heldout.instances.tasks],
    ["/include", config.include],
    ["/exclude", config.exclude],
  ];
  const problems: string[] = [];
  for (const [pointer, names] of lists) {
    (names ?? []).forEach((name, i) => {
      if (known.has(name)) return;
      const hint = closestNames(name, ids);
      problems.push(
        `${ctx.configFile}#${pointer}/${i}: no task "${name}" in the sources read${hint.length ? `. Did you mean ${hint.map((h) => `"${h}"`).join(" or ")}?` : "."}`,
      );
    });
  }
  if (problems.length > 0) throw new UserError("E_CONFIG", problems.join("\n"));
}
