/**
 * The README.md of an export: the build's Hub metadata (license, language...) with configs for the
 * exported files, then what the format is, what happens to references, choices and demonstrations, one
 * example line, and the files. Pure.
 */
import { stringify } from "yaml";
import { hubConfigs } from "../publish/index.js";
import type { WrittenFile } from "./extras.js";
import { CHOICES_DOC, type ExportFormat, FORMATS, referencesDoc } from "./formats.js";

/** Front-matter keys of the build's card an export keeps. */
const KEPT = ["license", "license_name", "license_link", "language", "task_categories", "tags", "size_categories", "source_datasets"];

export interface ExportCardInput {
  format: ExportFormat;
  allReferences: boolean;
  /** The build: its name, tool version, manifest hash and card front matter (when it has a card). */
  build: { name: string; toolVersion: string; manifestSha256: string; front: Record<string, unknown> };
  files: readonly (WrittenFile & { rows: number })[];
  /** The first row written, as a JSON line. */
  example: string | undefined;
}

export function exportCard(input: ExportCardInput): string {
  const spec = FORMATS[input.format];
  const configs = hubConfigs(input.files.map((f) => ({ ...f, records: f.rows })));
  const front = {
    pretty_name: `iml-bench ${input.build.name} (${input.format})`,
    ...Object.fromEntries(KEPT.filter((k) => input.build.front[k] !== undefined).map((k) => [k, input.build.front[k]])),
    configs: configs.map((c) => ({
      config_name: c.name,
      ...(c.default && { default: true }),
      data_files: c.splits.map((s) => ({ split: s.name, path: s.path })),
    })),
    dataset_info: configs.map((c) => ({
      config_name: c.name,
      features: spec.features,
      splits: c.splits.map((s) => ({ name: s.name, num_examples: s.records })),
    })),
  };
  const rows = input.files.map((f) => `| \`${f.path}\` | ${f.split} | ${f.records} | ${f.rows} |`);
  const body = [
    `# iml-bench ${input.build.name}: ${spec.doc.title}`,
    `The records of the iml-bench build \`${input.build.name}\` (iml-bench ${input.build.toolVersion}; manifest.json sha256 \`${input.build.manifestSha256}\`) in the \`${input.format}\` format, written by \`iml-bench export --format ${input.format}${input.allReferences ? " --all-references" : ""}\`. \`export.json\` records the build's manifest hash and the format; the build's own README.md has its counts, licenses and citations.`,
    "## Format",
    [
      `- **Row**: ${spec.doc.row}`,
      `- **References**: ${referencesDoc(input.allReferences)}`,
      `- **Choices**: ${CHOICES_DOC}`,
      `- **Demonstrations** (builds with \`demos:\`): ${spec.doc.demonstrations}`,
      `- **Use**: ${spec.doc.use}`,
    ].join("\n"),
    "## Example",
    `\`\`\`json\n${input.example ?? "(no rows)"}\n\`\`\``,
    "## Files",
    ["| file | level | records | rows |", "| --- | --- | --- | --- |", ...rows].join("\n"),
  ];
  return `---\n${stringify(front, { version: "1.1", lineWidth: 0 })}---\n\n${body.join("\n\n")}\n`;
}
