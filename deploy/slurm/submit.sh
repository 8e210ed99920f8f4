#!/usr/bin/env bash
# A sharded build on Slurm: the plan job, the array of shards once it succeeded, the merge once every
# shard succeeded. Usage:
#   IML_SHARED=/shared/iml IML_CONFIG=/opt/iml-bench/splits/opt-iml.yaml \
#   IML_LOCK=/shared/iml/sources/sources.lock.json IML_SHARDS=8 deploy/slurm/submit.sh
set -euo pipefail
cd "$(dirname "$0")"
: "${IML_SHARED:?set IML_SHARED to a folder every node mounts}"
: "${IML_CONFIG:?set IML_CONFIG to the split config}"
export IML_SHARDS=${IML_SHARDS:-8}

# sbatch --parsable prints "jobid" or "jobid;cluster".
submit() {
  local id
  id=$(sbatch --parsable --export=ALL "$@")
  echo "${id%%;*}"
}

plan=$(submit plan.sbatch)
shards=$(submit --dependency="afterok:$plan" --kill-on-invalid-dep=yes --array="0-$((IML_SHARDS - 1))" shards.sbatch)
merge=$(submit --dependency="afterok:$shards" --kill-on-invalid-dep=yes merge.sbatch)
echo "plan $plan, shards $shards (array of $IML_SHARDS), merge $merge"
