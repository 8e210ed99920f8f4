import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NgramHasher, ngramHashes, textHash, tokenize, tokenSpans } from "../../src/audit/ngrams.js";

describe("tokenize", () => {
  it("lower-cases and splits on everything that is not a letter, digit or mark", () => {
    expect(tokenize("Hello, WORLD! It's 2024-05-01; e-mail: a@b.c")).toEqual([
      "hello",
      "world",
      "it",
      "s",
      "2024",
      "05",
      "01",
      "e",
      "mail",
      "a",
      "b",
      "c",
    ]);
  });

  it("ignores whitespace and punctuation differences between two renderings", () => {
    expect(tokenize("Question:\n  What is the capital of France?\nAnswer: Paris.")).toEqual(
      tokenize("question what is the capital of france answer paris"),
    );
  });

  it("keeps accented and non-Latin words whole, combining marks included", () => {
    expect(tokenize("Café ÜBER naïve")).toEqual(["café", "über", "naïve"]);
    expect(tokenize("cafe\u0301 au lait")).toEqual(["cafe\u0301", "au", "lait"]);
    expect(tokenize("Привет, мир")).toEqual(["привет", "мир"]);
    expect(tokenize("नमस्ते दुनिया")).toEqual(["नमस्ते", "दुनिया"]);
  });

  it("makes every Han, Hiragana and Katakana character a token of its own", () => {
    expect(tokenize("東京タワーはabc")).toEqual(["東", "京", "タ", "ワ", "ー", "は", "abc"]);
  });

  it("yields nothing for text without letters or digits", () => {
    expect(tokenize("  ... !!! \n\t")).toEqual([]);
  });

  it("keeps a run of millions of letters one token (an unbounded regex loop overflowed the stack on it)", () => {
    const run = "Ab".repeat(5_000_000);
    expect(tokenize(`x ${run}, y`)).toEqual(["x", run.toLowerCase(), "y"]);
    expect(tokenSpans(`${run}東${run}`).map((s) => [s.start, s.end])).toEqual([
      [0, run.length],
      [run.length, run.length + 1],
      [run.length + 1, 2 * run.length + 1],
    ]);
  });

  it("lower-cases a long run as one word, pieces and all (a final sigma stays final)", () => {
    const word = "Σ".repeat(10_000);
    expect(tokenize(word)).toEqual([`${"σ".repeat(9_999)}ς`]);
    // Long runs next to characters that are tokens of their own stay apart from them.
    expect(tokenize(`${"a".repeat(4096)}は${"b".repeat(4097)}`)).toEqual(["a".repeat(4096), "は", "b".repeat(4097)]);
  });

  it("reports the original offsets of each token", () => {
    const text = "Ab, CD!";
    const spans = tokenSpans(text);
    expect(spans).toEqual([
      { token: "ab", start: 0, end: 2 },
      { token: "cd", start: 4, end: 6 },
    ]);
    for (const s of spans) expect(text.slice(s.start, s.end).toLowerCase()).toBe(s.token);
  });
});

describe("ngramHashes", () => {
  const words = fc.array(fc.constantFrom("a", "b", "c", "dd", "e"), { minLength: 0, maxLength: 40 });

  it("has one hash per start position and none for sequences shorter than n", () => {
    expect(ngramHashes(["a", "b"], 3).hi.length).toBe(0);
    expect(ngramHashes(["a", "b", "c"], 3).hi.length).toBe(1);
    expect(ngramHashes(["a", "b", "c", "d"], 3).lo.length).toBe(2);
  });

  it("rolling hashes equal the hash of each window computed on its own", () => {
    fc.assert(
      fc.property(words, fc.integer({ min: 1, max: 13 }), (tokens, n) => {
        const { hi, lo } = ngramHashes(tokens, n);
        for (let i = 0; i < hi.length; i++) {
          const alone = ngramHashes(tokens.slice(i, i + n), n);
          expect([hi[i], lo[i]]).toEqual([alone.hi[0], alone.lo[0]]);
        }
      }),
    );
  });

  it("equal windows hash equally and different windows differently (no collision on small inputs)", () => {
    fc.assert(
      fc.property(words, (tokens) => {
        const n = 3;
        const { hi, lo } = ngramHashes(tokens, n);
        const byWindow = new Map<string, string>();
        const byHash = new Map<string, string>();
        for (let i = 0; i < hi.length; i++) {
          const window = tokens.slice(i, i + n).join(" ");
          const hash = `${hi[i]}:${lo[i]}`;
          expect(byWindow.get(window) ?? hash).toBe(hash);
          expect(byHash.get(hash) ?? window).toBe(window);
          byWindow.set(window, hash);
          byHash.set(hash, window);
        }
      }),
    );
  });

  it("depends on token order and token boundaries", () => {
    const h = (tokens: string[]) => {
      const { hi, lo } = ngramHashes(tokens, tokens.length);
      return `${hi[0]}:${lo[0]}`;
    };
    expect(h(["ab", "c"])).not.toBe(h(["a", "bc"]));
    expect(h(["a", "b"])).not.toBe(h(["b", "a"]));
  });

  it("is stable across releases (reported examples depend on hash order)", () => {
    const { hi, lo } = ngramHashes(tokenize("the quick brown fox jumps over the lazy dog while the farmer watches"), 13);
    expect([hi[0], lo[0]]).toMatchInlineSnapshot(`
      [
        244885720,
        2765494319,
      ]
    `);
  });
});

describe("NgramHasher", () => {
  /** Characters where a per-character shortcut would go wrong: case mappings that change length or depend on context, marks, surrogates, spaceless scripts. */
  const tricky = [
    "a",
    "Z",
    "q",
    "0",
    "9",
    " ",
    ",",
    "-",
    "'",
    "\n",
    "\t",
    "é",
    "É",
    "ß",
    "İ",
    "I",
    "Σ",
    "σ",
    "ς",
    "K",
    "Å",
    "ﬀ",
    "Ω",
    "\u0301",
    "\u0307",
    "\u3099",
    "東",
    "京",
    "は",
    "タ",
    "ー",
    "〇",
    "ｱ",
    "\ud835\udc00",
    "\ud840\udc00",
    "\ud83d\ude00",
    "\ud800",
    "\udc00",
    "Ж",
    "ж",
    "٣",
    "²",
    "\u00a0",
    "\u200b",
  ];
  const texts = fc.oneof(
    fc.array(fc.constantFrom(...tricky), { maxLength: 80 }).map((parts) => parts.join("")),
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.string({ unit: "grapheme", maxLength: 80 }),
    fc.array(fc.constantFrom("the", "Cat", "SAT", "on", "a", "mat", "İstanbul", "ΟΔΟΣ", "東京"), { maxLength: 40 }).map((w) => w.join(" ")),
  );

  function reference(text: string, n: number): [number, number][] {
    const { hi, lo } = ngramHashes(tokenize(text), n);
    return [...hi].map((h, i) => [h, lo[i] as number]);
  }

  it("gives exactly the hashes of ngramHashes(tokenize(text)), text after text in reused buffers", () => {
    fc.assert(
      fc.property(fc.array(texts, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 5 }), (list, n) => {
        const hasher = new NgramHasher(n);
        for (const text of list) {
          const count = hasher.hash(text);
          expect([...hasher.hi.subarray(0, count)].map((h, i) => [h, hasher.lo[i] as number])).toEqual(reference(text, n));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("gives the same hashes when texts share a prefix cut anywhere (mid-token, mid-surrogate pair)", () => {
    const long = fc
      .tuple(fc.array(texts, { maxLength: 8 }), fc.integer({ min: 10, max: 120 }))
      .map(([list, k]) => `${list.join(" ")}${" Lorem ipsum, dolor.".repeat(k)}${list.join("|")}`);
    const variants = fc.tuple(fc.oneof(texts, long), fc.array(fc.tuple(fc.nat(), texts, fc.boolean()), { minLength: 1, maxLength: 6 }));
    fc.assert(
      fc.property(variants, fc.integer({ min: 1, max: 5 }), ([base, cuts], n) => {
        const hasher = new NgramHasher(n);
        const list = [base, ...cuts.map(([cut, tail]) => base.slice(0, cut % (base.length + 1)) + tail), base, base];
        list.forEach((text, i) => {
          const count = hasher.hash(text);
          expect([...hasher.hi.subarray(0, count)].map((h, k) => [h, hasher.lo[k] as number])).toEqual(reference(text, n));
          expect(hasher.reused).toBeLessThanOrEqual(count);
          // The text hash is asked for some texts only, as the index asks for every one and the scanner for none.
          if (i === 0 || (cuts[i - 1]?.[2] ?? true)) expect(hasher.textHash()).toEqual(textHash(text));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("takes a shared prefix's n-grams as they are (a lone high surrogate before the cut may pair after it)", () => {
    const hasher = new NgramHasher(2);
    const prompt = `${"Definition: answer the question. ".repeat(50)}Input: `;
    expect(hasher.hash(`${prompt}first instance`)).toBe(reference(`${prompt}first instance`, 2).length);
    const count = hasher.hash(`${prompt}second instance here`);
    expect(hasher.reused).toBe(count - 3);
    for (const [before, after] of [
      ["ab \ud835", "\udc00cd ef"],
      ["ab \ud835", " cd ef"],
      ["ab c", "d ef"],
      ["ab c", " d ef"],
    ]) {
      hasher.hash(`${before}x y z`);
      const text = `${before}${after}`;
      const got = hasher.hash(text);
      expect([...hasher.hi.subarray(0, got)].map((h, i) => [h, hasher.lo[i] as number])).toEqual(reference(text, 2));
    }
  });

  it("grows its buffers for long texts and keeps a long run one token", () => {
    const words = Array.from({ length: 5000 }, (_, i) => `W${i}`).join(", ");
    const run = "Ab".repeat(100_000);
    for (const text of [words, `x ${run} y z`, `${run}東${run}`, "Σ".repeat(10_000)]) {
      const hasher = new NgramHasher(3);
      const count = hasher.hash(text);
      expect([...hasher.hi.subarray(0, count)].map((h, i) => [h, hasher.lo[i] as number])).toEqual(reference(text, 3));
    }
  });
});
