import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PyFloat } from "../../../src/core/py-number.js";
import { rngFor } from "../../../src/core/rng.js";
import { assembleFewShot, measure, pickDistinct, pruneToBudget, shotCount } from "../../../src/sources/flan/fewshot.js";
import { fillTemplate, MissingFieldError, templateFields } from "../../../src/sources/flan/fill.js";
import { formatOptions, formatOptionsRandom, PLAIN_OPTION_CANDIDATES } from "../../../src/sources/flan/options.js";
import { type FlanRenderOptions, type FlanTemplateSet, renderFlan } from "../../../src/sources/flan/render.js";
import {
  defaultPattern,
  type FewShotPattern,
  invertedIndices,
  noOptionsPattern,
  noOptionsTemplate,
} from "../../../src/sources/flan/templates.js";

const RTE_PATTERN: FewShotPattern = {
  inputs: "Context: {premise}\n{hypothesis}\n{options_}",
  targets: "{answer}",
  inputs_prefix: "Problem: ",
  targets_prefix: "A: ",
  x_y_delimiter: "\n",
  example_separator: "\n\n",
  final_suffix: "",
  input_pattern: "{{inputs}}{final_suffix}",
  in_template_mix: false,
};

describe("fillTemplate (format_from_feature_dictionary)", () => {
  it("fills {name} fields and leaves everything else literal", () => {
    expect(fillTemplate("{premise}\n\nQ: {hypothesis}n?", { premise: "P", hypothesis: "H" })).toBe("P\n\nQ: Hn?");
    expect(fillTemplate("keep {a b} and {{x}} as text", { x: "X" })).toBe("keep {a b} and {X} as text");
    expect(fillTemplate("", {})).toBe("");
  });

  it("stringifies values as Python's str() does", () => {
    expect(fillTemplate("{a}|{b}|{c}|{d}|{e}|{f}", { a: 3, b: new PyFloat(2), c: true, d: null, e: ["x", "y"], f: 0.5 })).toBe(
      "3|2.0|True|None|['x', 'y']|0.5",
    );
  });

  it("a part that is wholly {..} is a field even when \\w does not match it, as in FLAN", () => {
    expect(() => fillTemplate("{a b}", { a: 1 })).toThrow(MissingFieldError);
    expect(() => fillTemplate("{}", { a: 1 })).toThrow(/field '' is missing/);
  });

  it("names the missing field and the fields the row has", () => {
    expect(() => fillTemplate("{premise} {hypothesis}", { premise: "p", label: 1 })).toThrow(
      "field 'hypothesis' is missing (the row has: label, premise)",
    );
  });

  it("lists fields in first-use order", () => {
    expect(templateFields("{b}{a}{b}{ü_1}")).toEqual(["b", "a", "ü_1"]);
  });
});

describe("{options_}", () => {
  it("deterministic and letter forms", () => {
    expect(formatOptions(["yes", "no"], "deterministic")).toBe("OPTIONS:\n- yes\n- no");
    expect(formatOptions(["yes", "no"], "letter")).toBe("OPTIONS:\n(A) yes\n(B) no");
  });

  const candidates = {
    start: ["Choose:"],
    itemNames: [["\n (a). ", "\n (b). ", "\n (c). "]],
    endStrings: [[";", ";", ";"]],
  };

  it("random form: start + markers + ends, answer becomes the stripped marker when markers are distinct", () => {
    const out = formatOptionsRandom(["yes", "no"], " no ", candidates, rngFor(1, "t"));
    expect(out).toEqual({ text: "Choose:\n (a). yes;\n (b). no;", answer: "(b).", choices: ["(a).", "(b)."] });
  });

  it("random form keeps the answer when the markers repeat (bullets) or no option matches", () => {
    expect(formatOptionsRandom(["yes", "no"], "no", PLAIN_OPTION_CANDIDATES, rngFor(1, "t")).answer).toBe("no");
    expect(formatOptionsRandom(["yes", "no"], "maybe", candidates, rngFor(1, "t")).answer).toBe("maybe");
  });

  it("random form is a function of the seed", () => {
    const many = {
      start: ["", "A:", "B:"],
      itemNames: [
        ["\n- ", "\n- "],
        [" 1) ", " 2) "],
      ],
      endStrings: [
        ["", ""],
        [".", "."],
      ],
    };
    const draw = (seed: number) => formatOptionsRandom(["x", "y"], "x", many, rngFor(seed, "opts")).text;
    expect(draw(7)).toBe(draw(7));
    expect(new Set(Array.from({ length: 40 }, (_, i) => draw(i))).size).toBeGreaterThan(3);
  });
});

describe("NoOpt rules and inverted templates", () => {
  it("PATTERNS_NO_OPTIONS removes the option strings in FLAN's order", () => {
    expect(noOptionsTemplate({ input: "{premise}\n\n{options_}\nA:", target: "{answer}" }).input).toBe("{premise}\nA:");
    expect(noOptionsTemplate({ input: "Pick.{options_}. {q}\n\n{options_str}", target: "" }).input).toBe("Pick.. {q}");
  });

  it("FEWSHOT_PATTERNS_NO_OPTIONS removes ' | {options_}' and ' ({options_})' forms", () => {
    expect(noOptionsPattern({ ...RTE_PATTERN, inputs: "{q} | {options_}" }).inputs).toBe("{q}");
    expect(noOptionsPattern({ ...RTE_PATTERN, inputs: "{q} ({options_})?" }).inputs).toBe("{q}?");
  });

  it("a template whose target uses none of template 0's target fields is inverted; an override replaces the rule", () => {
    const templates = [
      { input: "{premise} {hypothesis}", target: "{answer}" },
      { input: "{premise}?", target: "So: {answer}" },
      { input: "Generate a context and a hypothesis.", target: "Context: {premise}\n\nHypothesis: {hypothesis}" },
    ];
    expect([...invertedIndices(templates)]).toEqual([2]);
    expect([...invertedIndices(templates, [0])]).toEqual([0]);
  });
});

describe("few-shot assembly", () => {
  it("rte pattern 0 gives FLAN's documented layout", () => {
    const ex = { pattern: RTE_PATTERN, inputs: "Context: P1\nH1\nOPTIONS:\n- yes\n- no", targets: "yes" };
    const out = assembleFewShot(RTE_PATTERN, "Context: P2\nH2\nOPTIONS:\n- yes\n- no", [ex]);
    expect(out).toBe("Problem: Context: P1\nH1\nOPTIONS:\n- yes\n- no\nA: yes\n\nProblem: Context: P2\nH2\nOPTIONS:\n- yes\n- no\nA:");
  });

  it("strips trailing spaces (not newlines) before the final suffix; {{inputs}} is formatted once", () => {
    const p = { ...RTE_PATTERN, inputs_prefix: "", targets_prefix: "", x_y_delimiter: "  ", final_suffix: "\nAnswer: " };
    expect(assembleFewShot(p, "Q", [])).toBe("Q\nAnswer: ");
    const nl = { ...p, x_y_delimiter: "\n", final_suffix: "" };
    expect(assembleFewShot(nl, "Q", [])).toBe("Q\n");
    expect(assembleFewShot({ ...p, input_pattern: "Task: {{inputs}}{final_suffix}{{x}}", final_suffix: "!" }, "Q", [], { x: "X" })).toBe(
      "Task: Q!X",
    );
  });

  it("shot counts: fixed 5/2/1, x_shot ⌊25/n⌋ or ⌈25/n⌉", () => {
    expect([0, 1, 2].map((i) => shotCount("fixed", i, 10, rngFor(1, "s")))).toEqual([5, 2, 1]);
    const counts = new Set(Array.from({ length: 50 }, (_, s) => shotCount("x_shot", 3, 10, rngFor(s, "s"))));
    expect([...counts].sort()).toEqual([2, 3]);
  });

  it("budget keeps the longest exemplar prefix that fits, in chars (code points) or whitespace tokens", () => {
    const ex = [
      { inputs: "a b", targets: "c" },
      { inputs: "d", targets: "e f g" },
      { inputs: "h", targets: "i" },
    ];
    expect(pruneToBudget(ex, "q q", { unit: "tokens", max: 5 })).toHaveLength(1);
    expect(pruneToBudget(ex, "q", { unit: "tokens", max: 9 })).toHaveLength(2);
    expect(measure("é😀", "chars")).toBe(2);
    expect(pruneToBudget([{ inputs: "😀😀", targets: "" }], "", { unit: "chars", max: 2 })).toHaveLength(1);
  });

  it("counts tokens as the pieces of text.trim().split(/\\s+/u), every JavaScript whitespace included (property)", () => {
    const pieces = [
      ..."\t\n\v\f\r \u0085\u00a0\u1680\u180e\u2000\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff",
      "a",
      "é",
      "😀",
      "\ud800",
    ];
    const split = (text: string): number => (text.trim() === "" ? 0 : text.trim().split(/\s+/u).length);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        expect(measure(text, "tokens")).toBe(split(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("exemplars are distinct and never excluded items (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 8 }),
        fc.nat(),
        (pool, banned, k, seed) => {
          const rows = pool.map((value, i) => ({ value, i }));
          const picked = pickDistinct(rows, k, rngFor(seed, "p"), (r) => r.value === banned);
          expect(picked.every((r) => r.value !== banned)).toBe(true);
          expect(new Set(picked.map((r) => r.i)).size).toBe(picked.length);
          expect(picked.length).toBe(Math.min(k, rows.filter((r) => r.value !== banned).length));
        },
      ),
    );
  });
});

describe("renderFlan", () => {
  const zs = [
    { input: '{premise}\n\nDoes "{hypothesis}" follow?\n\n{options_}', target: "{answer}" },
    { input: "Generate a premise.", target: "{premise}" },
  ];
  const set: FlanTemplateSet = { key: "nli", zeroShot: zs, fewShot: zs.map(defaultPattern), candidates: PLAIN_OPTION_CANDIDATES };
  const opts: FlanRenderOptions = {
    optionsStyle: "deterministic",
    shotRule: "fixed",
    budget: { unit: "tokens", max: 1920 },
    fallback: "zero_shot",
  };
  const row = { premise: "It rains.", hypothesis: "It is wet.", options: ["yes", "no"], answer: "yes" };
  const rng = () => rngFor(3, "render");

  it("zs_opt and zs_noopt", () => {
    expect(renderFlan({ set, index: 0, type: "zs_opt", row }, opts, rng())).toEqual({
      ok: true,
      input: 'It rains.\n\nDoes "It is wet." follow?\n\nOPTIONS:\n- yes\n- no',
      target: "yes",
      choices: ["yes", "no"],
    });
    expect(renderFlan({ set, index: 0, type: "zs_noopt", row }, opts, rng())).toEqual({
      ok: true,
      input: 'It rains.\n\nDoes "It is wet." follow?',
      target: "yes",
    });
  });

  it("fs_noopt with exemplars from the pool, default pattern layout (the query ends with the delimiter)", () => {
    const other = { premise: "Sun.", hypothesis: "Dry.", options: ["yes", "no"], answer: "no" };
    const out = renderFlan({ set, index: 2 - 1, type: "fs_noopt", row, pool: { rows: [other], exclude: () => false } }, opts, rng());
    expect(out).toEqual({ ok: true, input: "Generate a premise.\n\nSun.\n\n\nGenerate a premise.\n\n", target: "It rains." });
  });

  it("no exemplar: falls back to zero-shot (flagged) or drops", () => {
    const req = { set, index: 0, type: "fs_opt" as const, row, pool: { rows: [row], exclude: () => true } };
    expect(renderFlan(req, opts, rng())).toMatchObject({ ok: true, fellBackToZeroShot: true, target: "yes" });
    expect(renderFlan(req, { ...opts, fallback: "drop" }, rng())).toMatchObject({ ok: false, reason: "no_exemplar" });
  });

  it("a missing field names template and field", () => {
    expect(renderFlan({ set, index: 0, type: "zs_opt", row: { premise: "p", options: [] } }, opts, rng())).toEqual({
      ok: false,
      reason: "missing_field",
      detail: "template nli:0:zs_opt: field 'hypothesis' is missing (the row has: options, options_, options_str, premise)",
    });
  });

  it("an index beyond the task's templates is not applicable", () => {
    expect(renderFlan({ set, index: 5, type: "zs_opt", row }, opts, rng())).toMatchObject({ ok: false, reason: "template_not_applicable" });
  });

  it("the random options style rewrites the answer consistently with the rendered options", () => {
    const abc = { start: [""], itemNames: [["\n(a) ", "\n(b) "]], endStrings: [["", ""]] };
    const out = renderFlan({ set: { ...set, candidates: abc }, index: 0, type: "zs_opt", row }, { ...opts, optionsStyle: "random" }, rng());
    expect(out).toEqual({
      ok: true,
      input: 'It rains.\n\nDoes "It is wet." follow?\n\n\n(a) yes\n(b) no',
      target: "(a)",
      choices: ["(a)", "(b)"],
    });
  });
});
