/** The constructors iml-bench implements, by `seq2seq_construction.<name>`, and every family label. */
import { cosql, sparc, spider } from "./sql.js";
import { fetaqa, kvret, tabFact, wikisql, wikitq } from "./tables.js";
import { dart } from "./text.js";
import type { SkgConstructor } from "./types.js";

export type { SkgConstructor } from "./types.js";

const CONSTRUCTORS: readonly SkgConstructor[] = [wikitq, wikisql, tabFact, fetaqa, kvret, dart, spider, sparc, cosql];

export const CONSTRUCTOR_NAMES: readonly string[] = CONSTRUCTORS.map((c) => c.name).sort();

export function findConstructor(name: string): SkgConstructor | undefined {
  return CONSTRUCTORS.find((c) => c.name === name);
}

/**
 * UnifiedSKG's six families (`T5_base_finetune_all_tasks.cfg` grouping), for every constructor
 * module, including the ones iml-bench cannot build from raw rows (their instantiated examples
 * still load).
 */
export const FAMILIES: Readonly<Record<string, string>> = {
  spider: "semantic parsing",
  grailqa: "semantic parsing",
  webqsp: "semantic parsing",
  mtop: "semantic parsing",
  russ: "semantic parsing",
  wikitq: "question answering",
  wikisql: "question answering",
  compwebq: "question answering",
  hybridqa: "question answering",
  mmqa: "question answering",
  fetaqa: "question answering",
  ottqa: "question answering",
  dart: "data-to-text",
  totto: "data-to-text",
  e2e_nlg_cleaned: "data-to-text",
  multiwoz: "conversational",
  kvret: "conversational",
  kvret_glmp: "conversational",
  sparc: "conversational",
  cosql: "conversational",
  msr_sqa: "conversational",
  tab_fact: "fact verification",
  feverous: "fact verification",
  logic2text: "high-fidelity nlg",
  sql2text: "high-fidelity nlg",
};
