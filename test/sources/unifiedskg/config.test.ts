import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cfgGet, cfgTruthy, IniSyntaxError, parseSkgConfig, type SkgConfig, toBasic } from "../../../src/sources/unifiedskg/config.js";
import { FAMILIES } from "../../../src/sources/unifiedskg/constructors/index.js";
import { experimentFrom, metaTuningFrom } from "../../../src/sources/unifiedskg/task-config.js";

describe("toBasic (utils/configue.py String.to_basic)", () => {
  it.each([
    ["1024", 1024],
    [" 7 ", 7],
    ["1_000", 1000],
    ["-3", -3],
    ["0.5", 0.5],
    ["1e3", 1000],
    ["True", true],
    ["true", true],
    ["False", false],
    ["TRUE", "TRUE"],
    ["' <'", " <"],
    ['"quoted"', "quoted"],
    ["seq2seq_construction.wikitq", "seq2seq_construction.wikitq"],
    ["", ""],
    ["١٢", 12],
  ] as const)("%j → %j", (raw, expected) => {
    expect(toBasic(raw)).toEqual(expected);
  });

  it("reads nan and inf as floats, like Python float()", () => {
    expect(toBasic("nan")).toBeNaN();
    expect(toBasic("-Infinity")).toBe(-Infinity);
  });
});

describe("parseSkgConfig (configparser semantics)", () => {
  const text = [
    "# comment",
    "[DEFAULT]",
    "root = ./data",
    "",
    "[model]",
    "Name = unified.finetune",
    "use_description: False",
    "  ; indented comment",
    "description = task: wiki",
    "  table question",
    "",
    "[dataset]",
    "store = %(root)s/cache",
    "pct = 100%%",
    "",
  ].join("\r\n");
  const config = parseSkgConfig(text);

  it("lower-cases keys, types values, joins continuation lines, merges DEFAULT, interpolates", () => {
    expect(config).toEqual({
      model: { root: "./data", name: "unified.finetune", use_description: false, description: "task: wiki\ntable question" },
      dataset: { root: "./data", store: "./data/cache", pct: "100%" },
    });
  });

  it("reads a missing key as undefined (None upstream)", () => {
    expect(cfgGet(config, "model", "knowledge_usage")).toBeUndefined();
    expect(cfgGet(config, "nope", "x")).toBeUndefined();
    expect(cfgTruthy(cfgGet(config, "model", "use_description"))).toBe(false);
  });

  it.each([
    ["key = 1", /before any \[section\]/],
    ["[a]\nno delimiter here", /expected "key = value"/],
    ["[a]\n[a]", /section \[a\] appears twice/],
    ["[a]\nk = 1\nK = 2", /option "k" appears twice/],
    ["[a]\nk = 50%", /^\[a\] k: '%' must be followed by '%' or '\(' in "50%" \(write %% for a percent sign\)$/],
    ["[a]\nk = %(nope)s", /^\[a\] k: bad interpolation: no option "nope"$/],
  ])("rejects %j", (bad, message) => {
    expect(() => parseSkgConfig(bad)).toThrow(IniSyntaxError);
    expect(() => parseSkgConfig(bad)).toThrow(message);
  });
});

describe("META_TUNING and experiment cfgs", () => {
  it("reads the constructor, description and seq2seq options", () => {
    const cfg = parseSkgConfig(
      "[model]\ndescription = task: spider\n[seq2seq]\nconstructor = seq2seq_construction.spider\ntarget_with_db_id = False\n",
    );
    expect(metaTuningFrom(cfg, "spider.cfg")).toEqual({
      file: "spider.cfg",
      constructorName: "spider",
      description: "task: spider",
      seq2seq: { constructor: "seq2seq_construction.spider", target_with_db_id: false },
    });
    expect(() => metaTuningFrom(parseSkgConfig("[model]\nname = x\n"), "x.cfg")).toThrow(
      'x.cfg: [seq2seq] constructor is missing; expected e.g. "constructor = seq2seq_construction.wikitq"',
    );
  });

  it("reads model options, upsample_temp and arg_paths in file order", () => {
    const cfg = parseSkgConfig(
      "[model]\nuse_description = True\nconcatenate_description = True\nknowledge_usage = separate\n[dataset]\nupsample_temp = 2\neval_num = 500\n[arg_paths]\nwikitq = META_TUNING/wikitq.cfg\n#dart = META_TUNING/dart.cfg\nspider = META_TUNING/spider.cfg\n",
    );
    expect(experimentFrom(cfg, "e.cfg")).toEqual({
      file: "e.cfg",
      model: { knowledgeUsage: "separate", useDescription: true, concatenateDescription: true },
      upsampleTemp: 2,
      evalNum: 500,
      argPaths: [
        ["wikitq", "META_TUNING/wikitq.cfg"],
        ["spider", "META_TUNING/spider.cfg"],
      ],
    });
  });
});

const sampleDir = path.resolve(import.meta.dirname, "../../../../shared/sources-sample/unifiedskg/configure");
const fixtureCfgs = path.resolve(import.meta.dirname, "../../../sources/sample/unifiedskg/configure");
if (!existsSync(sampleDir))
  console.warn(`[skip] UnifiedSKG cfg conformance: ${sampleDir} is absent (the real upstream cfgs are not in this checkout).`);
const hasPython = spawnSync("python3", ["-c", "import configparser"]).status === 0;
if (!hasPython) console.warn("[skip] UnifiedSKG cfg conformance against Python configparser: python3 not found.");

function cfgFiles(root: string): string[] {
  return ["META_TUNING", "Salesforce"].flatMap((sub) =>
    readdirSync(path.join(root, sub))
      .filter((f) => f.endsWith(".cfg"))
      .sort()
      .map((f) => path.join(root, sub, f)),
  );
}

function jsonable(config: SkgConfig): unknown {
  return JSON.parse(
    JSON.stringify(config, (_k, v: unknown) =>
      typeof v === "number" && !Number.isFinite(v) ? (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf") : v,
    ),
  );
}

describe.skipIf(!existsSync(sampleDir))("every real UnifiedSKG cfg (shared/sources-sample)", () => {
  const files = existsSync(sampleDir) ? cfgFiles(sampleDir) : [];

  it("parses all 35 META_TUNING and 142 Salesforce cfgs, each naming a constructor", () => {
    expect(files.length).toBe(177);
    for (const file of files) {
      const config = parseSkgConfig(readFileSync(file, "utf8"));
      expect(typeof cfgGet(config, "seq2seq", "constructor"), file).toBe("string");
      if (file.includes("META_TUNING")) {
        const meta = metaTuningFrom(config, file);
        expect(typeof meta.description, file).toBe("string");
        expect(FAMILIES[meta.constructorName], `${file}: constructor ${meta.constructorName} has no family`).toBeDefined();
      } else expect(experimentFrom(config, file).argPaths.length, file).toBeGreaterThan(0);
    }
  });

  it.skipIf(!hasPython)("types every value exactly as configparser + to_basic do", () => {
    const all = [...files, ...cfgFiles(fixtureCfgs)];
    const ref = path.resolve(import.meta.dirname, "../../reference/skg_configue.py");
    const run = spawnSync("python3", [ref], { input: all.join("\n"), encoding: "utf8" });
    expect(run.stderr).toBe("");
    const expected = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { file: string; sections: unknown });
    expect(expected).toHaveLength(all.length);
    for (const { file, sections } of expected) expect(jsonable(parseSkgConfig(readFileSync(file, "utf8"))), file).toEqual(sections);
  });
});
