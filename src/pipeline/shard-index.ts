/**
 * Which shard a process is: `--index`, else the index its engine gives an array job's task
 * (JOB_COMPLETION_INDEX on a Kubernetes Indexed Job, SLURM_ARRAY_TASK_ID in a Slurm job array,
 * AWS_BATCH_JOB_ARRAY_INDEX in an AWS Batch array job); checked against the plan's shard count, as is
 * the count the job was started with (`--count`). Not Slurm's SLURM_ARRAY_TASK_COUNT: an array task run
 * again on its own (`sbatch --array=3`) is in an array of one. Pure.
 */
import { UserError } from "../errors.js";

const INDEX_VARIABLES = ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX"] as const;

export function shardIndex(
  flags: { index?: number | undefined; count?: number | undefined },
  env: Readonly<Record<string, string | undefined>>,
  planned: number,
): number {
  const { count } = flags;
  if (count !== undefined && count !== planned) {
    throw new UserError(
      "E_SHARD",
      `the job runs ${count} shards, but the plan was made for ${planned}. Start ${planned} shards (indexes 0 to ${planned - 1}), or make a new plan with --shards ${count}.`,
    );
  }
  const found = flags.index !== undefined ? { index: flags.index, from: "--index" } : fromEnv(env);
  if (!found) {
    throw new UserError(
      "E_SHARD",
      `no shard index: pass --index, or run the shard as an array job's task, which sets one of ${INDEX_VARIABLES.join(", ")}.`,
    );
  }
  if (!Number.isInteger(found.index) || found.index < 0 || found.index >= planned) {
    throw new UserError(
      "E_SHARD",
      `${found.from} ${found.index}: the plan has ${planned} shard(s), indexes 0 to ${planned - 1} (a Slurm array is --array=0-${planned - 1}).`,
    );
  }
  return found.index;
}

function fromEnv(env: Readonly<Record<string, string | undefined>>): { index: number; from: string } | undefined {
  for (const name of INDEX_VARIABLES) {
    const index = wholeNumber(env[name], name);
    if (index !== undefined) return { index, from: name };
  }
  return undefined;
}

function wholeNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value)) throw new UserError("E_SHARD", `${name}=${value}: expected a whole number.`);
  return Number(value);
}
