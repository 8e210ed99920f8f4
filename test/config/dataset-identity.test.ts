/**
 * One dataset seen through several sources has one id (categories/datasets.yaml), so the shared-dataset
 * rule and the held-out levels work across the real corpora. Each name is what an adapter gives as the raw
 * dataset: PromptSource its template folder, FLAN its PATTERNS key, Super-NI its first `Source`, UnifiedSKG
 * its loader script's name. Decisions are recorded in categories/README.md ("Dataset identity across sources").
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalDataset, loadTaxonomy, type Taxonomy } from "../../src/config/categories.js";

let taxonomy: Taxonomy;
beforeAll(async () => {
  taxonomy = await loadTaxonomy(path.resolve(import.meta.dirname, "../../categories"));
});

/** id → the names the sources use for it: [promptsource, flan, supernatural, unifiedskg] names, any may be empty. */
const SAME: Record<string, { promptsource?: string[]; flan?: string[]; supernatural?: string[]; unifiedskg?: string[] }> = {
  mnli: {
    promptsource: ["glue/mnli", "glue/mnli_matched", "glue/mnli_mismatched", "multi_nli", "xnli/en"],
    flan: ["mnli", "mnli_matched", "mnli_mismatched"],
    supernatural: ["multinli"],
  },
  rte: { promptsource: ["super_glue/rte", "glue/rte"], flan: ["rte"], supernatural: ["rte"] },
  snli: { promptsource: ["snli", "esnli"], flan: ["snli", "cot_esnli", "stream_esnli"], supernatural: ["snli", "e_snli"] },
  squad: {
    promptsource: ["squad", "squad_v2", "squad_adversarial/addsent", "xquad/xquad.en", "xquad_r/en"],
    flan: ["squad_v1", "squad_v2"],
    supernatural: ["squad1.1", "squad_1.1", "squad2.0", "xquad"],
  },
  commonsense_qa: {
    promptsource: ["commonsense_qa", "cos_e/v1.11", "cos_e/v1.0"],
    flan: ["cot_ecqa", "stream_ecqa"],
    supernatural: ["commonsenseqa"],
  },
  paws: { promptsource: ["paws/labeled_final", "paws/labeled_swap", "paws-x/en"], flan: ["paws_wiki"], supernatural: ["paws", "paws_x"] },
  wic: { promptsource: ["super_glue/wic"], flan: ["wic"], supernatural: ["xl_wic"] },
  wsc: {
    promptsource: ["super_glue/wsc.fixed", "winograd_wsc/wsc273", "winograd_wsc/wsc285"],
    flan: ["wsc", "wsc273"],
    supernatural: ["winograd_wsc", "wsc; enhanced_wsc"],
  },
  natural_questions: { promptsource: ["nq_open", "kilt_tasks/nq"], flan: ["natural_questions"], supernatural: ["natural_questions"] },
  hotpot_qa: { promptsource: ["hotpot_qa/distractor", "hotpot_qa/fullwiki", "kilt_tasks/hotpotqa"], supernatural: ["hotpotqa"] },
  sst2: { promptsource: ["glue/sst2", "sst/default"], flan: ["sst2"], supernatural: ["sst2"] },
  stsb: { promptsource: ["glue/stsb", "stsb_multi_mt/en"], flan: ["stsb"], supernatural: ["sts_b"] },
  qqp: { promptsource: ["glue/qqp", "quora"], flan: ["glue_qqp"], supernatural: ["qqp"] },
  lambada: { promptsource: ["lambada", "craffel/openai_lambada"], flan: ["lambada"] },
  e2e_nlg: { promptsource: ["e2e_nlg_cleaned"], flan: ["e2e_nlg"], supernatural: ["e2e"], unifiedskg: ["e2e_nlg_cleaned"] },
  web_nlg: { promptsource: ["enriched_web_nlg/en"], flan: ["web_nlg_en"], supernatural: ["web_nlg"] },
  tab_fact: { promptsource: ["tab_fact/tab_fact"], unifiedskg: ["tab_fact"] },
  spider: { supernatural: ["splash"], unifiedskg: ["spider", "sql2text"] },
  wikisql: { unifiedskg: ["wikisql_tapas", "wikisql"] },
  civil_comments: { promptsource: ["jigsaw_unintended_bias"], supernatural: ["jigsaw", "civil_comments"] },
  math_qa: { promptsource: ["math_qa"], supernatural: ["mathqa"] },
  aqua: { promptsource: ["aqua_rat/raw"], flan: ["stream_aqua"], supernatural: ["aqua"] },
  strategyqa: {
    flan: ["strategyqa", "cot_strategyqa", "bigbench:strategyqa.gen.blueridge_vocab.0_shot.1000_examples"],
    supernatural: ["strategyqa"],
  },
  sick: { promptsource: ["sick", "sem_eval_2014_task_1"], supernatural: ["sick"] },
  hateeval: { promptsource: ["tweet_eval/hate"], supernatural: ["hateeval"] },
  olid: { promptsource: ["tweet_eval/offensive"], supernatural: ["olid"] },
  semeval_2018_task3: { promptsource: ["tweet_eval/irony"], supernatural: ["semeval_2018_task3"] },
  semeval_2020_task_7: { promptsource: ["humicroedit/subtask-1", "humicroedit/subtask-2"], supernatural: ["semeval_2020_task_7"] },
  clariq: { promptsource: ["conv_ai_3"], supernatural: ["clariq"] },
  qasc: { promptsource: ["qasc"], flan: ["cot_qasc", "stream_qasc"], supernatural: ["qasc", "eqasc"] },
  wino_bias: { promptsource: ["wino_bias/type1_anti", "wino_bias/type2_pro"], supernatural: ["wino_bias", "winomt"] },
  amazon_reviews_multi: { promptsource: ["amazon_reviews_multi/en"], supernatural: ["multilingual_amazon_reviews"] },
  qa_zre: { promptsource: ["qa_zre"], supernatural: ["question_&_answer_zre"] },
};

describe("dataset identity across sources", () => {
  for (const [id, names] of Object.entries(SAME)) {
    const all = Object.entries(names).flatMap(([source, list]) => list.map((name) => `${source}:${name}`));
    it(`${id}: ${all.join(", ")}`, () => {
      expect(all.length).toBeGreaterThan(1);
      for (const entry of all) {
        const name = entry.slice(entry.indexOf(":") + 1);
        expect(canonicalDataset(name.toLowerCase(), taxonomy), entry).toBe(id);
        // every name is a decision written in datasets.yaml, not an accident of normalization
        expect(taxonomy.datasetAliases.has(canonicalDataset(name, taxonomy)), entry).toBe(true);
      }
    });
  }

  it("keeps apart data that is only built from another's material", () => {
    const pairs: [string, string][] = [
      ["fever/v1.0", "feverous"],
      ["squadshifts/nyt", "squad"],
      ["asnq", "natural_questions"],
      ["xcopa", "copa"],
      ["glue/qnli", "squad"],
      ["jigsaw_toxicity_pred", "jigsaw"],
      ["emotion", "tweet_eval/emotion"],
      ["yahoo_answers_qa", "yahoo_answers_topics"],
      ["code_x_glue_tc_text_to_code", "codexglue"],
    ];
    for (const [a, b] of pairs) expect(canonicalDataset(a, taxonomy), `${a} vs ${b}`).not.toBe(canonicalDataset(b, taxonomy));
  });
});
