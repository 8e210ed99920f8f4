import { describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { SkgFieldError } from "../../../src/sources/unifiedskg/fields.js";
import { linearizeTable, readTable } from "../../../src/sources/unifiedskg/table.js";
import { truncateTable } from "../../../src/sources/unifiedskg/table-truncate.js";
import { linearizeTriples } from "../../../src/sources/unifiedskg/triples.js";

const rng = () => rngFor(0, "test", "table");

describe("linearizeTable (IndexedRowTableLinearize)", () => {
  it("numbers rows from 1 and keeps separators inside cells as they are", () => {
    const table = readTable(
      {
        header: ["Name", "Score | Pts", "Note: a"],
        rows: [
          ["Ann", "3 | 4", "x : y"],
          ["Bo", "", "ok"],
        ],
      },
      "table",
    );
    expect(linearizeTable(table)).toBe("col : Name | Score | Pts | Note: a row 1 : Ann | 3 | 4 | x : y row 2 : Bo |  | ok");
  });

  it("linearizes an empty table as its header, and a header-less one as `col :`", () => {
    expect(linearizeTable(readTable({ header: ["A", "B"], rows: [] }, "t"))).toBe("col : A | B");
    expect(linearizeTable(readTable({ header: [], rows: [] }, "t"))).toBe("col :");
  });

  it("strips the edges of the whole string only", () => {
    expect(linearizeTable(readTable({ header: ["A"], rows: [["  x  "], [" "]] }, "t"))).toBe("col : A row 1 :   x   row 2 :");
  });

  it("prints numbers as Python would and booleans as True/False", () => {
    expect(linearizeTable(readTable({ header: ["n"], rows: [[3], [-0.5], [2.5e-7], [1e21], [true]] }, "t"))).toBe(
      "col : n row 1 : 3 row 2 : -0.5 row 3 : 2.5e-07 row 4 : 1000000000000000000000 row 5 : True",
    );
  });

  it("keeps unicode as is (lower-casing is the constructor's job)", () => {
    expect(linearizeTable(readTable({ header: ["Stadt"], rows: [["Zürich 🙂"], ["東京"]] }, "t"))).toBe(
      "col : Stadt row 1 : Zürich 🙂 row 2 : 東京",
    );
  });

  it("names the cell and the field for nulls, missing parts and wrong shapes", () => {
    expect(() => readTable({ header: ["a"], rows: [["x"], [null]] }, "table")).toThrow(
      "table.rows[1][0]: a table cell is null; expected a string or a number",
    );
    expect(() => readTable({ rows: [] }, "table")).toThrow("table.header: missing or not a list; expected the column names");
    expect(() => readTable(undefined, "kb")).toThrow("kb: missing; expected a table {header, rows}");
    expect(() => readTable({ header: [], rows: ["ab"] }, "table")).toThrow("table.rows[0]: a row is not a list of cells");
    let error: unknown;
    try {
      readTable({ header: ["a"], rows: [[null]] }, "table");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SkgFieldError);
    expect((error as SkgFieldError).reason).toBe("null_cell");
  });
});

describe("truncateTable (our tokenizer-free decision)", () => {
  const words = (n: number, w = "w") => Array.from({ length: n }, (_, i) => `${w}${i}`).join(" ");

  it("leaves a table that fits unchanged", () => {
    const table = readTable(
      {
        header: ["a", "b"],
        rows: [
          ["x y", "1"],
          ["z", "2"],
        ],
      },
      "t",
    );
    const out = truncateTable(table, "what is x?", [], { maxCellLength: 15, maxInputLength: 1024 }, rng());
    expect(out.table).toEqual(table);
    expect(out.report).toEqual({ cellsCut: 0, rowsDeleted: 0 });
  });

  it("cuts a cell of 15 or more words to its first 15, and rewrites an answer equal to it", () => {
    const long = words(20);
    const answers = [long];
    const out = truncateTable(
      readTable({ header: ["a"], rows: [[long]] }, "t"),
      "q",
      answers,
      { maxCellLength: 15, maxInputLength: 1024 },
      rng(),
    );
    expect(out.table.rows[0]?.[0]).toBe(words(15));
    expect(answers).toEqual([words(15)]);
    expect(out.report.cellsCut).toBe(1);
  });

  it("drops trailing rows once the budget is spent (no random deletion when every row is related)", () => {
    // Every row holds the question word "k", so none may be deleted at random; each row is 7 words.
    const rows = Array.from({ length: 6 }, (_, i) => ["k", `v${i}`, "z"]);
    const out = truncateTable(
      readTable({ header: ["a", "b", "c"], rows }, "t"),
      "k",
      [],
      { maxCellLength: 15, maxInputLength: 1 + 7 + 7 * 3 + 3 },
      rng(),
    );
    expect(out.table.rows).toEqual(rows.slice(0, 3));
    expect(out.report.rowsDeleted).toBe(3);
  });

  it("deletes only unrelated rows at random, the same ones for the same seed, and fits the budget", () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`c${i}`, `d${i}`]);
    rows[20] = ["needle", "x"];
    const run = (seed: number) =>
      truncateTable(
        readTable({ header: ["a", "b"], rows }, "t"),
        "find the needle",
        [],
        { maxCellLength: 15, maxInputLength: 120 },
        rngFor(seed, "t"),
      );
    const a = run(1);
    expect(a.table.rows).toEqual(run(1).table.rows);
    expect(a.table.rows.some((r) => r[0] === "needle")).toBe(true);
    expect(a.report.rowsDeleted).toBeGreaterThan(0);
    const linear = linearizeTable(a.table);
    expect(linear.split(/\s+/).length + 3).toBeLessThanOrEqual(120 + 3);
  });
});

describe("linearizeTriples (DART)", () => {
  it("lower-cases only the relation and keeps separators in values", () => {
    expect(
      linearizeTriples(
        [
          ["Ann | B", "birthPlace", "Zürich"],
          ["x : y", "AREA", "10"],
        ],
        "tripleset",
      ),
    ).toBe("Ann | B : birthplace : Zürich | x : y : area : 10");
  });

  it("names the bad triple", () => {
    expect(() => linearizeTriples([["a", "b"]], "tripleset")).toThrow(
      "tripleset[0]: a triple must be a list of exactly 3 values [subject, relation, object]",
    );
    expect(() => linearizeTriples(undefined, "tripleset")).toThrow("tripleset: missing; expected a list of [subject, relation, object]");
    expect(linearizeTriples([], "tripleset")).toBe("");
  });
});
