import { describe, expect, it } from "vitest";
import type { Rng } from "../../../src/core/rng.js";
import { rngFor } from "../../../src/core/rng.js";
import {
  compileTemplate,
  createEnvironment,
  type JinjaError,
  JinjaSyntaxError,
  JinjaTypeError,
  JinjaUndefinedError,
  JinjaValueError,
  PyError,
  pyStr,
  tuple,
} from "../../../src/lib/jinja/index.js";

const rng = (): Rng => rngFor(7, "engine-test");
const render = (source: string, context: Record<string, unknown> = {}): string => compileTemplate(source).render(context, { rng: rng() });

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

describe("compileTemplate API", () => {
  it("names templates and reports syntax errors with their line", () => {
    expect(compileTemplate("x").name).toBe("<template>");
    expect(compileTemplate("x", "rte/1").name).toBe("rte/1");
    const err = thrown(() => compileTemplate("a\nb\n{% if x %}\n{{ 1 +* 2 }}{% endif %}", "rte/1"));
    expect(err).toBeInstanceOf(JinjaSyntaxError);
    expect((err as JinjaSyntaxError).line).toBe(4);
    expect((err as JinjaSyntaxError).kind).toBe("syntax");
    expect((err as JinjaSyntaxError).template).toBe("rte/1");
    expect((err as Error).message).toContain("rte/1");
  });

  it("reports render failures by kind, with the template name", () => {
    const undef = thrown(() => compileTemplate("{{ a.b.c }}", "t").render({ a: {} }, { rng: rng() }));
    expect(undef).toBeInstanceOf(JinjaUndefinedError);
    expect((undef as JinjaError).kind).toBe("undefined");
    expect((undef as JinjaError).template).toBe("t");
    expect(thrown(() => render("{{ 'a' + 1 }}"))).toBeInstanceOf(JinjaTypeError);
    const zero = thrown(() => render("{{ 1 / 0 }}"));
    expect(zero).toBeInstanceOf(JinjaValueError);
    expect((zero as JinjaError).pythonClass).toBe("ZeroDivisionError");
  });

  it("can render a compiled template many times without state leaking between renders", () => {
    const t = compileTemplate("{% set l = [] %}{{ l.append(x) }}{{ l }}");
    expect(t.render({ x: 1 }, { rng: rng() })).toBe("None[1]");
    expect(t.render({ x: 2 }, { rng: rng() })).toBe("None[2]");
  });
});

describe("Python value semantics", () => {
  it("prints values as Python's str()", () => {
    expect(render("{{ 4/2 }} {{ 1e-5 }} {{ 1e16 }} {{ 0.1 + 0.2 }} {{ 7 // 2 }} {{ -7 % 3 }}")).toBe(
      "2.0 1e-05 1e+16 0.30000000000000004 3 2",
    );
    expect(render("{{ [x, 1, none, true] }} {{ d }} {{ (1,) }}", { x: "it's", d: { a: [1.5] } })).toBe(
      `["it's", 1, None, True] {'a': [1.5]} (1,)`,
    );
    expect(render("{{ [s] }}", { s: "a\tb\u0001\u00e9\u00a0" })).toBe("['a\\tb\\x01\u00e9\\xa0']");
  });

  it("keeps ints from JSON as ints and treats non-integral numbers as floats", () => {
    expect(render("{{ n }} {{ n / 1 }} {{ f }} {{ f * 2 }} {{ n is integer }} {{ f is float }}", { n: 3, f: 1.5 })).toBe(
      "3 3.0 1.5 3.0 True True",
    );
  });

  it("indexes and slices strings by code point, with negative indices and steps", () => {
    expect(render("{{ s[0] }}|{{ s[-1] }}|{{ s[1:3] }}|{{ s[::-1] }}|{{ s|length }}", { s: "a😀bc" })).toBe("a|c|😀b|cb😀a|4");
    expect(render("{{ l.0 }}{{ l[-1] }}{{ l[::2] }}", { l: [1, 2, 3] })).toBe("13[1, 3]");
  });

  it("prints undefined as empty but raises on attribute access of an undefined", () => {
    expect(render("[{{ nope }}][{{ d.nope }}]", { d: {} })).toBe("[][]");
    expect(thrown(() => render("{{ d.nope.deeper }}", { d: {} }))).toBeInstanceOf(JinjaUndefinedError);
    expect(render("{{ nope is defined }}{{ nope|default('x') }}{{ ''|default('y', true) }}")).toBe("Falsexy");
  });
});

describe("template syntax", () => {
  it("drops one trailing newline and normalises CRLF like keep_trailing_newline=False", () => {
    expect(render("a\r\nb\n")).toBe("a\nb");
    expect(render("a\n\n")).toBe("a\n");
  });

  it("applies whitespace control", () => {
    expect(render("a  {%- if true -%}  b  {%- endif -%}  c")).toBe("abc");
    expect(render("x\n  {{- 1 -}}\n  y")).toBe("x1y");
    expect(render("{% raw %}{{ kept }}{% endraw %}")).toBe("{{ kept }}");
  });

  it("supports loops with filters, else, loop variables, unpacking and namespaces", () => {
    const out = render(
      "{% set ns = namespace(n=0) %}{% for k, v in pairs if v %}{{ loop.index }}/{{ loop.length }}:{{ k }}{% set ns.n = ns.n + v %} {% else %}none{% endfor %}{{ ns.n }}",
      {
        pairs: [
          ["a", 1],
          ["b", 0],
          ["c", 2],
        ],
      },
    );
    expect(out).toBe("1/2:a 2/2:c 3");
  });

  it("supports macros, call blocks, filter blocks and block set", () => {
    expect(render("{% macro m(a, b='!') %}{{ a }}{{ b }}{% endmacro %}{{ m('x') }}{{ m('y', b='?') }}")).toBe("x!y?");
    expect(render("{% macro w() %}[{{ caller() }}]{% endmacro %}{% call w() %}in{% endcall %}")).toBe("[in]");
    expect(render("{% filter upper %}ab{% endfilter %}{% set s | title %}cd ef{% endset %}{{ s }}")).toBe("ABCd Ef");
  });
});

describe("environments", () => {
  it("the default environment has Jinja2's builtins only: an unknown filter fails at compile time, an unknown global at render", () => {
    const err = thrown(() => compileTemplate("{{ xs|choice }}", "t"));
    expect(err).toBeInstanceOf(JinjaSyntaxError);
    expect((err as JinjaError).pythonClass).toBe("TemplateAssertionError");
    expect(thrown(() => render("{{ zip(x, y) }}", { x: [1], y: [2] }))).toBeInstanceOf(JinjaUndefinedError);
    expect(render("{{ 'choice' is filter }} {{ zip is defined }} {{ range is defined }}")).toBe("False False True");
  });

  it("createEnvironment adds filters and global functions; a builtin's name replaces it", () => {
    const env = createEnvironment({
      filters: { shout: (_rt, v) => `${pyStr(v)}!`, upper: () => "replaced" },
      globals: { pair: (_rt, args) => tuple([args[0] ?? null, args[1] ?? null]) },
    });
    const out = env.compile("{{ 'hi'|shout }} {{ 'a'|upper }} {{ pair(1, 'x') }} {{ 'shout' is filter }}").render({}, { rng: rng() });
    expect(out).toBe("hi! replaced (1, 'x') True");
    expect(render("{{ 'a'|upper }}")).toBe("A");
  });

  it("a PyError thrown by a caller's filter reports as the matching JinjaError", () => {
    const env = createEnvironment({
      filters: {
        fail: () => {
          throw new PyError("IndexError", "none left");
        },
      },
    });
    const err = thrown(() => env.compile("{{ 1|fail }}", "t").render({}, { rng: rng() }));
    expect(err).toBeInstanceOf(JinjaValueError);
    expect((err as JinjaError).pythonClass).toBe("IndexError");
  });
});

describe("idioms PromptSource templates use", () => {
  it("truncate follows Jinja2 3.1.6: leeway 5, cut back to the last space, '...' appended", () => {
    const words = Array.from({ length: 600 }, (_, i) => `w${i}`).join(" ");
    const out = render("{{ s|string|truncate(2048) }}", { s: words });
    expect(out.endsWith("...")).toBe(true);
    expect(out.length).toBeLessThanOrEqual(2048);
    expect(words.startsWith(out.slice(0, -3))).toBe(true);
    expect(words[out.length - 3]).toBe(" ");
    const fits = "x".repeat(2053);
    expect(render("{{ s|truncate(2048) }}", { s: fits })).toBe(fits);
    expect(render("{{ s|truncate(2048) }}", { s: `${fits}y` })).toBe(`${"x".repeat(2045)}...`);
  });

  it("supports the append-and-default idiom", () => {
    expect(render("{% set l = [] %}{{ l.append(1) | default('', True) }}{{ l }}")).toBe("[1]");
  });
});
