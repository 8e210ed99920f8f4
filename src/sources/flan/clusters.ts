/**
 * Source categories for FLAN tasks: the FLAN 2021 task clusters (flan/task_splits.py, as listed in
 * the FLAN paper), read from a checkout's task_splits.py when one is given, else this committed map;
 * and the categories of flan/v2/flan_collection_info.csv.
 */
import { isStringArray } from "../../core/guards.js";
import { AdapterError } from "../../errors.js";
import { toJson } from "../../lib/python/index.js";
import { readFlanModule } from "./module.js";
import { NAME } from "./name.js";
import { readTextFile } from "./text-file.js";

export type ClusterMap = Readonly<Record<string, readonly string[]>>;

/** FLAN 2021's 17 clusters (69 task names), from the FLAN paper (Wei et al. 2021, Figure 3). */
export const FLAN_2021_CLUSTERS: ClusterMap = {
  summarization: [
    "aeslc",
    "cnn_dailymail",
    "gigaword",
    "multi_news",
    "newsroom",
    "samsum",
    "xsum",
    "ag_news_subset",
    "opinion_abstracts_rotten_tomatoes",
    "opinion_abstracts_idebate",
    "wiki_lingua_english_en",
  ],
  structure_to_text: ["web_nlg_en", "common_gen", "e2e_nlg", "dart"],
  reading_comprehension: ["squad_v1", "squad_v2", "drop", "multirc", "openbookqa", "bool_q"],
  open_domain_qa: ["arc_challenge", "arc_easy", "natural_questions", "trivia_qa"],
  paraphrase: ["glue_mrpc", "glue_qqp", "paws_wiki", "stsb"],
  sentiment: ["imdb_reviews", "sentiment140", "sst2", "yelp_polarity_reviews"],
  text_formatting: ["fix_punct", "word_segment", "true_case"],
  common_sense: ["copa", "hellaswag", "story_cloze", "piqa"],
  translation: [
    "wmt14_enfr",
    "wmt16_translate_csen",
    "wmt16_translate_deen",
    "wmt16_translate_fien",
    "wmt16_translate_roen",
    "wmt16_translate_ruen",
    "wmt16_translate_tren",
    "para_crawl_enes",
  ],
  coreference: ["definite_pronoun_resolution", "winogrande", "wsc"],
  entailment: ["anli_r1", "anli_r2", "anli_r3", "cb", "rte", "mnli_matched", "mnli_mismatched", "qnli", "wnli", "snli"],
  math: ["math_dataset"],
  word_disambiguation: ["wic"],
  linguistic_acceptability: ["cola"],
  question_classification: ["trec"],
  conversational_qa: ["quac", "coqa"],
  read_comp_and_common_sense: ["record", "cosmos_qa"],
};

/** Clusters naming `task` (or, failing that, its template key), in map order. */
export function clustersOf(clusters: ClusterMap, task: string, key?: string): string[] {
  const hits = (name: string): string[] => Object.keys(clusters).filter((c) => clusters[c]?.includes(name));
  const direct = hits(task);
  return direct.length > 0 || key === undefined ? direct : hits(key);
}

/**
 * Clusters from a file: a task_splits.py (its `_DEFAULT_TASK_CLUSTERS_ABBREV`, a dict literal or, as
 * FLAN writes it, `collections.OrderedDict([(name, [tasks]), ...])`, read without running it) or JSON
 * `{ "clusters": { name: [tasks] } }`.
 */
export async function readClusters(file: string): Promise<ClusterMap> {
  const text = await readTextFile(file);
  const value = file.endsWith(".py")
    ? toJson(readFlanModule(text, file).names.get("_DEFAULT_TASK_CLUSTERS_ABBREV") ?? null)
    : (JSON.parse(text) as { clusters?: unknown }).clusters;
  const ok = value !== null && typeof value === "object" && Object.values(value).every(isStringArray);
  if (!ok)
    throw new AdapterError(
      NAME,
      file,
      'expected a dict of cluster name → list of task names (_DEFAULT_TASK_CLUSTERS_ABBREV in task_splits.py, or {"clusters": {...}} in JSON).',
    );
  return value as ClusterMap;
}

/** Sources whose rows name a task in "Specific Task Category" and its underlying dataset in "Dataset". */
const TASK_NAMED_SOURCES = new Set(["NIv2", "T0"]);

/**
 * Rows of flan_collection_info.csv: task name → its specific and generic categories, in file order. For
 * FLAN, CoT, Dialog and Program Synthesis rows the task is the "Dataset" column; NIv2 and T0 rows put the
 * task (a Super-NI task, a T0 template-task) in "Specific Task Category" and the dataset it is built on in
 * "Dataset" (`anli`, `cosmos_qa`: names FLAN's own keys also use), so they are keyed by the task and
 * labelled by their generic category only.
 */
export async function readCollectionInfo(file: string): Promise<Map<string, string[]>> {
  const rows = parseCsv(await readTextFile(file));
  const header = rows.shift() ?? [];
  const col = (name: string): number => header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());
  const [source, dataset, specific, generic] = [col("Source"), col("Dataset"), col("Specific Task Category"), col("Generic Task Category")];
  if (dataset < 0 || specific < 0 || generic < 0) {
    throw new AdapterError(
      NAME,
      file,
      `expected columns Dataset, Specific Task Category, Generic Task Category; found: ${header.join(", ")}.`,
    );
  }
  const out = new Map<string, string[]>();
  for (const row of rows) {
    const byTask = TASK_NAMED_SOURCES.has(row[source]?.trim() ?? "");
    const name = (byTask ? row[specific] : row[dataset])?.trim();
    if (!name) continue;
    const labels = out.get(name) ?? [];
    for (const label of byTask ? [row[generic]?.trim()] : [row[specific]?.trim(), row[generic]?.trim()])
      if (label && !labels.includes(label)) labels.push(label);
    out.set(name, labels);
  }
  return out;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
