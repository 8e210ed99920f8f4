/**
 * Table constructors (`seq2seq_construction/wikitq.py`, `wikisql.py`, `tab_fact.py`, `fetaqa.py`,
 * `kvret.py`): truncate, linearize, lower-case all three fields.
 */
import { cfgGet } from "../config.js";
import { kvretTurn, kvretTurnCount } from "../conversation.js";
import { asStringList, type Row, requireObject, requireString, SkgFieldError, sequenceOfDicts } from "../fields.js";
import { linearizeTable, readTable, type SkgTable } from "../table.js";
import { truncateTable } from "../table-truncate.js";
import type { ConstructContext, ConstructedItem, SkgConstructor } from "./types.js";

/** `table_truncation_max_length`; upstream has no default (None crashes), 1024 is what every cfg sets. */
function maxInputLength(ctx: ConstructContext): number {
  const value = cfgGet({ seq2seq: ctx.seq2seq }, "seq2seq", "table_truncation_max_length");
  return typeof value === "number" ? value : 1024;
}

function linearized(table: SkgTable, question: string, answers: string[], maxCellLength: number, ctx: ConstructContext) {
  const cut = truncateTable(table, question, answers, { maxCellLength, maxInputLength: maxInputLength(ctx) }, ctx.rng);
  return { struct: linearizeTable(cut.table), truncation: cut.report };
}

/** `TableProcessor.process_output`: answers joined by ", "; an empty result is an error upstream. */
function joinAnswers(answers: readonly string[], field: string): string {
  const out = answers.join(", ");
  if (out.trim() === "") throw new SkgFieldError("empty_answer", field, 'the answer is empty (UnifiedSKG raises "The Answer is EMPTY!")');
  return out;
}

function answerList(row: Row): { field: string; answers: string[] } {
  const field = row.answer_text === undefined && row.answers !== undefined ? "answers" : "answer_text";
  return { field, answers: asStringList(row[field], field) };
}

/** wikitq and wikisql: answers guide truncation in train only; wikitq truncates with the question as given. */
function tableQa(name: string, lowerQuestionFirst: boolean): SkgConstructor {
  return {
    name,
    family: "question answering",
    count: () => 1,
    build(row, ctx) {
      const raw = requireString(row, "question");
      const question = lowerQuestionFirst ? raw.toLowerCase() : raw;
      const table = readTable(row.table, "table");
      const { field, answers } = answerList(row);
      const gold = [...answers];
      const { struct, truncation } = linearized(table, question, ctx.split === "train" ? gold : [], 15, ctx);
      const seqOut = joinAnswers(gold, field).toLowerCase();
      return [{ text_in: question.toLowerCase(), struct_in: struct.toLowerCase(), seq_out: seqOut, references: [seqOut], truncation }];
    },
  };
}

const LABELS: Readonly<Record<number, string>> = { 1: "entailed", 0: "refuted" };

export const tabFact: SkgConstructor = {
  name: "tab_fact",
  family: "fact verification",
  count: () => 1,
  build(row, ctx) {
    const statement = requireString(row, "statement").toLowerCase();
    const label = LABELS[row.label as number];
    if (label === undefined)
      throw new SkgFieldError(row.label === undefined ? "missing_field" : "bad_field", "label", "expected 1 (entailed) or 0 (refuted)");
    const { struct, truncation } = linearized(readTable(row.table, "table"), statement, [], 15, ctx);
    return [{ text_in: statement, struct_in: struct.toLowerCase(), seq_out: label, references: [label], truncation }];
  },
};

export const fetaqa: SkgConstructor = {
  name: "fetaqa",
  family: "question answering",
  count: () => 1,
  build(row, ctx) {
    const question = requireString(row, "question").toLowerCase();
    const meta = requireString(row, "meta");
    const answer = requireString(row, "answer_text").toLowerCase();
    const { struct, truncation } = linearized(readTable(row.table, "table"), question, [], 15, ctx);
    return [{ text_in: question, struct_in: `${meta} ${struct}`.toLowerCase(), seq_out: answer, references: [answer], truncation }];
  },
};

function dialogue(row: Row): { driver: string[]; assistant: string[] } {
  const turns = sequenceOfDicts(row.dialogue, "dialogue", ["driver", "assistant"]);
  return { driver: asStringList(turns.driver, "dialogue.driver"), assistant: asStringList(turns.assistant, "dialogue.assistant") };
}

/** KVRET: one item per answered turn; cells keep up to 100 words (the weather tables have long cells). */
export const kvret: SkgConstructor = {
  name: "kvret",
  family: "conversational",
  count: (row) => {
    const { driver, assistant } = dialogue(row);
    return kvretTurnCount(driver.length, assistant.length);
  },
  build(row, ctx) {
    const { driver, assistant } = dialogue(row);
    const kb = readTable(requireObject(row, "kb"), "kb");
    const items: ConstructedItem[] = [];
    for (let i = 1; i <= kvretTurnCount(driver.length, assistant.length); i++) {
      const { history, response } = kvretTurn(driver.slice(0, i), assistant.slice(0, i));
      const { struct, truncation } = linearized(kb, history, [], 100, ctx);
      const seqOut = response.toLowerCase();
      items.push({ text_in: history.toLowerCase(), struct_in: struct.toLowerCase(), seq_out: seqOut, references: [seqOut], truncation });
    }
    return items;
  },
};

export const wikitq = tableQa("wikitq", false);
export const wikisql = tableQa("wikisql", true);
