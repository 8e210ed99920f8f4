/** The manifest's view of a training mixture: the spec, then requested and realised shares. */
import type { MixturePlan } from "../plan/sampling.js";
import type { SamplingSpec } from "../plan/sampling-spec.js";

export function mixtureReport(spec: SamplingSpec, plan: MixturePlan): object {
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  return {
    spec,
    requested_total: plan.requestedTotal,
    total: plan.total,
    missing_sources: plan.missingSources,
    per_source: plan.perSource.map((g) => ({
      source: g.source,
      requested_share: round(g.requestedShare),
      realised_share: round(g.realisedShare),
      quota: g.quota,
      count: g.count,
    })),
    per_task: plan.perTask.map((t) => ({
      task: t.id,
      group: t.group,
      available: t.available,
      requested_share: round(t.requestedShare),
      realised_share: round(t.realisedShare),
      count: t.count,
      repeats: t.repeats,
      limited: t.limited,
    })),
    notes: plan.notes,
  };
}
