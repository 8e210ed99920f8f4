/** Every figure of a build's report, in sections, from its manifest and audit.json. Pure. */
import type { ReportInput, ReportMixture, Section } from "./figure.js";
import { auditFigure } from "./figures-audit.js";
import { countsByReason, heldOutStructure, recordsByCategory, recordsBySource } from "./figures-counts.js";
import { mixtureShares, mixtureTasks } from "./figures-mixture.js";
import { demonstrationsFigure, lengthFigure, variantsFigure } from "./figures-records.js";
import { LENGTH_MEASURES, type RecordStats } from "./stats.js";

export function reportSections(input: ReportInput): Section[] {
  const { manifest } = input;
  const stats: RecordStats = manifest.record_stats ?? { by_split: {} };
  const mixture = manifest.mixture as ReportMixture | undefined;
  const { drops } = manifest;
  return [
    { id: "records", title: "Records", figures: [recordsBySource(manifest), recordsByCategory(manifest)] },
    { id: "heldout", title: "Held-out structure", figures: [heldOutStructure(manifest)] },
    { id: "mixture", title: "Training mixture", figures: [mixtureShares(mixture), mixtureTasks(mixture)] },
    { id: "lengths", title: "Prompt and completion lengths", figures: LENGTH_MEASURES.map((m) => lengthFigure(stats, m)) },
    { id: "demonstrations", title: "Demonstrations", figures: [demonstrationsFigure(stats), variantsFigure(stats)] },
    { id: "audit", title: "Contamination audit", figures: [auditFigure(input.audit, drops.prompts.ngram_overlap ?? 0)] },
    {
      id: "drops",
      title: "Drops and source notes",
      figures: [
        countsByReason(
          { id: "drops-tasks", title: "Tasks not written, by reason", unit: "tasks", none: "No task was left out." },
          drops.tasks,
          "Whole tasks left out of the build, and why.",
        ),
        countsByReason(
          { id: "drops-instances", title: "Instances not used, by reason", unit: "instances", none: "Every instance gave a record." },
          drops.instances,
          "Instances of written tasks that give no record (and every instance of a dropped task, as task_<reason>).",
        ),
        countsByReason(
          { id: "drops-prompts", title: "Prompts not written, by reason", unit: "prompts", none: "Every rendered prompt was written." },
          drops.prompts,
          "Rendered prompts left out: a template that does not apply, over a budget, removed by the audit, not drawn by the mixture.",
        ),
        countsByReason(
          { id: "source-notes", title: "Source notes by kind", unit: "notes", none: "The sources gave no note." },
          manifest.issue_counts.by_kind,
          "Quirks of the source data that did not stop the build (listed in manifest.json#/issues).",
        ),
      ],
    },
  ];
}
