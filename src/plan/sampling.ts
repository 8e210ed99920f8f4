/**
 * The training mixture (OPT-IML §3.1, §4.2–4.6): how many examples each task contributes, from task
 * sizes and the `sampling:` block, then which instances. Pure and deterministic: integer counts come
 * from largest-remainder rounding, first per group (source or extra share), then per task in the group.
 */

import { byCodeUnit } from "../core/py-str.js";
import { smallestRanked } from "../core/rng.js";
import { DEFAULT_EPS_CAP, type SamplingSpec, type SamplingTask } from "./sampling-spec.js";
import { assertValid } from "./sampling-validate.js";

interface PlannedTask {
  id: string;
  source: string;
  /** The group whose share the task draws from: its source, or an extra share's name. */
  group: string;
  available: number;
  requestedShare: number;
  realisedShare: number;
  count: number;
  /** Examples beyond `available` (0 unless upsample). */
  repeats: number;
  /** True when the task was held at its limit (available examples, or the cap) below its request. */
  limited: boolean;
}

interface PlannedGroup {
  source: string;
  requestedShare: number;
  /** round(total × requestedShare), the group's integer request. */
  quota: number;
  realisedShare: number;
  count: number;
}

export interface MixturePlan {
  perTask: PlannedTask[];
  perSource: PlannedGroup[];
  /** Named in proportions (or an extra share) but with no task that has examples; shares renormalised. */
  missingSources: string[];
  /** The total asked for (the spec's, or the default). */
  requestedTotal: number;
  /** Σ count; below requestedTotal only when limits bind without upsample (see notes). */
  total: number;
  notes: string[];
}

/** The spec with defaults filled in, as the manifest should record it. */
export function resolveSamplingSpec(spec: SamplingSpec): SamplingSpec {
  const resolved: SamplingSpec = { ...spec, upsample: spec.upsample ?? false };
  if (spec.strategy === "eps" && spec.cap === undefined) resolved.cap = DEFAULT_EPS_CAP;
  return resolved;
}

/** Plan the mixture: requested and realised shares and integer counts per group and task. */
export function planMixture(tasks: readonly SamplingTask[], spec: SamplingSpec): MixturePlan {
  const s = resolveSamplingSpec(spec);
  assertValid(tasks, s);
  const notes: string[] = [];
  const sorted = tasks.toSorted((a, b) => byCodeUnit(a.id, b.id));
  const groups = groupTasks(sorted, s);
  const { shares, missing } = groupShares(groups, s, notes);
  const requestedTotal = s.total ?? sorted.reduce((sum, t) => sum + defaultCount(t.available, s), 0);
  const names = [...shares.keys()];
  const shareSum = [...shares.values()].reduce((a, b) => a + b, 0);
  const quotas = largestRemainder(
    names.map((g) => requestedTotal * (shares.get(g) as number)),
    shareSum > 0 ? requestedTotal : 0,
    names,
  );
  const perTask: PlannedTask[] = [];
  const perSource: PlannedGroup[] = [];
  names.forEach((group, gi) => {
    const planned = planGroup(group, groups.get(group) ?? [], shares.get(group) as number, quotas[gi] as number, s);
    if (planned.group.count < planned.group.quota) {
      notes.push(
        `${group}: asked for ${planned.group.quota} examples, its tasks allow ${planned.group.count} (available examples or the cap bind); set upsample: true to repeat examples, or lower total`,
      );
    }
    perSource.push(planned.group);
    perTask.push(...planned.tasks);
  });
  const planned = new Set(perTask.map((t) => t.id));
  for (const t of sorted) if (!planned.has(t.id)) perTask.push(unplanned(t, groupOf(t, s)));
  const total = perTask.reduce((sum, t) => sum + t.count, 0);
  for (const x of [...perTask, ...perSource]) x.realisedShare = total > 0 ? x.count / total : 0;
  summarise(perTask, s, notes);
  return {
    perTask: perTask.toSorted((a, b) => byCodeUnit(a.id, b.id)),
    perSource: perSource.toSorted((a, b) => byCodeUnit(a.source, b.source)),
    missingSources: missing,
    requestedTotal,
    total,
    notes,
  };
}

/** One group's tasks: its quota spread by rate within limits; realised shares are filled in later. */
function planGroup(
  group: string,
  members: readonly SamplingTask[],
  share: number,
  quota: number,
  spec: SamplingSpec,
): { group: PlannedGroup; tasks: PlannedTask[] } {
  const weights = members.map((t) => weight(t.available, spec));
  const filled = fillGroup(
    quota,
    weights,
    members.map((t) => limit(t.available, spec)),
    members.map((t) => t.id),
  );
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const tasks = members.map((t, i): PlannedTask => {
    const count = filled.counts[i] as number;
    const requestedShare = totalWeight > 0 ? (share * (weights[i] as number)) / totalWeight : 0;
    return {
      id: t.id,
      source: t.source,
      group,
      available: t.available,
      requestedShare,
      realisedShare: 0,
      count,
      repeats: Math.max(0, count - t.available),
      limited: filled.limited[i] as boolean,
    };
  });
  const count = tasks.reduce((sum, t) => sum + t.count, 0);
  return { group: { source: group, requestedShare: share, quota, realisedShare: 0, count }, tasks };
}

function unplanned(t: SamplingTask, group: string): PlannedTask {
  return {
    id: t.id,
    source: t.source,
    group,
    available: t.available,
    requestedShare: 0,
    realisedShare: 0,
    count: 0,
    repeats: 0,
    limited: false,
  };
}

function groupOf(task: SamplingTask, spec: SamplingSpec): string {
  return spec.extra?.find((e) => e.category === task.category)?.name ?? task.source;
}

function groupTasks(tasks: readonly SamplingTask[], spec: SamplingSpec): Map<string, SamplingTask[]> {
  const groups = new Map<string, SamplingTask[]>();
  for (const t of tasks) {
    const g = groupOf(t, spec);
    const members = groups.get(g);
    if (members) members.push(t);
    else groups.set(g, [t]);
  }
  return groups;
}

/**
 * Each present group's share of the mixture. A group is present when one of its tasks has examples.
 * Source groups split (1 − Σ present extra shares) by their proportions (or, without proportions, by
 * their summed rates); extras keep their share. Absent names are renormalised away and reported.
 */
function groupShares(
  groups: Map<string, SamplingTask[]>,
  spec: SamplingSpec,
  notes: string[],
): { shares: Map<string, number>; missing: string[] } {
  const rate = (g: string): number => (groups.get(g) ?? []).reduce((sum, t) => sum + weight(t.available, spec), 0);
  const present = (g: string): boolean => rate(g) > 0;
  const extras = spec.extra ?? [];
  const extraNames = new Set(extras.map((e) => e.name));
  const sources = [...groups.keys()].filter((g) => !extraNames.has(g) && present(g)).sort(byCodeUnit);
  const presentExtras = extras.filter((e) => present(e.name)).toSorted((a, b) => byCodeUnit(a.name, b.name));
  const missing = [
    ...Object.keys(spec.proportions ?? {}).filter((g) => !sources.includes(g)),
    ...extras.filter((e) => !present(e.name)).map((e) => e.name),
  ].sort(byCodeUnit);
  if (missing.length > 0) notes.push(`no tasks with examples for ${missing.join(", ")}: their shares were renormalised over the others`);
  const raw = new Map(sources.map((g) => [g, spec.proportions ? (spec.proportions[g] as number) : rate(g)]));
  const rawSum = [...raw.values()].reduce((a, b) => a + b, 0);
  const extraMass = presentExtras.reduce((sum, e) => sum + e.share, 0);
  const sourceMass = rawSum > 0 ? 1 - extraMass : 0;
  const mass = sourceMass + extraMass;
  if (mass === 0) notes.push("no group has a share above 0 and tasks with examples: the mixture is empty");
  const shares = new Map<string, number>();
  for (const [g, r] of raw) shares.set(g, rawSum > 0 ? (sourceMass * r) / rawSum / mass : 0);
  for (const e of presentExtras) shares.set(e.name, mass > 0 ? e.share / mass : 0);
  for (const [g, r] of raw) if (r === 0) notes.push(`${g} has proportion 0: its tasks get no training examples`);
  return { shares, missing };
}

/** A task's rate before group shares: its size under the strategy. */
function weight(n: number, spec: SamplingSpec): number {
  if (n <= 0) return 0;
  switch (spec.strategy) {
    case "all":
      return n;
    case "uniform":
      return spec.upsample ? (spec.per_task as number) : Math.min(n, spec.per_task as number);
    case "eps":
      return Math.min(n, spec.cap as number);
    case "temperature":
      return Math.min(n, spec.cap ?? Infinity) ** (1 / (spec.temperature as number));
  }
}

/** The most examples a task may give: Infinity with upsample, else min(n, the strategy's cap). */
function limit(n: number, spec: SamplingSpec): number {
  if (n <= 0) return 0;
  if (spec.upsample) return Infinity;
  return Math.min(n, strategyCap(spec));
}

function strategyCap(spec: SamplingSpec): number {
  if (spec.strategy === "uniform") return spec.per_task as number;
  if (spec.strategy === "all") return Infinity;
  return spec.cap ?? Infinity;
}

/** A task's part of the default total: min(n, cap), or N for every task under uniform with upsample. */
function defaultCount(n: number, spec: SamplingSpec): number {
  if (n <= 0) return 0;
  if (spec.strategy === "uniform" && spec.upsample) return spec.per_task as number;
  return Math.min(n, strategyCap(spec));
}

/**
 * Spread a group's quota over its tasks in proportion to their rates (water-filling): a task whose
 * share would pass its limit is held at the limit and the rest is spread over the others.
 */
function fillGroup(
  quota: number,
  weights: readonly number[],
  limits: readonly number[],
  keys: readonly string[],
): { counts: number[]; limited: boolean[] } {
  const counts = weights.map(() => 0);
  const limited = weights.map(() => false);
  let active = weights.map((_, i) => i).filter((i) => (weights[i] as number) > 0 && (limits[i] as number) > 0);
  let remaining = quota;
  for (;;) {
    const w = active.reduce((sum, i) => sum + (weights[i] as number), 0);
    const over = active.filter((i) => (remaining * (weights[i] as number)) / w > (limits[i] as number));
    if (over.length === 0 || active.length === 0) break;
    for (const i of over) {
      counts[i] = limits[i] as number;
      limited[i] = true;
      remaining -= limits[i] as number;
    }
    const held = new Set(over);
    active = active.filter((i) => !held.has(i));
  }
  const w = active.reduce((sum, i) => sum + (weights[i] as number), 0);
  const ideals = active.map((i) => (w > 0 ? (remaining * (weights[i] as number)) / w : 0));
  const rounded = largestRemainder(
    ideals,
    active.length > 0 ? remaining : 0,
    active.map((i) => keys[i] as string),
    active.map((i) => limits[i] as number),
  );
  active.forEach((i, j) => (counts[i] = rounded[j] as number));
  return { counts, limited };
}

/**
 * Integers summing to `target` (when the limits allow), each within 1 of its ideal: floors, then one
 * more for the largest fractional parts; ties go to the smaller key (code unit order).
 */
function largestRemainder(ideals: readonly number[], target: number, keys: readonly string[], limits?: readonly number[]): number[] {
  const counts = ideals.map((x) => Math.floor(x));
  let deficit = target - counts.reduce((a, b) => a + b, 0);
  const order = ideals
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || byCodeUnit(keys[a.i] as string, keys[b.i] as string));
  for (const { i } of order) {
    if (deficit <= 0) break;
    if ((counts[i] as number) + 1 > (limits?.[i] ?? Infinity)) continue;
    counts[i] = (counts[i] as number) + 1;
    deficit--;
  }
  return counts;
}

function summarise(perTask: readonly PlannedTask[], spec: SamplingSpec, notes: string[]): void {
  const cap = spec.strategy === "eps" || spec.strategy === "temperature" ? spec.cap : undefined;
  if (cap !== undefined) {
    const over = perTask.filter((t) => t.available > cap).length;
    notes.push(`cap ${cap}: ${over} of ${perTask.length} tasks have more examples than the cap`);
  }
  const limited = perTask.filter((t) => t.limited).length;
  if (limited > 0) notes.push(`${limited} task(s) held at their limit (available examples or cap) below their requested share`);
  const repeated = perTask.filter((t) => t.repeats > 0);
  if (repeated.length > 0) {
    notes.push(`upsampled: ${repeated.length} task(s) repeat examples, ${repeated.reduce((s, t) => s + t.repeats, 0)} repeats in all`);
  }
}

/**
 * Which instances a task contributes, in source order: count ≤ n takes the count ids with the smallest
 * seeded rank (`orderKey(seed, "mixture", taskId, id)`), so the choice depends on nothing but the task
 * and grows by inclusion as count grows; count > n takes every id floor(count/n) times plus the
 * remainder by rank. `repeat` numbers the copies of an id: 0, 1, 2...
 */
export function selectForTask(
  taskId: string,
  instanceIds: readonly string[],
  count: number,
  seed: number,
): { id: string; repeat: number }[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`selectForTask(${taskId}): count must be an integer >= 0, got ${count}`);
  if (count === 0) return [];
  const n = instanceIds.length;
  if (n === 0) throw new RangeError(`selectForTask(${taskId}): asked for ${count} examples of a task with no instances`);
  const rounds = Math.floor(count / n);
  const extra = smallestRanked(instanceIds, count % n, seed, "mixture", taskId);
  const out: { id: string; repeat: number }[] = [];
  for (let repeat = 0; repeat < rounds; repeat++) for (const id of instanceIds) out.push({ id, repeat });
  instanceIds.forEach((id, index) => {
    if (extra.has(index)) out.push({ id, repeat: rounds });
  });
  return out;
}
