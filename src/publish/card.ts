/**
 * The dataset card (README.md) of a build: YAML front matter the Hub and `datasets` read (configs, features,
 * license, language...) and a body saying what the benchmark is, how it was built, what it holds and whom to
 * cite. A pure function of the manifest, the audit report and the sources' definitions, so a rebuild writes
 * the same bytes. Nothing here names a source: titles, citations, licenses and upstreams come from them.
 */
import { stringify } from "yaml";
import type { AuditFile } from "../audit/index.js";
import { byCodeUnit } from "../core/py-str.js";
import { bySplit, type Figure, type Table as FigureTable } from "../report/index.js";
import type { ManifestOutput, ManifestTask } from "../types.js";
import { hubFeatures, RECORD_FIELDS } from "./fields.js";
import { type HubConfig, hubConfigs } from "./hub-configs.js";
import { languageCode } from "./languages.js";
import { hubLicenseId, licenseMetadata } from "./licenses.js";

type Counts = Record<string, number>;

/** What the card reads of a build manifest (schema/manifest.schema.json). */
export interface CardManifest {
  tool: { version: string };
  config: object;
  seed: number;
  sources: readonly { name: string; upstream?: string; revision?: string; license?: string }[];
  tasks: readonly ManifestTask[];
  counts: { records: number; by_split: Counts; by_source: Record<string, Counts>; by_category: Record<string, Counts> };
  drops: { tasks: Counts; instances: Counts; prompts: Counts };
  outputs: readonly ManifestOutput[];
}

/** What the card says of a source beyond the manifest: its definition's title and citation. */
export interface CardSource {
  name: string;
  about?: { title: string; citation: string };
}

export interface CardInput {
  manifest: CardManifest;
  sources: readonly CardSource[];
  /** audit.json, when the build audited. */
  audit?: AuditFile;
  /** The figures the card shows, written as `figures/<id>.svg` beside it (src/report cardFigures). */
  figures?: readonly Figure[];
}

/** The method iml-bench reproduces; cited by every card. */
const OPT_IML_CITATION = `@article{iyer2022optiml,
  title = {{OPT-IML}: Scaling Language Model Instruction Meta Learning through the Lens of Generalization},
  author = {Iyer, Srinivasan and Lin, Xi Victoria and Pasunuru, Ramakanth and Mihaylov, Todor and Simig, Daniel and Yu, Ping and Shuster, Kurt and Wang, Tianlu and Liu, Qing and Koura, Punit Singh and others},
  journal = {arXiv preprint arXiv:2212.12017},
  year = {2022}
}`;

const LEVEL_TEXT: Readonly<Record<string, string>> = {
  train: "training records, in a seeded shuffled order",
  heldout_category: "tasks of held-out categories: no task of these categories is trained on",
  heldout_task: "held-out tasks of the categories that are trained on",
  heldout_instance: "held-out instances of training tasks",
};

export function datasetCard(input: CardInput): string {
  const { manifest } = input;
  const figures = input.figures ?? [];
  const configs = hubConfigs(manifest.outputs);
  const config = manifest.config as { name?: string; description?: string };
  const name = config.name ?? "benchmark";
  const front = {
    pretty_name: `iml-bench ${name}`,
    ...licenseMetadata(licenseTexts(manifest)),
    ...(languages(manifest).codes.length > 0 && { language: languages(manifest).codes }),
    task_categories: ["text-generation"],
    tags: ["instruction-tuning", "iml-bench", "opt-iml"],
    size_categories: [sizeCategory(manifest.counts.records)],
    source_datasets: manifest.sources.map((s) => s.upstream ?? s.name),
    configs: configs.map(hubConfigEntry),
    dataset_info: configs.map((c) => ({
      config_name: c.name,
      features: hubFeatures(),
      splits: c.splits.map((s) => ({ name: s.name, num_examples: s.records })),
    })),
  };
  // YAML 1.1, as PyYAML reads it: strings such as "yes" or "on" are quoted.
  const yaml = stringify(front, { version: "1.1", lineWidth: 0 });
  const body = [
    `# iml-bench ${name}`,
    ...(config.description ? [config.description] : []),
    what(manifest),
    loading(configs, name),
    splitsSection(configs),
    fieldsSection(),
    countsSection(manifest, figures),
    heldOutSection(manifest, figures),
    ...figureSections(figures),
    auditSection(input.audit, manifest),
    buildSection(manifest),
    sourcesSection(input),
  ];
  return `---\n${yaml}---\n\n${body.join("\n\n")}\n`;
}

function hubConfigEntry(c: HubConfig): object {
  return {
    config_name: c.name,
    ...(c.default && { default: true }),
    data_files: c.splits.map((s) => ({ split: s.name, path: s.path })),
  };
}

/** Every license text of the build: each source's descriptor license, each written task's. */
function licenseTexts(manifest: CardManifest): string[] {
  const written = manifest.tasks.filter((t) => t.assignment !== "dropped");
  const texts = [...manifest.sources.map((s) => s.license ?? "unknown"), ...written.flatMap((t) => t.license ?? [])];
  return texts.length > 0 ? texts : ["unknown"];
}

function languages(manifest: CardManifest): { codes: string[]; unknown: string[] } {
  const names = new Set(manifest.tasks.filter((t) => t.assignment !== "dropped").flatMap((t) => t.languages ?? []));
  const codes = new Set<string>();
  const unknown: string[] = [];
  for (const n of names) {
    const code = languageCode(n);
    if (code) codes.add(code);
    else unknown.push(n);
  }
  return { codes: [...codes].sort(byCodeUnit), unknown: unknown.sort(byCodeUnit) };
}

/** The Hub's size bucket of a record count. */
function sizeCategory(n: number): string {
  const buckets: [number, string][] = [
    [1e3, "n<1K"],
    [1e4, "1K<n<10K"],
    [1e5, "10K<n<100K"],
    [1e6, "100K<n<1M"],
    [1e7, "1M<n<10M"],
    [1e8, "10M<n<100M"],
    [1e9, "100M<n<1B"],
  ];
  return buckets.find(([limit]) => n < limit)?.[1] ?? "n>1B";
}

function what(manifest: CardManifest): string {
  const sources = manifest.sources.map((s) => `\`${s.name}\``).join(", ");
  const written = manifest.tasks.filter((t) => t.assignment !== "dropped").length;
  return [
    `An instruction-tuning benchmark built the way OPT-IML Bench was built (Iyer et al., 2022): tasks of ${sources}`,
    `read in their native formats, each given one canonical category and the id of its underlying dataset, split into`,
    `training and three levels of held-out evaluation (held-out categories, held-out tasks, held-out instances)`,
    `without letting a dataset sit on both sides. ${manifest.counts.records} records from ${written} tasks.`,
    `Built by iml-bench ${manifest.tool.version}; \`manifest.json\` beside this card holds everything needed to`,
    "rebuild the same bytes.",
  ].join(" ");
}

function loading(configs: readonly HubConfig[], name: string): string {
  const levels = configs.filter((c) => c.level !== "train" && c.variant === undefined);
  const lines = [
    "## How to load",
    "",
    "```python",
    "from datasets import load_dataset",
    "",
    `train = load_dataset("path/to/${name}")["train"]  # the default config: the training records`,
    ...levels.map((c) => `${c.name} = load_dataset("path/to/${name}", "${c.name}")  # one split per task`),
    "```",
    "",
    "Replace `path/to/...` by this folder or the Hub repository it is uploaded to. Each held-out level is a",
    "config whose splits are its tasks (one file each); with demonstrations, each level also has one config per",
    "shot variant (`<level>_<k>shot`). `iml-bench export` turns the folder into what TRL, axolotl, LLaMA-Factory or",
    "the OpenAI fine-tuning API read.",
  ];
  return lines.join("\n");
}

function splitsSection(configs: readonly HubConfig[]): string {
  const rows = configs.flatMap((c) => c.splits.map((s) => [code(c.name), code(s.name), code(s.path), String(s.records)]));
  const levels = configs
    .filter((c) => c.variant === undefined)
    .map((c) => `- \`${c.name}\`: ${LEVEL_TEXT[c.level] ?? c.level} (${c.splits.length} split(s))`);
  return ["## Configs and splits", "", ...levels, "", table(["config", "split", "file", "records"], rows)].join("\n");
}

function fieldsSection(): string {
  const rows = RECORD_FIELDS.map((f) => [
    code(f.name),
    f.kind === "string" ? "string" : f.kind === "strings" ? "list of strings" : "list of [int, int, int, int]",
    f.optional ? "yes" : "no",
    f.description,
  ]);
  return ["## Record fields", "", table(["field", "type", "nullable", "meaning"], rows)].join("\n");
}

function countsSection(manifest: CardManifest, figures: readonly Figure[]): string {
  const splits = Object.keys(manifest.counts.by_split).sort(bySplit);
  const split = (c: Counts): string[] => splits.map((s) => String(c[s] ?? 0));
  const total = (c: Counts): string => String(Object.values(c).reduce((a, b) => a + b, 0));
  const byKey = (m: Record<string, Counts>): string[][] =>
    Object.keys(m)
      .sort(byCodeUnit)
      .map((k) => [cell(k), ...split(m[k] as Counts), total(m[k] as Counts)]);
  return [
    "## Counts",
    "",
    "Records per split:",
    "",
    table(
      ["split", "records"],
      [...splits.map((s) => [code(s), String(manifest.counts.by_split[s])]), ["**total**", String(manifest.counts.records)]],
    ),
    "",
    "Per source:",
    "",
    table(["source", ...splits, "total"], byKey(manifest.counts.by_source)),
    ...figureImage(figures, "records-by-source"),
    "",
    "Per category:",
    "",
    table(["category", ...splits, "total"], byKey(manifest.counts.by_category)),
    ...figureImage(figures, "records-by-category"),
    "",
    "Tasks not written, by reason:",
    "",
    countsTable("reason", manifest.drops.tasks),
  ].join("\n");
}

function heldOutSection(manifest: CardManifest, figures: readonly Figure[]): string {
  const heldout = (manifest.config as { heldout?: { categories?: string[]; instances?: { fraction?: number; count?: number } } }).heldout;
  const tasksOf = (level: string): string[] => manifest.tasks.filter((t) => t.assignment === level).map((t) => code(t.task));
  const categories = heldout?.categories ?? [];
  const instances = heldout?.instances;
  const lines = ["## Held-out evaluation", ""];
  lines.push(`- Held-out categories: ${categories.length ? categories.map(cell).join(", ") : "none"}.`);
  lines.push(`  Their tasks (${tasksOf("heldout_category").length}): ${tasksOf("heldout_category").join(", ") || "none"}.`);
  lines.push(`- Held-out tasks (${tasksOf("heldout_task").length}): ${tasksOf("heldout_task").join(", ") || "none"}.`);
  const share = instances?.count !== undefined ? `${instances.count} instance(s)` : `${(instances?.fraction ?? 0) * 100}% of the instances`;
  lines.push(`- Held-out instances: ${share} of each training task it applies to, never trained on.`);
  const structure = figures.find((f) => f.id === "heldout-structure");
  if (structure) lines.push(...figureImage(figures, structure.id), "", figureTable(structure.tables[0]));
  return lines.join("\n");
}

function auditSection(audit: AuditFile | undefined, manifest: CardManifest): string {
  if (!audit) return "## Contamination audit\n\nThe build ran no n-gram audit (`audit.enabled: false`).";
  const lines = [
    "## Contamination audit",
    "",
    `Every evaluation task was compared with every training task on ${audit.n}-grams of prompt and completion; a pair`,
    `is flagged when more than ${audit.threshold * 100}% of the evaluation task's examples share an n-gram with the training task.`,
    `${audit.evalTasks} evaluation task(s), ${audit.evalExamples} example(s), ${audit.trainTasks} training task(s): ${audit.pairs.length} flagged pair(s).`,
    `Policy \`${audit.policy}\`: ${audit.dropped.train.length} training and ${audit.dropped.eval.length} evaluation task(s) removed` +
      ` (${manifest.drops.prompts.ngram_overlap ?? 0} records). Details in \`audit.json\`.`,
  ];
  if (audit.pairs.length > 0) {
    const top = audit.pairs
      .toSorted((a, b) => b.fraction - a.fraction || byCodeUnit(a.train, b.train) || byCodeUnit(a.eval, b.eval))
      .slice(0, 10);
    lines.push(
      "",
      table(
        ["training task", "evaluation task", "overlapping examples"],
        top.map((p) => [code(p.train), code(p.eval), `${p.overlapping}/${p.evalExamples}`]),
      ),
    );
  }
  return lines.join("\n");
}

function buildSection(manifest: CardManifest): string {
  return [
    "## How it was built",
    "",
    `iml-bench ${manifest.tool.version}, seed ${manifest.seed}, with this split config (every default filled in;`,
    "`manifest.json` also lists every input file with its sha256, every task's assignment and every output's hash):",
    "",
    "```yaml",
    stringify(manifest.config, { lineWidth: 0, blockQuote: false }).trimEnd(),
    "```",
    "",
    "To rebuild: check out that iml-bench version, put the sources in place (checked against `manifest.inputs`),",
    "save `manifest.config` as a file and run `iml-bench build --config <file> --out <dir>` (with `--format parquet`",
    "when the records are Parquet files). Equal `outputs` hashes in the two manifests mean equal bytes.",
  ].join("\n");
}

function sourcesSection(input: CardInput): string {
  const { manifest } = input;
  const written = manifest.tasks.filter((t) => t.assignment !== "dropped");
  const sources = manifest.sources.map((s) => {
    const about = input.sources.find((d) => d.name === s.name)?.about;
    const tasks = written.filter((t) => t.source === s.name).length;
    return [code(s.name), cell(about?.title ?? s.name), s.upstream ?? "", s.revision ?? "", cell(s.license ?? "not stated"), String(tasks)];
  });
  const taskLicenses: Counts = {};
  for (const t of written) {
    const own = manifest.sources.find((s) => s.name === t.source)?.license;
    for (const l of t.license ?? []) if (l !== own) taskLicenses[`${t.source}: ${l}`] = (taskLicenses[`${t.source}: ${l}`] ?? 0) + 1;
  }
  const langs = languages(manifest);
  const lines = [
    "## Sources, licenses and citations",
    "",
    table(["source", "title", "upstream", "revision", "license", "tasks"], sources),
    "",
    "### Licenses",
    "",
    "Each record keeps the license of the task it comes from. The sources' licenses are above; licenses the",
    "tasks declare themselves, with how many written tasks declare each (Hub id in brackets when it has one):",
    "",
    table(
      ["source: license", "tasks"],
      Object.keys(taskLicenses)
        .sort(byCodeUnit)
        .map((k) => {
          const id = hubLicenseId(k.slice(k.indexOf(": ") + 2));
          return [cell(k) + (id ? ` (\`${id}\`)` : ""), String(taskLicenses[k])];
        }),
    ),
    ...(langs.unknown.length > 0 ? ["", `Languages without a Hub code: ${langs.unknown.map(cell).join(", ")}.`] : []),
    "",
    "### Citations",
    "",
    "Cite the sources the records come from, and OPT-IML, whose benchmark construction this follows:",
    "",
    "```bibtex",
    ...manifest.sources.flatMap((s) => {
      const about = input.sources.find((d) => d.name === s.name)?.about;
      return about ? [about.citation, ""] : [`% ${s.name}: no citation given (${s.upstream ?? "no upstream"})`, ""];
    }),
    OPT_IML_CITATION,
    "```",
  ];
  return lines.join("\n");
}

function countsTable(title: string, counts: Counts): string {
  const keys = Object.keys(counts).sort(byCodeUnit);
  return keys.length
    ? table(
        [title, "count"],
        keys.map((k) => [code(k), String(counts[k])]),
      )
    : "none";
}

/** The figure's image, written beside the card as figures/<id>.svg (nothing when the card has no such figure). */
function figureImage(figures: readonly Figure[], id: string): string[] {
  const figure = figures.find((f) => f.id === id);
  return figure ? ["", `![${cell(figure.title).replace(/[[\]]/g, "")}](figures/${figure.id}.svg)`] : [];
}

function figureTable(t: FigureTable | undefined): string {
  if (!t) return "";
  return [
    ...(t.caption ? [`${cell(t.caption)}:`, ""] : []),
    table(
      t.head.map(cell),
      t.rows.map((r) => r.map(cell)),
    ),
  ].join("\n");
}

/** The figures the other sections do not show (lengths, the mixture), each with its tables. */
function figureSections(figures: readonly Figure[]): string[] {
  const shown = new Set(["records-by-source", "records-by-category", "heldout-structure"]);
  return figures
    .filter((f) => !shown.has(f.id))
    .map((f) =>
      [`## ${f.title}`, "", f.description, ...figureImage(figures, f.id), ...f.tables.flatMap((t) => ["", figureTable(t)])].join("\n"),
    );
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "none";
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Text safe in a Markdown table cell. */
function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ");
}

function code(text: string): string {
  return `\`${cell(text).replace(/`/g, "'")}\``;
}
