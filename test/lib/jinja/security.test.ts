import { describe, expect, it } from "vitest";
import { rngFor } from "../../../src/core/rng.js";
import { compileTemplate, JinjaError, JinjaLimitError, JinjaSecurityError, JinjaUndefinedError } from "../../../src/lib/jinja/index.js";

const context = { x: "text", d: { k: 1 }, l: [1, 2] };

function failure(source: string, limits: { maxSteps?: number; maxOutputChars?: number; maxDepth?: number } = {}): JinjaError {
  const started = Date.now();
  try {
    compileTemplate(source, "hostile").render(context, { rng: rngFor(1, "sec"), ...limits });
  } catch (err) {
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(JinjaError);
    return err as JinjaError;
  }
  throw new Error(`template rendered without error: ${source}`);
}

describe("hostile templates end quickly with a typed error", () => {
  it.each([
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ x.constructor.constructor('return process')() }}",
    "{{ [].__proto__ }}",
    "{{ d.constructor }}",
    "{{ d['__proto__'] }}",
    "{{ l.prototype }}",
    "{{ l|attr('__class__') }}",
    "{{ range.__globals__ }}",
    "{{ l.append.__self__ }}",
    "{{ lipsum.__globals__['os'] }}",
  ])("refuses internals: %s", (source) => {
    const err = failure(source);
    expect(err).toSatisfy((e: JinjaError) => e instanceof JinjaSecurityError || e instanceof JinjaUndefinedError);
    expect(err.template).toBe("hostile");
  });

  it.each([
    ["{% for i in range(10**9) %}{% endfor %}", "steps"],
    ["{{ range(10**9)|list|length }}", "steps"],
    ["{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}", "steps"],
    ["{{ 'x' * 10**9 }}", "output"],
    ["{{ [1] * 10**9 }}", "output"],
    ["{{ 'x'.center(10**9) }}", "output"],
    ["{% for i in range(10**6) %}{{ 'abcdefgh' }}{% endfor %}", "output"],
    ["{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "output"],
    ["{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "depth"],
    ["{% macro a() %}{{ b() }}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}{{ a() }}", "depth"],
    ["{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "depth"],
  ])("stops runaway work: %s (%s limit)", (source) => {
    expect(failure(source)).toBeInstanceOf(JinjaLimitError);
  });

  it("honours smaller limits given in the options", () => {
    expect(failure("{% for i in range(20) %}{% endfor %}", { maxSteps: 10 })).toBeInstanceOf(JinjaLimitError);
    expect(failure("{{ 'x' * 20 }}", { maxOutputChars: 10 })).toBeInstanceOf(JinjaLimitError);
    expect(failure("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(0) }}", { maxDepth: 3 })).toBeInstanceOf(JinjaLimitError);
  });

  it("rejects absurdly nested templates at compile time as syntax errors", () => {
    expect(() => compileTemplate(`{{ ${"(".repeat(5000)}1${")".repeat(5000)} }}`)).toThrow(/nested/);
    expect(() => compileTemplate(`{{ ${"not ".repeat(50_000)}1 }}`)).toThrow(JinjaError);
    expect(() => compileTemplate(`{{ 1${"+1".repeat(50_000)} }}`)).toThrow(JinjaError);
  });

  it("sees only own data: prototype names in data are plain keys, and JS globals are undefined", () => {
    const out = compileTemplate("{{ process }}|{{ globalThis }}|{{ require }}|{{ d.toString }}|{{ d.hasOwnProperty }}").render(
      { d: JSON.parse('{"__proto__": {"polluted": 1}, "k": 2}') },
      { rng: rngFor(1, "sec") },
    );
    expect(out).toBe("||||");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("does not let templates mutate the caller's data", () => {
    const data = { l: [1, 2] };
    compileTemplate("{{ l.append(3) }}{{ l.pop(0) }}").render(data, { rng: rngFor(1, "sec") });
    expect(data.l).toEqual([1, 2]);
  });
});
