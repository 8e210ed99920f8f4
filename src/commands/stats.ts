/** `iml-bench stats <out>`: counts per split, source, category and task, from the build's manifest. */

import type { CommandModule } from "yargs";
import { type CliIO, writeJsonLine } from "../cli-io.js";
import type { Counts } from "../core/counts.js";
import type { Manifest } from "../pipeline/manifest.js";
import { readBuildAudit, readBuildManifest } from "./build-folder.js";
import { formatAuditSummary } from "./stats-audit.js";

interface StatsArgs {
  out: string;
  json: boolean;
}

export function statsCommand(io: CliIO): CommandModule<object, StatsArgs> {
  return {
    command: "stats <out>",
    describe: "Counts per split, source, category and task of a build",
    builder: (y) =>
      y
        .positional("out", { type: "string", demandOption: true, describe: "A build's output folder" })
        .option("json", { type: "boolean", default: false, describe: "Print the counts as one JSON object" })
        .example("$0 stats out", "Summarize the demo build") as never,
    handler: async (args) => {
      const manifest = await readBuildManifest(args.out);
      const audit = await readBuildAudit(args.out);
      if (args.json)
        writeJsonLine(io, {
          counts: manifest.counts,
          drops: manifest.drops,
          ...(manifest.mixture && { mixture: manifest.mixture }),
          ...(audit && { audit }),
        });
      else io.out(formatStats(manifest) + (audit ? `\n${formatAuditSummary(audit)}` : ""));
    },
  };
}

export function formatStats(manifest: Manifest): string {
  const splits = Object.keys(manifest.counts.by_split);
  const sections: string[] = [];
  sections.push(table("split", { total: manifest.counts.by_split }, splits, true));
  sections.push(table("source", manifest.counts.by_source, splits));
  sections.push(table("category", manifest.counts.by_category, splits));
  sections.push(table("task", manifest.counts.by_task, splits));
  const drops = Object.entries(manifest.drops).flatMap(([kind, counts]) =>
    Object.entries(counts).map(([reason, n]) => `  ${kind.padEnd(9)} ${reason.padEnd(34)} ${n}`),
  );
  if (drops.length) sections.push(["dropped", ...drops].join("\n"));
  // Manifests written before issue counts existed have none.
  const notes = Object.entries(manifest.issue_counts?.by_kind ?? {}).map(([kind, n]) => `  ${kind.padEnd(44)} ${n}`);
  if (notes.length) sections.push([`source notes (${manifest.issue_counts?.total})`, ...notes].join("\n"));
  return `${sections.join("\n\n")}\n`;
}

/** Rows × splits, with a total column. `transpose` prints one row per split instead. */
function table(title: string, rows: Record<string, Counts>, splits: readonly string[], transpose = false): string {
  if (transpose) {
    const counts = rows.total ?? {};
    return [`${title.padEnd(18)} records`, ...splits.map((s) => `${s.padEnd(18)} ${counts[s] ?? 0}`)].join("\n");
  }
  const width = Math.max(title.length, ...Object.keys(rows).map((k) => k.length));
  const header = [title.padEnd(width), ...splits.map((s) => s.padStart(Math.max(8, s.length))), "total".padStart(8)].join("  ");
  const lines = Object.entries(rows).map(([name, counts]) => {
    const cells = splits.map((s) => String(counts[s] ?? 0).padStart(Math.max(8, s.length)));
    const total = splits.reduce((a, s) => a + (counts[s] ?? 0), 0);
    return [name.padEnd(width), ...cells, String(total).padStart(8)].join("  ");
  });
  return [header, ...lines].join("\n");
}
