import { describe, expect, it } from "vitest";
import {
  encodeTkDetailed,
  examplePiece,
  INSTANCE_LEAD,
  parseEncodingId,
  TK_INSTRUCT_ENCODINGS,
  type TkParts,
} from "../../../src/sources/supernatural/tk-encoding.js";
import { encodeTk } from "./encode.js";

/** Task1146's definition and demonstrations, as DOMAIN.md quotes them. */
const capitals: TkParts = {
  name: "task1146_country_capital",
  definition: "In this task, you are given a country name and you need to return the capital city of the given country",
  positive: [
    { input: "United States", output: "Washington", explanation: "Washington is the capital of United States." },
    { input: "India", output: "New Delhi", explanation: "New Delhi is the capital of India." },
  ],
  negative: [
    { input: "Japan", output: "Osaka", explanation: "Osaka is not the capital of Japan" },
    { input: "Peru", output: "lima!", explanation: "" },
  ],
};

const DEF = "Definition: In this task, you are given a country name and you need to return the capital city of the given country.\n\n";
const POS =
  " Positive Example 1 -\nInput: United States.\n Output: Washington.\n\n Positive Example 2 -\nInput: India.\n Output: New Delhi.\n\n";
const POS_EXPL =
  " Positive Example 1 -\nInput: United States.\n Output: Washington.\n Explanation: Washington is the capital of United States.\n\n Positive Example 2 -\nInput: India.\n Output: New Delhi.\n Explanation: New Delhi is the capital of India.\n\n";
const NEG = " Negative Example 1 -\nInput: Japan.\n Output: Osaka.\n\n Negative Example 2 -\nInput: Peru.\n Output: lima!\n\n";
const TASK = "Now complete the following example -\nInput: Afghanistan.\nOutput: ";

const encode = (id: string, input = "Afghanistan", parts = capitals) => encodeTk(parts, input, parseEncodingId(id));

describe("encoding ids", () => {
  it("parses the parts", () => {
    expect(parseEncodingId("def+pos2+neg2")).toEqual({ taskName: false, definition: true, positive: 2, negative: 2, explanation: false });
    expect(parseEncodingId("name+pos1+expl")).toEqual({ taskName: true, definition: false, positive: 1, negative: 0, explanation: true });
    expect(parseEncodingId("name+def+pos3+neg1+expl")).toEqual({
      taskName: true,
      definition: true,
      positive: 3,
      negative: 1,
      explanation: true,
    });
    expect(parseEncodingId("neg2+expl")).toEqual({ taskName: false, definition: false, positive: 0, negative: 2, explanation: true });
    expect(parseEncodingId("none")).toEqual({ taskName: false, definition: false, positive: 0, negative: 0, explanation: false });
    expect(parseEncodingId("name")).toEqual({ taskName: true, definition: false, positive: 0, negative: 0, explanation: false });
    expect(parseEncodingId("pos10")).toEqual({ taskName: false, definition: false, positive: 10, negative: 0, explanation: false });
  });
  it.each(["", "pos2+def", "def+", "pos0", "pos02", "def+def", "defpos2", "expl", "def+expl", "DEF", "pos2 "])(
    "rejects %j with the grammar",
    (id) => {
      expect(() => parseEncodingId(id)).toThrow(/parts joined by "\+" in this order/);
    },
  );
  it("lists the five tk_instruct encodings in the collator's order", () => {
    expect(TK_INSTRUCT_ENCODINGS).toEqual(["def", "pos2", "def+pos2", "def+pos2+neg2", "def+pos2+expl"]);
  });
});

describe("encodeTk, the five tk_instruct encodings", () => {
  it("reproduces DOMAIN.md's task1146 example (definition + 2 positives)", () => {
    expect(encode("def+pos2")).toBe(
      "Definition: In this task, you are given a country name and you need to return the capital city of the given country.\n\n Positive Example 1 -\nInput: United States.\n Output: Washington.\n\n Positive Example 2 -\nInput: India.\n Output: New Delhi.\n\nNow complete the following example -\nInput: Afghanistan.\nOutput: ",
    );
  });
  it("builds each encoding from its pieces", () => {
    expect(encode("def")).toBe(DEF + TASK);
    expect(encode("pos2")).toBe(POS + TASK);
    expect(encode("def+pos2+neg2")).toBe(DEF + POS + NEG + TASK);
    expect(encode("def+pos2+expl")).toBe(DEF + POS_EXPL + TASK);
  });
  it("cuts the source into the task-level text, the lead and the example", () => {
    const pieces = { def: DEF, pos2: POS, "def+pos2": DEF + POS, "def+pos2+neg2": DEF + POS + NEG, "def+pos2+expl": DEF + POS_EXPL };
    for (const [id, task] of Object.entries(pieces)) {
      const detailed = encodeTkDetailed(capitals, "Afghanistan", parseEncodingId(id));
      expect(detailed).toMatchObject({ task, lead: INSTANCE_LEAD, example: examplePiece("Afghanistan") });
      expect(detailed.task + detailed.lead + detailed.example).toBe(encode(id));
    }
    expect(INSTANCE_LEAD + examplePiece("Afghanistan")).toBe(TASK);
  });
  it("puts the task name first, with no period rule", () => {
    expect(encode("name+def")).toBe(`task1146_country_capital. ${DEF}${TASK}`);
  });
  it("gives negatives their explanations too, an empty one getting a lone period", () => {
    expect(encode("neg2+expl")).toBe(
      " Negative Example 1 -\nInput: Japan.\n Output: Osaka.\n Explanation: Osaka is not the capital of Japan.\n\n Negative Example 2 -\nInput: Peru.\n Output: lima!\n Explanation: .\n\n" +
        TASK,
    );
  });
  it("skips the explanation of a demo that has none", () => {
    const parts = { ...capitals, positive: [{ input: "Chile", output: "Santiago" }] };
    expect(encode("pos1+expl", "Chad", parts)).toBe(
      " Positive Example 1 -\nInput: Chile.\n Output: Santiago.\n\nNow complete the following example -\nInput: Chad.\nOutput: ",
    );
  });
  it("shows fewer demos when the task has fewer", () => {
    expect(encode("pos5")).toBe(POS + TASK);
  });
  it("gives the bare instance for none", () => {
    expect(encode("none")).toBe(TASK);
  });
});

describe("encodeTk, the period rule and stripping", () => {
  it("adds a period after non-ASCII punctuation such as 。", () => {
    expect(encode("none", "東京はどこですか。")).toBe("Now complete the following example -\nInput: 東京はどこですか。.\nOutput: ");
  });
  it("keeps ASCII punctuation as the last character", () => {
    expect(encode("none", "Is it Paris?")).toBe("Now complete the following example -\nInput: Is it Paris?\nOutput: ");
    expect(encode("none", "x)")).toBe("Now complete the following example -\nInput: x)\nOutput: ");
  });
  it("gives an empty input the piece 'Input: .'", () => {
    expect(encode("none", "")).toBe("Now complete the following example -\nInput: .\nOutput: ");
    expect(encode("none", " \n\t")).toBe("Now complete the following example -\nInput: .\nOutput: ");
  });
  it("strips Python whitespace at the edges only", () => {
    expect(encode("none", "\u001c\u0085  a \n b  \u3000")).toBe("Now complete the following example -\nInput: a \n b.\nOutput: ");
    expect(encode("none", "\ufeffa\ufeff")).toBe("Now complete the following example -\nInput: \ufeffa\ufeff.\nOutput: ");
  });
  it("strips the definition and demo outputs", () => {
    const parts: TkParts = { name: "t", definition: "  Answer.  \n", positive: [{ input: " in ", output: "  out \n" }], negative: [] };
    expect(encodeTk(parts, "q", parseEncodingId("def+pos1"))).toBe(
      "Definition: Answer.\n\n Positive Example 1 -\nInput: in.\n Output: out.\n\nNow complete the following example -\nInput: q.\nOutput: ",
    );
  });
  it("gives an empty definition a lone period", () => {
    expect(encodeTk({ ...capitals, definition: " " }, "x", parseEncodingId("def"))).toBe(
      "Definition: .\n\nNow complete the following example -\nInput: x.\nOutput: ",
    );
  });
  it("checks the last code point of astral text", () => {
    expect(encode("none", "ok 😀")).toBe("Now complete the following example -\nInput: ok 😀.\nOutput: ");
  });
});

describe("encodeTk with a character budget", () => {
  const spec = parseEncodingId("def+pos2+neg2");
  const length = (s: string) => Array.from(s).length;
  it("is off by default and changes nothing when everything fits", () => {
    expect(encodeTk(capitals, "Afghanistan", spec, { maxChars: 10_000 })).toBe(encode("def+pos2+neg2"));
  });
  it("adds demos while definition + accepted demos joined by ' ' + candidate + instance fits", () => {
    const pos1 = POS.slice(0, POS.indexOf(" Positive Example 2"));
    const pos2 = POS.slice(pos1.length);
    // Exactly the collator's check for the second positive: one joining space is not counted in the source.
    const exact = length(DEF + pos1 + pos2 + TASK);
    expect(encodeTkDetailed(capitals, "Afghanistan", spec, { maxChars: exact }).positiveShown).toBe(2);
    expect(encodeTkDetailed(capitals, "Afghanistan", spec, { maxChars: exact - 1 }).positiveShown).toBe(1);
  });
  it("still tries the negatives after a positive did not fit (each loop stops on its own)", () => {
    const pos1 = POS.slice(0, POS.indexOf(" Positive Example 2"));
    const neg1 = NEG.slice(0, NEG.indexOf(" Negative Example 2"));
    const maxChars = length(DEF + pos1 + neg1 + TASK); // too short for positive 2, long enough for negative 1
    expect(encodeTkDetailed(capitals, "Afghanistan", spec, { maxChars })).toMatchObject({
      positiveShown: 1,
      negativeShown: 1,
      task: DEF + pos1 + neg1,
      lead: "Now complete the following example -\n",
      example: "Input: Afghanistan.\nOutput: ",
    });
    expect(encodeTk(capitals, "Afghanistan", spec, { maxChars })).toBe(DEF + pos1 + neg1 + TASK);
  });
  it("counts the joining spaces of accepted demos", () => {
    const neg1 = NEG.slice(0, NEG.indexOf(" Negative Example 2"));
    const needed = length(DEF + POS + neg1 + TASK) + 1; // " ".join of two positives adds one space
    expect(encodeTkDetailed(capitals, "Afghanistan", spec, { maxChars: needed }).negativeShown).toBe(1);
    expect(encodeTkDetailed(capitals, "Afghanistan", spec, { maxChars: needed - 1 }).negativeShown).toBe(0);
  });
  it("counts the joining space between accepted positives when trying a third", () => {
    const parts = { ...capitals, positive: [...capitals.positive, { input: "Chad", output: "N'Djamena" }] };
    const all = encodeTk(parts, "Afghanistan", parseEncodingId("def+pos3"));
    const pos3 = parseEncodingId("def+pos3");
    expect(encodeTkDetailed(parts, "Afghanistan", pos3, { maxChars: length(all) + 1 }).positiveShown).toBe(3);
    expect(encodeTkDetailed(parts, "Afghanistan", pos3, { maxChars: length(all) }).positiveShown).toBe(2);
  });
  it("stops at the first demo that does not fit, even if a later one would", () => {
    const parts = {
      ...capitals,
      positive: [
        { input: "x".repeat(500), output: "y" },
        { input: "a", output: "b" },
      ],
    };
    const result = encodeTkDetailed(parts, "q", parseEncodingId("pos2"), { maxChars: 200 });
    expect(result.positiveShown).toBe(0);
    expect(result.overBudget).toBe(false);
  });
  it("does not count the task name, but reports a finished source over budget", () => {
    const named = parseEncodingId("name+def");
    const fit = length(DEF + TASK);
    expect(encodeTkDetailed(capitals, "Afghanistan", named, { maxChars: fit }).overBudget).toBe(true);
    expect(encodeTkDetailed(capitals, "Afghanistan", parseEncodingId("def"), { maxChars: fit }).overBudget).toBe(false);
  });
  it("counts code points, not UTF-16 units", () => {
    const parts: TkParts = { name: "t", definition: "d", positive: [{ input: "😀😀", output: "o" }], negative: [] };
    const full = encodeTk(parts, "q", parseEncodingId("pos1"));
    expect(encodeTkDetailed(parts, "q", parseEncodingId("pos1"), { maxChars: length(full) }).positiveShown).toBe(1);
  });
});
