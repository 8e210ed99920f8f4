import { describe, expect, it } from "vitest";
import type { Rng } from "../../../src/core/rng.js";
import { rngFor } from "../../../src/core/rng.js";
import { PROMPTSOURCE_ENVIRONMENT } from "../../../src/sources/promptsource/jinja-environment.js";

const rng = (): Rng => rngFor(7, "engine-test");
const render = (source: string, context: Record<string, unknown> = {}): string =>
  PROMPTSOURCE_ENVIRONMENT.compile(source).render(context, { rng: rng() });

describe("PromptSource's Jinja environment", () => {
  it("most_frequent returns every item tied for the top count, in first-seen order", () => {
    expect(render("{{ xs|most_frequent }}", { xs: ["b", "a", "a", "b", "c"] })).toBe("['b', 'a']");
    expect(render("{{ xs|most_frequent }}", { xs: [] })).toBe("None");
  });

  it("highlight wraps its input in PromptSource's span", () => {
    expect(render("{{ 'w'|highlight }}")).toBe("<span style='color: #F08080'>w</span>");
  });

  it("zip is a global", () => {
    expect(render("{% for a, b in zip(x, y) %}{{ a }}{{ b }}{% endfor %}", { x: [1, 2, 3], y: "ab" })).toBe("1a2b");
  });

  it("choice and random draw from options.rng only", () => {
    const last: Rng = { ...rng(), choice: <T>(items: readonly T[]): T => items[items.length - 1] as T };
    const t = PROMPTSOURCE_ENVIRONMENT.compile("{{ xs|choice }}{{ xs|random }}");
    expect(t.render({ xs: ["a", "b", "c"] }, { rng: last })).toBe("cc");
    const draws = (seed: number): string => t.render({ xs: ["a", "b", "c", "d"] }, { rng: rngFor(seed, "s") });
    expect(draws(1)).toBe(draws(1));
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map(draws)).size).toBeGreaterThan(1);
  });
});
