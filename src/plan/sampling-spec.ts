/** The `sampling:` block of a split config, and the task sizes a mixture is planned from. */

type SamplingStrategy = "all" | "uniform" | "eps" | "temperature";

/** An extra share such as OPT-IML's 1% reasoning: the tasks of one category form their own group. */
interface ExtraShare {
  name: string;
  /** Fraction of the whole mixture, 0 < share < 1 (0.01 = 1%). */
  share: number;
  category: string;
}

/** The `sampling:` block of a split config (YAML keys). */
export interface SamplingSpec {
  strategy: SamplingStrategy;
  /** uniform: examples per task. */
  per_task?: number;
  /** eps/temperature: cap on a task's size (OPT-IML 4096). @default 4096 for eps, none for temperature */
  cap?: number;
  /** temperature: T > 0; rate ∝ min(n, cap)^(1/T). */
  temperature?: number;
  /** Per-source shares on any positive scale (25/45/20/2); every source in the build must be named. */
  proportions?: Record<string, number>;
  extra?: ExtraShare[];
  /** Training examples in all. @default Σ min(n, limit) */
  total?: number;
  /** Repeat examples of tasks asked for more than they have (or more than the cap). @default false */
  upsample?: boolean;
}

export const DEFAULT_EPS_CAP = 4096;

export interface SamplingTask {
  id: string;
  source: string;
  category: string;
  available: number;
}
