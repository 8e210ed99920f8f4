/**
 * The deploy files are examples a curator runs as they are: the Kubernetes manifests parse, the shards
 * are an Indexed Job, and the shard count agrees across the plan, the Job and the shards' --count; every
 * Slurm script and the Kubernetes driver pass `bash -n`, and the Slurm chain waits with afterok.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../pipeline/helpers.js";

const KUBERNETES = join(ROOT, "deploy", "kubernetes");
const SLURM = join(ROOT, "deploy", "slurm");

interface JobManifest {
  kind: string;
  metadata: { name: string };
  spec: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    template: { spec: { restartPolicy: string; containers: { args: string[]; volumeMounts: { mountPath: string }[] }[] } };
  };
}

async function manifest(name: string): Promise<JobManifest> {
  return parse(await readFile(join(KUBERNETES, name), "utf8")) as JobManifest;
}

/** The value of `--flag=value` or `--flag value` in a container's args. */
function flag(args: readonly string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const arg = args[i] as string;
  return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[i + 1];
}

describe("deploy/kubernetes", () => {
  it("runs the shards as an Indexed Job, with the plan's shard count", async () => {
    const plan = await manifest("plan-job.yaml");
    const shards = await manifest("shards-job.yaml");
    const merge = await manifest("merge-job.yaml");
    expect([plan.kind, shards.kind, merge.kind]).toEqual(["Job", "Job", "Job"]);
    expect(shards.spec.completionMode).toBe("Indexed");
    const planArgs = (plan.spec.template.spec.containers[0] as { args: string[] }).args;
    const shardArgs = (shards.spec.template.spec.containers[0] as { args: string[] }).args;
    const mergeArgs = (merge.spec.template.spec.containers[0] as { args: string[] }).args;
    expect([planArgs[0], shardArgs[0], mergeArgs[0]]).toEqual(["plan", "shard", "merge"]);
    const count = Number(flag(planArgs, "--shards"));
    expect(count).toBeGreaterThan(1);
    expect([shards.spec.completions, Number(flag(shardArgs, "--count"))]).toEqual([count, count]);
    expect(shards.spec.parallelism).toBeLessThanOrEqual(count);
    // One plan folder and one shards folder, on the volume every pod mounts.
    expect(flag(shardArgs, "--plan")).toBe(flag(planArgs, "--out"));
    expect(flag(mergeArgs, "--plan")).toBe(flag(planArgs, "--out"));
    expect(flag(mergeArgs, "--shards")).toBe(flag(shardArgs, "--out"));
    for (const job of [plan, shards, merge]) {
      expect(job.spec.template.spec.containers[0]?.volumeMounts.map((m) => m.mountPath)).toEqual(["/shared"]);
      expect(job.spec.template.spec.restartPolicy).toBe("Never");
    }
    const pvc = parse(await readFile(join(KUBERNETES, "pvc.yaml"), "utf8")) as { kind: string; spec: { accessModes: string[] } };
    expect(pvc.kind).toBe("PersistentVolumeClaim");
    expect(pvc.spec.accessModes).toEqual(["ReadWriteMany"]);
  });

  it("waits for each Job to complete before starting the next", async () => {
    const script = await readFile(join(KUBERNETES, "run.sh"), "utf8");
    await promisify(execFile)("bash", ["-n", join(KUBERNETES, "run.sh")]);
    expect(script).toContain('kubectl wait --for=condition=complete "job/$job"');
    const order = ["plan-job.yaml", "wait_for iml-bench-plan", "shards-job.yaml", "wait_for iml-bench-shards", "merge-job.yaml"];
    const at = order.map((s) => script.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual(at.toSorted((a, b) => a - b));
  });
});

describe("deploy/slurm", () => {
  it("every script passes bash -n", async () => {
    const scripts = (await readdir(SLURM)).filter((f) => f.endsWith(".sh") || f.endsWith(".sbatch"));
    expect(scripts.sort()).toEqual(["merge.sbatch", "plan.sbatch", "shards.sbatch", "submit.sh"]);
    for (const script of scripts) await promisify(execFile)("bash", ["-n", join(SLURM, script)]);
  });

  it("runs the shards as an array and the merge after every task of it succeeded", async () => {
    const shards = await readFile(join(SLURM, "shards.sbatch"), "utf8");
    expect(shards).toMatch(/^#SBATCH --array=0-\d+$/m);
    expect(shards).toContain('iml-bench}" shard --plan');
    const submit = await readFile(join(SLURM, "submit.sh"), "utf8");
    expect(submit).toContain('--dependency="afterok:$plan"');
    expect(submit).toContain('--array="0-$((IML_SHARDS - 1))" shards.sbatch');
    expect(submit).toContain('--dependency="afterok:$shards" --kill-on-invalid-dep=yes merge.sbatch');
  });
});
