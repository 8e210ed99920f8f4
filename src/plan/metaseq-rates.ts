import { UserError } from "../errors.js";

/**
 * metaseq's `_alpha_sampling` (branch opt_instruct_rebased) for users who train with metaseq: each
 * task's resample factor, rounded to 8 decimals. c = min(n, cap); p = (c/Σc)^α renormalised; P_b = Σ p
 * over a benchmark's tasks; a benchmark without a target gets P_b·(1 − Σ targets); p' = p·target_b/P_b;
 * factor = p'·Σn/n. Fails, as metaseq's assertion does, when the final probabilities do not sum to 1.
 */
export function metaseqResampleRates(
  tasks: readonly { id: string; source: string; available: number }[],
  cap: number,
  alpha: number,
  targetShares: Readonly<Record<string, number>>,
): { id: string; factor: number }[] {
  const capped = tasks.map((t) => Math.min(t.available, cap));
  const cSum = capped.reduce((a, b) => a + b, 0);
  const smoothed = capped.map((c) => (c / cSum) ** alpha);
  const sSum = smoothed.reduce((a, b) => a + b, 0);
  const p = smoothed.map((x) => x / sSum);
  const perBenchmark = new Map<string, number>();
  tasks.forEach((t, i) => perBenchmark.set(t.source, (perBenchmark.get(t.source) ?? 0) + (p[i] as number)));
  const assigned = Object.values(targetShares).reduce((a, b) => a + b, 0);
  const target = (b: string): number => targetShares[b] ?? (perBenchmark.get(b) as number) * (1 - assigned);
  const final = tasks.map((t, i) =>
    (p[i] as number) === 0 ? 0 : ((p[i] as number) * target(t.source)) / (perBenchmark.get(t.source) as number),
  );
  const sum = final.reduce((a, b) => a + b, 0);
  if (!(Math.abs(sum - 1) <= 1e-6)) {
    throw new UserError(
      "E_CONFIG",
      `metaseq sampling probabilities sum to ${sum}, not 1 (metaseq would fail its assertion): name only benchmarks present in the data, with shares that sum to 1 or leave room for the unnamed ones`,
    );
  }
  const nSum = tasks.reduce((s, t) => s + t.available, 0);
  return tasks.map((t, i) => ({
    id: t.id,
    factor: t.available > 0 ? Number((((final[i] as number) * nSum) / t.available).toFixed(8)) : 0,
  }));
}
