/** Types of the module reader's result. */
import type { DataclassSpec } from "./evaluate.js";
import type { PyValue } from "./values.js";

/** A statement the reader skipped (not a literal), with where it is. */
interface ModuleNote {
  line: number;
  col: number;
  message: string;
  /** The statement's source text (shortened). */
  statement: string;
}

/** `PATTERNS["a"] = PATTERNS["b"]` recorded as table "PATTERNS", key "a", source "PATTERNS"/"b". */
interface AliasRecord {
  table: string;
  key: string;
  sourceTable: string;
  sourceKey: string;
}

export interface ModuleState {
  names: Map<string, PyValue>;
  dataclasses: Map<string, DataclassSpec>;
  aliases: AliasRecord[];
  notes: ModuleNote[];
}

/** A Python module's literal assignments, read without running it. */
export interface PythonModule extends ModuleState {
  file: string;
}
