/** Builds of the demo config for the report tests: as shipped, and with a mixture, demonstrations and audit pairs. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AuditFile } from "../../src/audit/index.js";
import type { Manifest } from "../../src/pipeline/manifest.js";
import { buildDemo, SHOTS } from "../publish/helpers.js";

/** Demonstrations and shot variants, an upsampled mixture, and an audit that flags each task against its own held-out instances. */
export const RICH = `${SHOTS}sampling:
  strategy: eps
  cap: 20
  proportions: {supernatural: 25, promptsource: 45, flan: 20, unifiedskg: 10}
  total: 300
  upsample: true
audit:
  same_task: true
  boilerplate: false
`;

export interface BuiltReport {
  out: string;
  manifest: Manifest;
  audit: AuditFile;
  html: string;
}

export async function buildWithReport(dir: string, name: string, extra = ""): Promise<BuiltReport> {
  const { out, manifest } = await buildDemo(dir, name, "jsonl", extra);
  const audit = JSON.parse(await readFile(join(out, "audit.json"), "utf8")) as AuditFile;
  return { out, manifest, audit, html: await readFile(join(out, "report.html"), "utf8") };
}

/** Every figure, with its axis labels when it has a chart in the demo build (null: a note there). */
export const FIGURES: Record<string, [string, string] | null> = {
  "records-by-source": ["records", "source"],
  "records-by-category": ["records", "category"],
  "heldout-structure": ["tasks", "category"],
  "mixture-shares": null,
  "mixture-tasks": null,
  "length-prompt-chars": ["prompt length (characters, bin lower bound)", "share of the split's records"],
  "length-prompt-tokens": ["prompt length (whitespace tokens, bin lower bound)", "share of the split's records"],
  "length-completion-chars": ["completion length (characters, bin lower bound)", "share of the split's records"],
  "length-completion-tokens": ["completion length (whitespace tokens, bin lower bound)", "share of the split's records"],
  "demonstrations-per-record": null,
  "shot-variants": null,
  "audit-pairs": null,
  "drops-tasks": ["tasks", "reason"],
  "drops-instances": ["instances", "reason"],
  "drops-prompts": null,
  "source-notes": ["notes", "reason"],
};
