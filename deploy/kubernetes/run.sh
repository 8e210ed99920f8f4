#!/usr/bin/env bash
# A sharded build on Kubernetes: the plan Job, then the Indexed Job of shards, then the merge Job, each
# started once the one before it completed. Run from anywhere with kubectl pointed at the cluster.
set -euo pipefail
cd "$(dirname "$0")"

# Wait for a Job to complete; stop if it failed (kubectl wait alone would wait out its timeout).
wait_for() {
  local job=$1
  until kubectl wait --for=condition=complete "job/$job" --timeout=60s >/dev/null 2>&1; do
    if [ "$(kubectl get "job/$job" -o 'jsonpath={.status.conditions[?(@.type=="Failed")].status}')" = "True" ]; then
      echo "job/$job failed; see: kubectl logs job/$job" >&2
      exit 1
    fi
  done
  echo "job/$job complete"
}

kubectl apply -f pvc.yaml
kubectl delete job iml-bench-plan iml-bench-shards iml-bench-merge --ignore-not-found
kubectl apply -f plan-job.yaml
wait_for iml-bench-plan
kubectl apply -f shards-job.yaml
wait_for iml-bench-shards
kubectl apply -f merge-job.yaml
wait_for iml-bench-merge
