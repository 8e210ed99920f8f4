/** `iml-bench pull`: a split config's sources at pinned revisions, with a lockfile `build --lock` reads. */
import type { CommandModule } from "yargs";
import type { CliIO } from "../cli-io.js";
import { formatBytes, progressOf } from "../progress.js";
import { line, type PullReport, pull } from "../pull/pull.js";
import { type ProgressFlag, withProgressFlag } from "./progress-flag.js";

interface PullArgs extends ProgressFlag {
  config: string;
  to: string;
  source?: string[];
  offline: boolean;
  update: boolean;
  jobs: number;
}

export function pullCommand(io: CliIO): CommandModule<object, PullArgs> {
  return {
    command: "pull",
    describe: "Fetch a split config's sources at pinned revisions into a folder, with a lockfile",
    builder: (y) =>
      withProgressFlag(y)
        .option("config", {
          type: "string",
          demandOption: true,
          describe: "Split config (splits/*.yaml): its sources, their options and splits",
        })
        .option("to", { type: "string", demandOption: true, describe: "Folder to pull into; <to>/sources.lock.json is the lock" })
        .option("source", { type: "string", array: true, describe: "Only these sources (names the config reads; repeatable)" })
        .option("offline", { type: "boolean", default: false, describe: "Only check the pulled files against the lock; no network" })
        .option("update", { type: "boolean", default: false, describe: "Resolve revisions again instead of keeping the locked commits" })
        .option("jobs", { type: "number", default: 4, describe: "Requests in flight at once" })
        .example("$0 pull --config splits/opt-iml.yaml --to /data/iml", "Pull every source OPT-IML reads")
        .example("$0 pull --config splits/t0.yaml --to /data/iml --source promptsource", "Pull one source")
        .example("$0 pull --config splits/opt-iml.yaml --to /data/iml --offline", "Check a pulled folder against its lock")
        .example("$0 build --config splits/opt-iml.yaml --out out --lock /data/iml/sources.lock.json", "Then build from it") as never,
    handler: async (args) => {
      const progress = progressOf(io, args.progress);
      const report = await pull({
        configFile: args.config,
        to: args.to,
        sources: args.source,
        offline: args.offline,
        update: args.update,
        http: { concurrency: Math.max(1, Math.floor(args.jobs)) },
        progress,
      });
      io.out(summarize(report));
    },
  };
}

/** What was pulled (or checked), source by source, then every dataset the Hub did not give. */
function summarize(report: PullReport): string {
  const lines = [report.offline ? `checked against ${report.lockFile}: every file as locked` : `pulled into ${report.lockFile}`];
  for (const source of report.sources) lines.push(`  ${line(source, formatBytes)}`);
  const missing = report.sources.flatMap((s) => s.missing.map((m) => ({ source: s.name, ...m })));
  if (missing.length > 0) {
    lines.push(`missing on the Hub (${missing.length}; listed in the lock, the other tasks build):`);
    for (const m of missing)
      lines.push(
        `  ${m.source}: ${m.id}${m.config ? ` (${m.config})` : ""}${m.tasks.length ? ` for ${m.tasks.join(", ")}` : ""}: ${m.reason}`,
      );
  }
  if (!report.offline) lines.push(`${report.requests} HTTP request(s)`);
  return `${lines.join("\n")}\n`;
}
