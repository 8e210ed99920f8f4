import { describe, expect, it } from "vitest";
import { databaseMatches, fuzzRatio } from "../../../src/sources/unifiedskg/bridge.js";
import { kvretTurn, sqlDialogueText } from "../../../src/sources/unifiedskg/conversation.js";
import { findLongestMatch } from "../../../src/sources/unifiedskg/difflib.js";
import { assembleInput } from "../../../src/sources/unifiedskg/input.js";
import { normalizeQuery, serializeSchema, sqlTarget } from "../../../src/sources/unifiedskg/sql.js";

describe("normalizeQuery (PICARD normalize)", () => {
  it.each([
    ["SELECT T1.Name ,  count(*) FROM Singer AS T1", "select t1.name, count(*) from singer as t1"],
    ['SELECT * FROM t WHERE name = "Bob Ross"', 'select * from t where name = "Bob Ross"'],
    ["WHERE a = 'New York City'", "where a = 'New york City'"],
    ["SELECT  Ä,\tÖ FROM Straße", "select ä, ö from straße"],
    ["x  ,  y", "x, y"],
  ])("%j → %j", (query, expected) => {
    expect(normalizeQuery(query)).toBe(expected);
  });

  it("prefixes the db_id only with target_with_db_id", () => {
    expect(sqlTarget("SELECT A", "db", true)).toBe("db | select a");
    expect(sqlTarget("SELECT A", "db", false)).toBe("select a");
  });
});

describe("serializeSchema (peteshaw)", () => {
  const schema = {
    dbId: "Concert_Singer",
    tableNames: ["Stadium", "singer"],
    columns: [
      { tableId: -1, name: "*" },
      { tableId: 0, name: "Stadium_ID" },
      { tableId: 0, name: "Location" },
      { tableId: 1, name: "Name" },
      { tableId: 1, name: "Country" },
    ],
  };

  it("lower-cases table and column names but not the db_id, and leaves `*` out", () => {
    expect(serializeSchema(schema, { withDbContent: false, question: "" })).toBe(
      " | Concert_Singer | stadium : stadium_id , location | singer : name , country",
    );
  });

  it("appends the matched DB values, best first (score, then match length), at most two", () => {
    const values = (table: string, column: string) =>
      table === "singer" && column === "Country"
        ? ["France", "Netherlands", "United States"]
        : table === "Stadium" && column === "Location"
          ? ["Raith Rovers", "Ayr United"]
          : [];
    const out = serializeSchema(schema, {
      withDbContent: true,
      question: "Which singers from France or the Netherlands play at Raith Rovers?",
      values,
    });
    expect(out).toBe(
      " | Concert_Singer | stadium : stadium_id , location ( Raith Rovers ) | singer : name , country ( Netherlands , France )",
    );
  });
});

describe("databaseMatches (BRIDGE content matching)", () => {
  it("matches exact and near-exact mentions, case-insensitively", () => {
    expect(databaseMatches("how many dogs live in paris?", "pets", "city", ["Paris", "London"])).toEqual(["Paris"]);
    expect(databaseMatches("songs by the beatle", "t", "band", ["The Beatles"])).toEqual(["The Beatles"]);
  });

  it("needs an exact match for columns named like `name`, and for upper-case values", () => {
    expect(databaseMatches("songs by beatle", "t", "band", ["Beatles"])).toEqual(["Beatles"]);
    expect(databaseMatches("songs by beatle", "t", "band_name", ["Beatles"])).toEqual([]);
    expect(databaseMatches("shows on bbc", "t", "channel", ["BBC"])).toEqual(["BBC"]);
    expect(databaseMatches("shows on bbcs", "t", "channel", ["BBC"])).toEqual([]);
  });

  it("skips numbers, stopwords, `id`, common words unless exact, and non-text columns", () => {
    expect(databaseMatches("born in 1999", "t", "year", ["1999"])).toEqual([]);
    expect(databaseMatches("the singer", "t", "x", ["the"])).toEqual([]);
    expect(databaseMatches("with id 3", "t", "x", ["id"])).toEqual([]);
    expect(databaseMatches("answer yes", "t", "x", ["yes"])).toEqual(["yes"]);
    expect(databaseMatches("paris", "t", "x", [3, "Paris"])).toEqual([]);
    expect(databaseMatches("paris", "t", "x", [null, "Paris"])).toEqual([]);
    expect(databaseMatches("paris", "sqlite_sequence", "x", ["Paris"])).toEqual([]);
  });

  it("counts `'s` after the value as exact", () => {
    expect(databaseMatches("what is alice's age", "t", "first_name", ["Alice"])).toEqual(["Alice"]);
  });

  it("rapidfuzz ratio and difflib longest match", () => {
    expect(fuzzRatio("paris", "pariss")).toBeCloseTo((2 * 5 * 100) / 11, 10);
    expect(fuzzRatio("", "")).toBe(100);
    expect(findLongestMatch([..."abxcd"], [..."xcdab"])).toEqual({ a: 2, b: 0, size: 3 });
    expect(findLongestMatch([..."xyz"], [..."abc"])).toEqual({ a: 0, b: 0, size: 0 });
  });
});

describe("conversation and input assembly", () => {
  it("joins SParC/CoSQL utterances newest first after ' || '", () => {
    expect(sqlDialogueText([" first ", "second", " now "])).toBe("now || second | first");
    expect(sqlDialogueText(["only"])).toBe("only");
  });

  it("builds KVRET history from assistant | driver pairs, with ' || ' even on the first turn", () => {
    expect(kvretTurn(["hi"], ["hello"])).toEqual({ history: "hi || ", response: "hello" });
    expect(kvretTurn(["d1", "d2", "d3"], ["a1", "a2", "a3"])).toEqual({ history: "d3 || a2 | d2 | a1 | d1", response: "a3" });
  });

  const model = { knowledgeUsage: "concatenate", useDescription: false, concatenateDescription: false };
  it.each([
    [{ text_in: "q", struct_in: "s", seq_out: "" }, model, "q ; structured knowledge: s"],
    [{ text_in: "now || a | b", struct_in: "s", seq_out: "" }, model, "now ; structured knowledge: s ; context: a | b"],
    [{ text_in: "", struct_in: "s", seq_out: "" }, model, "structured knowledge: s"],
    [
      { text_in: "q", struct_in: "s", seq_out: "", description: "task: x" },
      { ...model, useDescription: true, concatenateDescription: true },
      "task: x ; q ; structured knowledge: s",
    ],
    [
      { text_in: "q", struct_in: "s", seq_out: "", description: "task: x" },
      { ...model, useDescription: true },
      "q ; structured knowledge: s",
    ],
    [{ text_in: "now || a", struct_in: "s", seq_out: "" }, { ...model, knowledgeUsage: "separate" }, "now ; context: a"],
    [{ text_in: "q", struct_in: "s", seq_out: "" }, { ...model, knowledgeUsage: undefined }, "q ; structured knowledge: s"],
  ])("%j", (item, options, expected) => {
    expect(assembleInput(item, options)).toBe(expected);
  });

  it("rejects what upstream rejects", () => {
    expect(() => assembleInput({ text_in: "", struct_in: "s", seq_out: "" }, { ...model, knowledgeUsage: undefined })).toThrow(
      "an item without text_in needs knowledge_usage",
    );
    expect(() => assembleInput({ text_in: "q", struct_in: "s", seq_out: "" }, { ...model, knowledgeUsage: "both" })).toThrow(
      'knowledge_usage = "both" is not supported. Expected one of: concatenate, separate.',
    );
  });
});
