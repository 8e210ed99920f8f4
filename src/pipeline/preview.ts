/**
 * Prompts of one source's tasks as a build renders them, without a split config: every instance with
 * the templates its prompt rule chooses for the given role, each rendered from the build's own stream.
 */
import { rngFor } from "../core/rng.js";
import { type OptionLayer, openSource, promptText, type SourceDefinition, type SourceRoot } from "../sources/index.js";

export interface PreviewOptions {
  source: SourceDefinition;
  root: SourceRoot;
  /** Option layers over the source's defaults. */
  options?: readonly OptionLayer[];
  /** The prompt rule over the source's defaults. */
  prompts?: object;
  /** Only the tasks with these names. @default every task */
  tasks?: readonly string[];
  /** @default 0 */
  seed?: number;
  /** @default "train": one template per instance under the default rule */
  role?: "train" | "eval";
}

export type PreviewRecord =
  | { task: string; instance: string; template: string; prompt: string; completion: string; references: string[]; choices?: string[] }
  | { task: string; instance: string; template: string; skipped: string; detail?: string };

export async function* previewPrompts(options: PreviewOptions): AsyncGenerator<PreviewRecord> {
  const adapter = openSource(options.source, { root: options.root, options: options.options ?? [], prompts: options.prompts ?? {} });
  const seed = options.seed ?? 0;
  for (const ref of await adapter.list()) {
    if (options.tasks && !options.tasks.includes(ref.name)) continue;
    const task = await adapter.load(ref, []);
    for (const instance of task.instances) {
      const { ids, mode } = adapter.chooseTemplates(task, instance, options.role ?? "train", seed);
      for (const template of ids) {
        const rng = rngFor(seed, "render", task.id, instance.id, template);
        const r = adapter.render(task, instance, template, rng, { demoPool: task.instances });
        const at = { task: task.id, instance: instance.id, template };
        if (!r.ok) {
          yield { ...at, skipped: r.reason, ...(r.detail === undefined ? {} : { detail: r.detail }) };
          continue;
        }
        yield {
          ...at,
          prompt: promptText(r.parts),
          completion: r.completion,
          references: r.references,
          ...(r.choices && { choices: r.choices }),
        };
        if (mode === "first") break;
      }
    }
  }
}
