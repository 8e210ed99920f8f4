/** The constructor interface: one raw row → the seq2seq items UnifiedSKG's constructor makes of it. */
import type { Rng } from "../../../core/rng.js";
import type { SkgSection } from "../config.js";
import type { Row } from "../fields.js";
import type { SkgItem } from "../input.js";
import type { TruncationReport } from "../table-truncate.js";

export interface ConstructContext {
  /** "train" changes some constructors (answers guide truncation, DART yields one item per reference). */
  split: string;
  /** The META_TUNING cfg's `[seq2seq]` section. */
  seq2seq: SkgSection;
  /** Seeded stream for table row deletion. */
  rng: Rng;
}

export interface ConstructedItem extends SkgItem {
  /** Every acceptable target (DART dev/test keeps all references). */
  references: string[];
  truncation?: TruncationReport;
}

export interface SkgConstructor {
  /** The module name after `seq2seq_construction.`. */
  readonly name: string;
  /** UnifiedSKG task family (DATA-NOTE / DOMAIN.md (e)). */
  readonly family: string;
  /** How many items a row yields (without building them). */
  count(row: Row, split: string): number;
  build(row: Row, ctx: ConstructContext): ConstructedItem[];
}
