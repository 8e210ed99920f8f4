/**
 * What a report is made of: sections of figures, each figure a chart (inline SVG) with its numbers in
 * tables beside it, or a note saying why there is nothing to draw. And what the report reads of a build:
 * its manifest (with `record_stats`) and audit.json.
 */
import type { AuditFile } from "../audit/index.js";
import type { ManifestTask } from "../types.js";
import type { RecordStats } from "./stats.js";

type Counts = Record<string, number>;

export interface Table {
  head: string[];
  rows: string[][];
  /** What the table holds, when a figure has several. */
  caption?: string;
}

export interface Figure {
  /** Stable: the anchor in report.html and the file name in the card's figures/ folder. */
  id: string;
  title: string;
  /** One or two sentences: what is drawn and how to read it. */
  description: string;
  /** The chart; absent when there is nothing to draw (then `note` says why). */
  svg?: string;
  note?: string;
  tables: Table[];
  /** Tables too wide to sit beside the chart go under it. */
  wide?: boolean;
}

export interface Section {
  id: string;
  title: string;
  figures: Figure[];
}

/** The manifest's `mixture` (src/pipeline/mixture-report.ts), as the report reads it. */
export interface ReportMixture {
  requested_total: number;
  total: number;
  missing_sources: string[];
  per_source: { source: string; requested_share: number; realised_share: number; quota: number; count: number }[];
  per_task: {
    task: string;
    group: string;
    available: number;
    requested_share: number;
    realised_share: number;
    count: number;
    repeats: number;
    limited: boolean;
  }[];
  notes: string[];
}

/** What the report reads of a build manifest (schema/manifest.schema.json). */
export interface ReportManifest {
  tool: { version: string };
  config: object;
  seed: number;
  tasks: readonly ManifestTask[];
  counts: {
    records: number;
    by_split: Counts;
    by_source: Record<string, Counts>;
    by_category: Record<string, Counts>;
    by_task: Record<string, Counts>;
  };
  drops: { tasks: Counts; instances: Counts; prompts: Counts };
  issue_counts: { total: number; by_kind: Counts };
  mixture?: object;
  record_stats?: RecordStats;
}

export interface ReportInput {
  manifest: ReportManifest;
  /** audit.json, when the build audited. */
  audit?: AuditFile;
}

/** The held-out categories of a build's config. */
export function heldOutCategories(manifest: ReportManifest): Set<string> {
  return new Set((manifest.config as { heldout?: { categories?: string[] } }).heldout?.categories ?? []);
}
