/**
 * What the records of a build look like, per split: prompt and completion lengths in code points and in
 * whitespace tokens (the units of the demonstration budget, src/plan/demos.ts) as histograms, the
 * demonstrations per record and the records per shot variant. An accumulator fed one record at a time;
 * bins are fixed, so the result depends on the records only, never on their order.
 */
import { addCounts, type Counts, sortedCounts } from "../core/counts.js";
import { byCodeUnit, pyLen, pyWordCount } from "../core/py-str.js";
import { bySplit } from "./splits.js";

/** A length distribution: `bins` are `[lower bound, records]`, ascending, non-empty bins only (see `binLower`). */
export interface LengthHistogram {
  records: number;
  /** The sum of the lengths, so the mean is `total / records`. */
  total: number;
  min: number;
  max: number;
  bins: [number, number][];
}

export const LENGTH_MEASURES = ["prompt_chars", "prompt_tokens", "completion_chars", "completion_tokens"] as const;
export type LengthMeasure = (typeof LENGTH_MEASURES)[number];

type SplitStats = { records: number } & Record<LengthMeasure, LengthHistogram> & {
    /** Records by how many demonstrations their prompt holds (builds with demonstrations). */
    demonstrations?: Counts;
    /** Records by shot variant (builds with evaluation variants). */
    variants?: Counts;
  };

/** The manifest's `record_stats`. */
export interface RecordStats {
  by_split: Record<string, SplitStats>;
}

/** The part of a record the statistics read. */
export interface StatsRecord {
  split: string;
  prompt: string;
  completion: string;
  variant?: string | null;
  demonstrations?: readonly string[] | null;
}

/** What the statistics take from a record: its split, its lengths, its demonstrations and its variant. */
export interface RecordMeasure extends Record<LengthMeasure, number> {
  split: string;
  demonstrations: number | null;
  variant: string | null;
}

export function measureRecord(record: StatsRecord): RecordMeasure {
  return {
    split: record.split,
    prompt_chars: pyLen(record.prompt),
    prompt_tokens: pyWordCount(record.prompt),
    completion_chars: pyLen(record.completion),
    completion_tokens: pyWordCount(record.completion),
    demonstrations: record.demonstrations == null ? null : record.demonstrations.length,
    variant: record.variant ?? null,
  };
}

/**
 * The lower bound of a length's bin. Bins are 0, 1, 2, 3, then two per doubling (4, 6, 8, 12, 16, 24...):
 * fine where lengths are short, and a few dozen bins up to the longest string JavaScript holds.
 */
export function binLower(n: number): number {
  if (n < 4) return n;
  const power = 2 ** (31 - Math.clz32(n));
  return n >= power + power / 2 ? power + power / 2 : power;
}

/** The bin after the one starting at `lower` starts here. */
export function nextBin(lower: number): number {
  if (lower < 4) return lower + 1;
  const power = 2 ** (31 - Math.clz32(lower));
  return lower === power ? power + power / 2 : 2 * power;
}

export class RecordStatsAccumulator {
  private readonly splits = new Map<string, SplitAccumulator>();

  add(record: StatsRecord): void {
    this.addMeasure(measureRecord(record));
  }

  /** A record by its measure (`measureRecord`), e.g. one carried beside the record in a file. */
  addMeasure(m: RecordMeasure): void {
    let split = this.splits.get(m.split);
    if (!split) this.splits.set(m.split, (split = new SplitAccumulator()));
    split.add(m);
  }

  /** Take in the statistics of other records (another accumulator's result): as if they had been added one by one. */
  addStats(stats: RecordStats): void {
    for (const [name, other] of Object.entries(stats.by_split)) {
      let split = this.splits.get(name);
      if (!split) this.splits.set(name, (split = new SplitAccumulator()));
      split.addStats(other);
    }
  }

  result(): RecordStats {
    const names = [...this.splits.keys()].sort(bySplit);
    return { by_split: Object.fromEntries(names.map((name) => [name, (this.splits.get(name) as SplitAccumulator).result()])) };
  }
}

class SplitAccumulator {
  private records = 0;
  private readonly lengths = new Map(LENGTH_MEASURES.map((m) => [m, new HistogramAccumulator()]));
  private demonstrations: Counts | undefined;
  private variants: Counts | undefined;

  add(m: RecordMeasure): void {
    this.records++;
    this.length("prompt_chars").add(m.prompt_chars);
    this.length("prompt_tokens").add(m.prompt_tokens);
    this.length("completion_chars").add(m.completion_chars);
    this.length("completion_tokens").add(m.completion_tokens);
    if (m.demonstrations !== null) {
      this.demonstrations ??= {};
      const k = String(m.demonstrations);
      this.demonstrations[k] = (this.demonstrations[k] ?? 0) + 1;
    }
    if (m.variant !== null) {
      this.variants ??= {};
      this.variants[m.variant] = (this.variants[m.variant] ?? 0) + 1;
    }
  }

  addStats(other: SplitStats): void {
    this.records += other.records;
    for (const measure of LENGTH_MEASURES) this.length(measure).addHistogram(other[measure]);
    if (other.demonstrations) addCounts((this.demonstrations ??= {}), other.demonstrations);
    if (other.variants) addCounts((this.variants ??= {}), other.variants);
  }

  private length(measure: LengthMeasure): HistogramAccumulator {
    return this.lengths.get(measure) as HistogramAccumulator;
  }

  result(): SplitStats {
    const byNumber = (counts: Counts): Counts =>
      Object.fromEntries(Object.entries(counts).sort(([a], [b]) => Number(a) - Number(b) || byCodeUnit(a, b)));
    return {
      records: this.records,
      prompt_chars: this.length("prompt_chars").result(),
      prompt_tokens: this.length("prompt_tokens").result(),
      completion_chars: this.length("completion_chars").result(),
      completion_tokens: this.length("completion_tokens").result(),
      ...(this.demonstrations && { demonstrations: byNumber(this.demonstrations) }),
      ...(this.variants && { variants: sortedCounts(this.variants) }),
    };
  }
}

class HistogramAccumulator {
  private records = 0;
  private total = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = 0;
  private readonly bins = new Map<number, number>();

  add(n: number): void {
    this.records++;
    this.total += n;
    this.min = Math.min(this.min, n);
    this.max = Math.max(this.max, n);
    const lower = binLower(n);
    this.bins.set(lower, (this.bins.get(lower) ?? 0) + 1);
  }

  addHistogram(other: LengthHistogram): void {
    if (other.records === 0) return;
    this.records += other.records;
    this.total += other.total;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    for (const [lower, n] of other.bins) this.bins.set(lower, (this.bins.get(lower) ?? 0) + n);
  }

  result(): LengthHistogram {
    return {
      records: this.records,
      total: this.total,
      min: this.records === 0 ? 0 : this.min,
      max: this.max,
      bins: [...this.bins].sort(([a], [b]) => a - b),
    };
  }
}
