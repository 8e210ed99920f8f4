import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { parseTemplatesYaml, readTemplatesFile } from "../../../src/sources/promptsource/templates-file.js";

const SHARED = path.resolve(import.meta.dirname, "../../../../shared/sources-sample/promptsource/templates");
const HAS_PYTHON = spawnSync("python3", ["-c", "import jinja2, yaml"]).status === 0;

const MINIMAL = `dataset: super_glue
subset: rte
templates:
  b: !Template
    answer_choices: Yes ||| No
    id: b
    jinja: '{{premise}} ||| {{ answer_choices[label] }}'
    metadata: !TemplateMetadata
      choices_in_prompt: true
      languages:
      - en
      metrics:
      - Accuracy
      original_task: true
    name: second
    reference: me
  a: !Template
    answer_choices: null
    id: a
    jinja: 'x ||| y'
    metadata: !TemplateMetadata
      choices_in_prompt: null
      languages: [en]
      metrics: [Other]
      original_task: false
      task_template: true
    name: first
    reference: ''
`;

describe("parseTemplatesYaml", () => {
  it("keeps every field and sorts templates by id", () => {
    const parsed = parseTemplatesYaml(MINIMAL, "rte/templates.yaml");
    expect(parsed.dataset).toBe("super_glue");
    expect(parsed.subset).toBe("rte");
    expect(parsed.templates.map((t) => t.id)).toEqual(["a", "b"]);
    expect(parsed.templates[1]).toEqual({
      id: "b",
      name: "second",
      jinja: "{{premise}} ||| {{ answer_choices[label] }}",
      answerChoices: "Yes ||| No",
      reference: "me",
      metadata: { originalTask: true, choicesInPrompt: true, metrics: ["Accuracy"], languages: ["en"], extra: {} },
    });
    expect(parsed.templates[0]?.metadata).toEqual({
      originalTask: false,
      choicesInPrompt: null,
      metrics: ["Other"],
      languages: ["en"],
      extra: { task_template: true },
    });
  });

  it("names the file and the unknown tag", () => {
    expect(() => parseTemplatesYaml("dataset: x\ntemplates:\n  a: !Foo\n    jinja: y\n", "x/templates.yaml")).toThrow(
      "[adapter:promptsource] x/templates.yaml: unknown tag !Foo; expected !Template or !TemplateMetadata",
    );
  });

  it("names the template whose jinja is missing", () => {
    expect(() => parseTemplatesYaml("dataset: x\ntemplates:\n  t1: !Template\n    name: n\n", "f.yaml")).toThrow(
      "[adapter:promptsource] f.yaml#/templates/t1: template t1: `jinja` must be a string",
    );
  });

  it("rejects a file without dataset", () => {
    expect(() => parseTemplatesYaml("templates: {}\n", "f.yaml")).toThrow("missing `dataset`");
  });

  it("reads YAML 1.1 booleans as PyYAML does", () => {
    const parsed = parseTemplatesYaml(
      "dataset: x\ntemplates:\n  a: !Template\n    jinja: j\n    metadata: !TemplateMetadata\n      original_task: yes\n",
      "f.yaml",
    );
    expect(parsed.templates[0]?.metadata.originalTask).toBe(true);
  });
});

if (!existsSync(SHARED)) console.warn(`skipping PyYAML conformance: ${SHARED} is absent`);
if (!HAS_PYTHON) console.warn("skipping PyYAML conformance: python3 with jinja2 and yaml is not available");

describe.skipIf(!existsSync(SHARED) || !HAS_PYTHON)("templates.yaml conformance with PyYAML", () => {
  it("reads every shared templates.yaml exactly as PyYAML does", async () => {
    const files = (await fg("**/templates.yaml", { cwd: SHARED, absolute: true })).sort();
    const ours: Record<string, unknown> = {};
    for (const file of files) {
      for (const t of (await readTemplatesFile(file)).templates) {
        ours[t.id] = [
          t.jinja,
          t.answerChoices,
          t.name,
          t.reference,
          t.metadata.originalTask,
          t.metadata.choicesInPrompt,
          t.metadata.metrics,
          t.metadata.languages,
        ];
      }
    }
    const script = `
import yaml, glob, json, sys
class L(yaml.SafeLoader): pass
for tag in ("!Template", "!TemplateMetadata"):
    L.add_constructor(tag, lambda l, n: l.construct_mapping(n, deep=True))
out = {}
for f in glob.glob(sys.argv[1] + "/**/templates.yaml", recursive=True):
    for t in yaml.load(open(f, encoding="utf-8"), Loader=L)["templates"].values():
        m = t.get("metadata") or {}
        out[t["id"]] = [t["jinja"], t.get("answer_choices"), t["name"], t.get("reference", ""), m.get("original_task"), m.get("choices_in_prompt"), m.get("metrics") or [], m.get("languages") or []]
print(json.dumps(out))`;
    const py = spawnSync("python3", ["-c", script, SHARED], { encoding: "utf8", maxBuffer: 64 << 20 });
    expect(py.status, py.stderr).toBe(0);
    const theirs = JSON.parse(py.stdout) as Record<string, unknown>;
    expect(Object.keys(ours).length).toBeGreaterThan(200);
    expect(ours).toEqual(theirs);
  });
});
