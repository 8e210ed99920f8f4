/**
 * A test-only source, the recipe for adding a source in miniature: one task per `tasks/<name>.txt`,
 * `# key: value` header lines (category, dataset, instruction), then one `<input> => <output>` instance
 * per line. It is registered only in tests (`[...SOURCES, lines]`), with its descriptor, category map and
 * sample corpus under test/fixtures/lines/.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { posixRelative } from "../../../src/core/paths.js";
import { AdapterError } from "../../../src/errors.js";
import type { Rendered, SourceAdapter, SourceDefinition, SourceRoot } from "../../../src/sources/contract.js";
import {
  chooseByRule,
  evalRulesOf,
  TEMPLATE_RULE_DEFAULTS,
  TEMPLATE_RULE_SCHEMA,
  type TemplateRule,
  unknownTemplate,
} from "../../../src/sources/template-rule.js";
import type { Instance, Task, TaskRef } from "../../../src/types.js";

const NAME = "lines";

interface LinesOptions {
  /** What separates an input from its output on a line. */
  separator: string;
}

const TEMPLATES = {
  question: (instruction: string, input: string) => `${instruction}\n\nQ: ${input}\nA:`,
  arrow: (_instruction: string, input: string) => `${input} ->`,
} as const;

async function load(root: SourceRoot, options: LinesOptions, ref: TaskRef): Promise<Task> {
  const file = ref.files[0] as string;
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new AdapterError(NAME, file, `cannot read the task file (${error.code}).`);
  });
  const header: Record<string, string> = {};
  const instances: Instance[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const meta = /^# (\w+): (.*)$/.exec(line);
    if (meta) header[meta[1] as string] = meta[2] as string;
    else {
      const at = line.indexOf(options.separator);
      if (at < 0) throw new AdapterError(NAME, file, `line ${i + 1}: expected "<input>${options.separator}<output>".`);
      instances.push({ id: `${ref.name}-${i + 1}`, input: line.slice(0, at), outputs: [line.slice(at + options.separator.length)] });
    }
  });
  return {
    id: `${NAME}/${ref.name}`,
    source: NAME,
    name: ref.name,
    dataset: header.dataset ?? ref.name,
    category: "",
    sourceCategories: header.category ? [header.category] : [],
    languages: { input: ["English"], output: ["English"], instruction: ["English"] },
    domains: [],
    instruction: header.instruction ?? "",
    demonstrations: { positive: [], negative: [] },
    license: root.license === undefined ? [] : [root.license],
    provenance: { file: posixRelative(root.path, file) },
    templates: Object.keys(TEMPLATES).map((id) => ({ id, name: id, originalTask: true })),
    instances,
  };
}

function open(root: SourceRoot, options: LinesOptions, rule: TemplateRule): SourceAdapter {
  const dir = path.join(root.path, "tasks");
  return {
    name: NAME,
    list: async () => {
      const files = (await readdir(dir)).filter((f) => f.endsWith(".txt")).sort();
      return files.map((f) => ({ name: f.slice(0, -".txt".length), files: [path.join(dir, f)] }));
    },
    load: (ref) => load(root, options, ref),
    chooseTemplates: (task, instance, role, seed) => chooseByRule(task, instance, role, rule, seed),
    render(task, instance, templateId): Rendered {
      const template = TEMPLATES[templateId as keyof typeof TEMPLATES];
      if (!template) throw unknownTemplate(NAME, task, templateId);
      const output = instance.outputs[0];
      if (output === undefined || output.trim() === "") return { ok: false, reason: "empty_target" };
      const input = template(task.instruction ?? "", instance.input);
      return { ok: true, parts: { instruction: "", lead: "", input }, completion: ` ${output}`, references: [output] };
    },
    evalRules: evalRulesOf(rule),
  };
}

export const lines: SourceDefinition<LinesOptions, TemplateRule> = {
  name: NAME,
  upstream: "iml-bench test fixture",
  options: {
    schema: { type: "object", additionalProperties: false, properties: { separator: { type: "string", minLength: 1 } } },
    defaults: { separator: " => " },
  },
  prompts: { schema: TEMPLATE_RULE_SCHEMA, defaults: TEMPLATE_RULE_DEFAULTS },
  placement: "instance_level",
  exampleRoot: "/data/lines",
  open,
};
