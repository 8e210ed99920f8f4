/** The record statistics of a build (src/report/stats.ts), read from its records files: JSON Lines or Parquet alike. */
import { join } from "node:path";
import { readRows } from "../core/rows.js";
import { type RecordStats, RecordStatsAccumulator, type StatsRecord } from "../report/index.js";
import { type RecordsFile, recordsFiles } from "./hub-configs.js";

export async function recordStatsOf(dir: string, outputs: readonly RecordsFile[]): Promise<RecordStats> {
  const stats = new RecordStatsAccumulator();
  for (const file of recordsFiles(outputs))
    for await (const row of readRows(join(dir, file.path))) stats.add(row as unknown as StatsRecord);
  return stats.result();
}
