import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { pyFloatRepr, pyNumberStr, pyParseFloat, pyParseInt } from "../../src/core/py-number.js";

const hasPython = spawnSync("python3", ["--version"]).status === 0;
if (!hasPython) console.warn("[py-number] python3 not found: the live comparisons with Python are skipped.");

/** Runs `script` with `input` on stdin and returns its stdout lines. */
function python(script: string, input: string): string[] {
  const run = spawnSync("python3", ["-c", script], { input, encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trimEnd().split("\n");
}

/** Strings that probe int()/float(): Unicode digits, underscores, Python whitespace, signs, specials. */
const PARSE_CASES = [
  "١٢",
  "٣.٥",
  "1_000",
  "1__0",
  "_1",
  "1_",
  "1_000.000_1",
  "1e1_0",
  " 7 ",
  "\u2003\u00857\u3000\n",
  "\u001c7",
  "7\u001f",
  "7\u200b",
  "\ufeff7",
  "+3",
  "-0",
  "0x10",
  "010",
  "1.5",
  "inf",
  "-inf",
  "+Infinity",
  "-iNF",
  "nan",
  "-nan",
  "1e5",
  "1E-5",
  ".5",
  "5.",
  ".",
  "1e",
  "e5",
  "",
  "   ",
  "1 2",
];

describe("pyParseInt", () => {
  it("reads what Python's int() reads", () => {
    expect(pyParseInt("١٢")).toBe(12);
    expect(pyParseInt("1_000")).toBe(1000);
    expect(pyParseInt(" 7 ")).toBe(7);
    expect(pyParseInt("\u2003\u00857\u3000\n")).toBe(7);
    expect(pyParseInt("+3")).toBe(3);
    expect(pyParseInt("010")).toBe(10);
    expect(pyParseInt("-0")).toBe(0);
  });

  it("refuses what Python's int() refuses", () => {
    for (const s of ["1__0", "_1", "1_", "1.5", "0x10", "inf", "", "   ", "1 2", "7\u200b", "\u001c7"])
      expect(pyParseInt(s), s).toBeUndefined();
  });
});

describe("pyParseFloat", () => {
  it("reads what Python's float() reads", () => {
    expect(pyParseFloat("inf")).toBe(Number.POSITIVE_INFINITY);
    expect(pyParseFloat("-iNF")).toBe(Number.NEGATIVE_INFINITY);
    expect(pyParseFloat("-nan")).toBeNaN();
    expect(pyParseFloat("1e5")).toBe(100000);
    expect(pyParseFloat(".5")).toBe(0.5);
    expect(pyParseFloat("5.")).toBe(5);
    expect(pyParseFloat(" 7 ")).toBe(7);
    expect(pyParseFloat("٣.٥")).toBe(3.5);
    expect(pyParseFloat("1_000.000_1")).toBe(1000.0001);
  });

  it("refuses what Python's float() refuses", () => {
    for (const s of ["1__0", ".", "1e", "e5", "0x10", "", "1 2"]) expect(pyParseFloat(s), s).toBeUndefined();
  });

  it.skipIf(!hasPython)("agrees with python3's int() and float() on every probe (live)", () => {
    const script = [
      "import json, sys",
      "def attempt(f, s):",
      "    try: return repr(f(s))",
      "    except ValueError: return 'ValueError'",
      "for s in json.load(sys.stdin): print(attempt(int, s), attempt(float, s))",
    ].join("\n");
    const expected = python(script, JSON.stringify(PARSE_CASES));
    const actual = PARSE_CASES.map((s) => {
      const asInt = pyParseInt(s);
      const asFloat = pyParseFloat(s);
      return `${asInt === undefined ? "ValueError" : String(asInt)} ${asFloat === undefined ? "ValueError" : pyFloatRepr(asFloat)}`;
    });
    expect(actual).toEqual(expected);
  });
});

describe("pyFloatRepr and pyNumberStr", () => {
  it("print floats as Python's repr()", () => {
    expect(pyFloatRepr(1e16 + 2)).toBe("1.0000000000000002e+16");
    expect(pyFloatRepr(0.0001)).toBe("0.0001");
    expect(pyFloatRepr(123.456)).toBe("123.456");
    expect(pyFloatRepr(2.5e-7)).toBe("2.5e-07");
    expect(pyFloatRepr(1)).toBe("1.0");
    expect(pyFloatRepr(-0)).toBe("-0.0");
    expect(pyFloatRepr(Number.NaN)).toBe("nan");
    expect(pyFloatRepr(Number.NEGATIVE_INFINITY)).toBe("-inf");
  });

  it("round ties in the shortest digits as Python does", () => {
    // 90736685373361.125 exactly: the shortest round-trip digits end in 2, not 3.
    expect(pyFloatRepr(90736685373361.12)).toBe("90736685373361.12");
  });

  it("print numbers read from JSON as Python's str(): integral values as ints", () => {
    expect(pyNumberStr(Number.NaN)).toBe("nan");
    expect(pyNumberStr(3)).toBe("3");
    expect(pyNumberStr(1e21)).toBe("1000000000000000000000");
    expect(pyNumberStr(-0.5)).toBe("-0.5");
    expect(pyNumberStr(Number.POSITIVE_INFINITY)).toBe("inf");
  });

  it.skipIf(!hasPython)("agrees with python3's repr(float) on many doubles (live)", () => {
    const bits = new DataView(new ArrayBuffer(8));
    let state = 0x2545f491;
    const next = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    const hexes: string[] = [];
    const doubles: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      bits.setUint32(0, next());
      bits.setUint32(4, next());
      if (i % 2 === 1) bits.setUint16(0, 0x3c00 + (next() % 0x0800)); // also many doubles near 1e-4 .. 1e16
      doubles.push(bits.getFloat64(0));
      hexes.push(bits.getBigUint64(0).toString(16).padStart(16, "0"));
    }
    const expected = python(
      "import struct, sys\nfor h in sys.stdin: print(repr(struct.unpack('>d', bytes.fromhex(h.strip()))[0]))",
      hexes.join("\n"),
    );
    expect(doubles.map(pyFloatRepr)).toEqual(expected);
  });
});

describe("py-number edge cases", () => {
  it("repr(float) covers the values without digits: nan, inf, -inf, -0.0", () => {
    expect([NaN, Infinity, -Infinity, -0, 0].map(pyFloatRepr)).toEqual(["nan", "inf", "-inf", "-0.0", "0.0"]);
    expect([0.1, 1e16, 1e-5, 2 ** 0.5].map(pyFloatRepr)).toEqual(["0.1", "1e+16", "1e-05", "1.4142135623730951"]);
    expect([NaN, -Infinity, -0, 2].map(pyNumberStr)).toEqual(["nan", "-inf", "0", "2"]);
  });

  it("int() and float() accept any Unicode decimal digit and underscores between digits", () => {
    expect(["١٢", " 1_000 ", "𝟏𝟐", "1__0", "_1"].map(pyParseInt)).toEqual([12, 1000, 12, undefined, undefined]);
    expect(["١٢.5", "٣e2", "-inf", "1_.5"].map(pyParseFloat)).toEqual([12.5, 300, -Infinity, undefined]);
  });
});
