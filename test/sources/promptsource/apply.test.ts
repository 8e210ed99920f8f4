import { describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import {
  type ApplicableTemplate,
  type ApplyResult,
  applyTemplate,
  PIPE_PROTECTOR,
  type PreparedOptions,
  prepareTemplate,
  protectRow,
} from "../../../src/sources/promptsource/apply.js";

const rng = () => rngFor(0, "test");
function apply(
  jinja: string,
  row: Record<string, unknown>,
  answerChoices: string | null = null,
  options: PreparedOptions = {},
  limits = {},
): ApplyResult {
  const template: ApplicableTemplate = { id: "t-1", jinja, answerChoices };
  return applyTemplate(prepareTemplate(template, options), row, rng(), limits);
}
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i % 10}`).join(" ");

describe("applyTemplate", () => {
  it("splits prompt and target on ||| and strips both", () => {
    expect(apply("  {{ a }}  |||\n {{ b }} \n", { a: "x", b: "y" })).toEqual({ ok: true, prompt: "x", completion: "y", references: ["y"] });
  });

  it("protects ||| in top-level string fields and restores it after the split", () => {
    expect(apply("{{ a }} ||| {{ b }}", { a: "p ||| q", b: "r|||" })).toEqual({
      ok: true,
      prompt: "p ||| q",
      completion: "r|||",
      references: ["r|||"],
    });
  });

  it("does not protect nested values, as upstream", () => {
    expect(apply("{{ n.a }} ||| t", { n: { a: "p ||| q" } })).toMatchObject({ ok: false, reason: "wrong_part_count" });
    expect(protectRow({ a: "|||", n: ["|||"] })).toEqual({ a: PIPE_PROTECTOR, n: ["|||"] });
  });

  it("renders answer choices untruncated, strips then unescapes each", () => {
    const long = words(1000);
    const result = apply("{{ answer_choices[1] }} ||| {{ answer_choices | length }}", { a: " x |||y ", b: long }, "{{ a }} ||| {{ b }}");
    expect(result).toMatchObject({ ok: true, choices: ["x |||y", long], completion: "2" });
    if (result.ok) expect(result.prompt).toMatch(/^w0 w1 .*\.\.\.$/);
    // The unescaped choice brings its "|||" back into the output, as upstream.
    expect(apply("{{ answer_choices[0] }} ||| t", { a: "x |||y" }, "{{ a }}")).toMatchObject({ ok: false, reason: "wrong_part_count" });
  });

  it("gives answer_choices None without an expression", () => {
    expect(apply("{{ answer_choices }} ||| {{ answer_choices is none }}", {})).toMatchObject({
      ok: true,
      prompt: "None",
      completion: "True",
    });
  });

  it("truncates printed expressions Jinja2's way: keep <= 2053, else cut at the last space before 2045 and add ...", () => {
    const at = `${"a".repeat(2000)} ${"b".repeat(52)}`; // 2053 code points
    const over = `${at}c`;
    expect(apply("{{ t }} ||| x", { t: at })).toMatchObject({ prompt: at });
    expect(apply("{{ t }} ||| x", { t: over })).toMatchObject({ prompt: `${"a".repeat(2000)}...` });
    expect(apply("{{ t }} ||| x", { t: over }, null, { truncate: 0 })).toMatchObject({ prompt: over });
    expect(apply("{{ t }} ||| x", { t: "one two three four" }, null, { truncate: 8 })).toMatchObject({ prompt: "one..." });
  });

  it("counts code points, not UTF-16 units, when truncating", () => {
    const astral = "🌊".repeat(2050); // 2050 code points, 4100 UTF-16 units
    expect(apply("{{ t }} ||| x", { t: astral })).toMatchObject({ prompt: astral });
  });

  it("stringifies printed values the Python way under truncation", () => {
    expect(apply("{{ xs }} {{ n }} {{ f }} ||| {{ b }}", { xs: ["a", 1], n: null, f: 2.5, b: true })).toMatchObject({
      prompt: "['a', 1] None 2.5",
      completion: "True",
    });
  });

  it("rewrites every }} like upstream, so filters bind before operators", () => {
    expect(apply("{{ n / 2 }} ||| x", { n: 4 })).toMatchObject({ ok: false, reason: "template_error" });
    expect(apply("{{ n / 2 }} ||| x", { n: 4 }, null, { truncate: 0 })).toMatchObject({ ok: true, prompt: "2.0" });
  });

  it("skips with a reason instead of crashing", () => {
    expect(apply("{% if label != -1 %}a ||| b{% endif %}", { label: -1 })).toMatchObject({ ok: false, reason: "template_not_applicable" });
    expect(apply("a ||| {% if label != -1 %}b{% endif %}", { label: -1 })).toMatchObject({ ok: false, reason: "empty_target" });
    expect(apply(" ||| b", {})).toMatchObject({ ok: false, reason: "empty_prompt" });
    expect(apply("a ||| b ||| c", {})).toMatchObject({ ok: false, reason: "wrong_part_count" });
    expect(apply("just a prompt", {})).toMatchObject({ ok: false, reason: "wrong_part_count" });
    expect(apply("{{ a.b.c }} ||| x", { a: {} })).toMatchObject({ ok: false, reason: "template_error" });
    expect(apply("{% if %} ||| x", {})).toMatchObject({ ok: false, reason: "template_error" });
    expect(apply("a ||| b", { answer_choices: "x" })).toMatchObject({ ok: false, reason: "restricted_field" });
  });

  it("names the template in the detail", () => {
    const result = apply("{{ a.b.c }} ||| x", { a: {} });
    expect(result.ok ? "" : result.detail).toContain("template t-1");
  });

  it("draws choice from the given seeded stream, reproducibly", () => {
    const template = prepareTemplate({ id: "c", jinja: "{{ xs | choice }} ||| {{ xs | random }}", answerChoices: null });
    const row = { xs: Array.from({ length: 50 }, (_, i) => `v${i}`) };
    const draw = (seed: number) => JSON.stringify(applyTemplate(template, row, rngFor(seed, "choice")));
    expect(draw(1)).toBe(draw(1));
    expect(new Set([1, 2, 3, 4, 5].map(draw)).size).toBeGreaterThan(1);
  });

  it("rejects a negative truncate", () => {
    expect(() => prepareTemplate({ id: "x", jinja: "", answerChoices: null }, { truncate: -1 })).toThrow("non-negative");
  });
});

describe("hostile templates", () => {
  it("stops a runaway loop with template_limit naming the template", () => {
    const result = apply("{% for i in range(100000000) %}{% endfor %} ||| x", {}, null, {}, { maxSteps: 10_000 });
    expect(result).toMatchObject({ ok: false, reason: "template_limit" });
    expect(result.ok ? "" : result.detail).toContain("t-1");
  });

  it("stops nested loops and output blow-ups", () => {
    expect(
      apply(
        "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}{% endfor %}{% endfor %}{% endfor %}|||x",
        {},
        null,
        {},
        { maxSteps: 100_000 },
      ),
    ).toMatchObject({ reason: "template_limit" });
    expect(apply("{% for i in range(10000) %}xxxxxxxxxx{% endfor %}|||x", {}, null, {}, { maxOutputChars: 5_000 })).toMatchObject({
      reason: "template_limit",
    });
  });

  it("stops unbounded recursion", () => {
    expect(apply("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }} ||| x", {}, null, {}, { maxDepth: 50 })).toMatchObject({ ok: false });
  });

  it("stops a runaway answer_choices expression too", () => {
    expect(apply("a ||| b", {}, "{% for i in range(100000000) %}{% endfor %}", {}, { maxSteps: 10_000 })).toMatchObject({
      reason: "template_limit",
    });
  });

  it("reaches no JavaScript internals", () => {
    const probes = [
      "t.constructor",
      "t.__proto__",
      "t.__class__",
      "xs.constructor.constructor",
      "range.constructor",
      "t['constructor']",
      "cycler.__init__",
      "namespace.__globals__",
      "t.toString",
      "xs.map",
      "o.hasOwnProperty",
    ];
    for (const probe of probes) {
      const result = apply(`[{{ ${probe} }}] ||| x`, { t: "s", xs: [1], o: { a: 1 } }, null, { truncate: 0 });
      if (result.ok) expect(result.prompt, probe).toBe("[]");
      else expect(result.reason, probe).toBe("template_error");
    }
  });

  it("keeps a row field named __proto__ an ordinary field", () => {
    const row = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": "x"}') as Record<string, unknown>;
    const result = apply("{{ a }}{{ polluted }} ||| t", row);
    expect(result).toMatchObject({ ok: true, prompt: "x" });
    expect(Object.keys(protectRow(row))).toEqual(["__proto__", "a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("does not let a template call process or require", () => {
    for (const probe of ["process.exit(1)", "require('fs')", "globalThis.process", "import('fs')"]) {
      const result = apply(`{{ ${probe} }} ||| x`, {}, null, { truncate: 0 });
      expect(result.ok, probe).toBe(false);
    }
  });
});
