/**
 * The PromptSource rendering rate: prompts per second on one core of our compiled templates, and, when
 * python3 with Jinja2 is present, Python Jinja2's on the same templates and rows (templates compiled
 * once, PromptSource's apply semantics: bench/promptsource_jinja2.py), as a ratio.
 *
 * The workload is MNLI-like: 15 templates in PromptSource's templates.yaml syntax (answer choices
 * indexed by the label, quoted constants, PromptSource's truncation of every printed expression) over
 * synthetic rows with MNLI's fields (premise, hypothesis, their parses, genre, ids, label). Ours is
 * timed as `render promptsource` runs it (rows in memory, one seeded stream per template and row),
 * without writing the output. Both sides hash the results for the first rows and the hashes are
 * compared, so the rates are for the same outputs.
 *
 * `npm run bench:render` runs it alone. Sizes: BENCH_RENDER_ROWS (default 10000),
 * BENCH_RENDER_CHECK_ROWS (rows hashed on both sides, default 500), BENCH_RENDER_PYTHON=0 skips Python;
 * BENCH_RENDER_KEEP=<dir> writes the workload (templates.yaml, rows.jsonl) there and keeps it, e.g. to
 * profile `iml-bench render promptsource` on it.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { packageRoot } from "../src/config/package-root.js";
import { rngFor } from "../src/core/rng.js";
import { readAllRows } from "../src/core/rows.js";
import { DEFAULT_TRUNCATE } from "../src/sources/promptsource/apply.js";
import { previewRecords } from "../src/sources/promptsource/render-command.js";
import { readTemplatesFile } from "../src/sources/promptsource/templates-file.js";

export interface RenderBenchOptions {
  /** Synthetic rows every template is applied to. */
  rows: number;
  /** Rows whose results both sides hash and compare. */
  checkRows: number;
  /** Also time Python Jinja2 when python3 can import jinja2. */
  python: boolean;
  /** Write the workload into this folder and keep it (default: a temporary folder, removed). */
  keep?: string;
}

interface RateFigures {
  seconds: number;
  /** (template, row) pairs that gave a prompt and a target. */
  prompts: number;
  promptsPerSecond: number;
  digest: string;
}

export interface RenderBenchFigures {
  templates: number;
  rows: number;
  ours: RateFigures;
  /** Python Jinja2, or why it was not run. */
  python: RateFigures | { skipped: string };
  /** ours / Python in prompts per second. */
  ratio?: number;
  /** Both sides gave the same results for the checked rows. */
  sameOutputs?: boolean;
}

export function renderBenchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RenderBenchOptions {
  return {
    rows: Number(env.BENCH_RENDER_ROWS ?? 10_000),
    checkRows: Number(env.BENCH_RENDER_CHECK_ROWS ?? 500),
    python: env.BENCH_RENDER_PYTHON !== "0",
    ...(env.BENCH_RENDER_KEEP ? { keep: env.BENCH_RENDER_KEEP } : {}),
  };
}

const PYTHON_SCRIPT = join(packageRoot(), "bench", "promptsource_jinja2.py");

/** [answer choices, prompt before the premise, between premise and hypothesis, after the hypothesis]. */
const TEMPLATE_WORDING: readonly [string, string, string, string][] = [
  ["True ||| Inconclusive ||| False", "", ' From that alone, is the statement "', '" {{"true"}}, {{"false"}}, or {{"inconclusive"}}?'],
  ["Yes ||| Maybe ||| No", "", ' \n\nQuestion: does this mean that "', '"? Yes, no, or maybe?'],
  ["Yes ||| Maybe ||| No", "Given ", ' ought we to conclude that "', '" holds? Yes, no, or maybe?'],
  ["Yes ||| Maybe ||| No", "Given that ", " Does it then follow that ", " Yes, no, or maybe?"],
  [
    "Guaranteed ||| Possible ||| Impossible",
    "Take it as a fact that ",
    ' \n\nSo "',
    '" is {{"guaranteed"}}, {{"possible"}}, or {{"impossible"}}?',
  ],
  ["Always ||| Sometimes ||| Never", "Suppose that ", ' Then is "', '" {{"always"}}, {{"sometimes"}}, or {{"never"}} true?'],
  [
    "Correct ||| Inconclusive ||| Incorrect",
    "",
    ' Using only this text and general knowledge, is "',
    '" correct, incorrect, or inconclusive?',
  ],
  [
    "Always ||| Sometimes ||| Never",
    "",
    " \n\nWith the text above in mind, think about: ",
    ' Is it {{"always"}}, {{"sometimes"}}, or {{"never"}} right?',
  ],
  [
    "True ||| Inconclusive ||| False",
    "Accept this as true: ",
    '\nThen the claim "',
    '" is {{"true"}}, {{"false"}}, or {{"inconclusive"}}?',
  ],
  ["True ||| Neither ||| False", "", "\nQuestion: ", " True, False, or Neither?"],
  ["Yes ||| Maybe ||| No", "Given that ", ' Must it be the case that "', '"? Yes, no, or maybe?'],
  ["Yes ||| Maybe ||| No", "Suppose ", ' Could we infer that "', '"? Yes, no, or maybe?'],
  ["Yes ||| Maybe ||| No", "Given ", ' Is it certainly true that "', '"? Yes, no, or maybe?'],
  ["Yes ||| Maybe ||| No", "", ' From the passage above, is it true that "', '"? Yes, no, or maybe?'],
  ["Yes ||| Maybe ||| No", "", ' Would it be fair to say that "', '"? Yes, no, or maybe?'],
];

/** The templates as a PromptSource templates.yaml (double-quoted YAML scalars are JSON strings). */
function templatesYaml(): string {
  const lines = ["dataset: bench_nli", "templates:"];
  TEMPLATE_WORDING.forEach(([choices, before, middle, after], i) => {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    const spacing =
      i % 2 === 0
        ? ["{{premise}}", "{{hypothesis}}", "{{answer_choices[label]}}"]
        : ["{{ premise }}", "{{ hypothesis }}", "{{ answer_choices[label] }}"];
    const jinja = `${before}${spacing[0]}${middle}${spacing[1]}${after} ||| ${spacing[2]}`;
    lines.push(
      `  ${id}: !Template`,
      `    answer_choices: ${JSON.stringify(choices)}`,
      `    id: ${id}`,
      `    jinja: ${JSON.stringify(jinja)}`,
      "    metadata: !TemplateMetadata",
      "      choices_in_prompt: true",
      "      languages:",
      "      - en",
      "      metrics:",
      "      - Accuracy",
      "      original_task: true",
      `    name: bench ${i}`,
      "    reference: iml-bench",
    );
  });
  return `${lines.join("\n")}\n`;
}

const WORDS = (
  "the a of and to in that it was for on is with as he his they at be this from I have or by one had not but what all were " +
  "when we there can an your which their said if do will each about how up out them then she many some so these would other " +
  "into has more her two like him see time could no make than first been its who now people my made over did down only way find " +
  "use may water long little very after words called just where most know government report market city river house school " +
  "summer village century company morning program question number business station evening children café naïve résumé"
).split(" ");
const GENRES = ["fiction", "government", "slate", "telephone", "travel"];

function sentence(rng: ReturnType<typeof rngFor>, min: number, spread: number): string[] {
  const words = Array.from({ length: min + rng.int(spread) }, () => WORDS[rng.int(WORDS.length)] as string);
  words[0] = (words[0] as string).charAt(0).toUpperCase() + (words[0] as string).slice(1);
  return words;
}

/** An MNLI-like row: the fields `datasets` gives multi_nli, with sentences of MNLI's lengths. */
function syntheticRow(i: number): Record<string, unknown> {
  const rng = rngFor(0, "bench-render", i);
  const premise = sentence(rng, 8, 30);
  const hypothesis = sentence(rng, 4, 12);
  const binary = (ws: string[]): string => `( ${ws.slice(0, -1).join(" ( ")} ${ws.at(-1)}${" )".repeat(ws.length)}`;
  const parse = (ws: string[]): string => `(ROOT (S ${ws.map((w) => `(NN ${w})`).join(" ")} (. .)))`;
  const quote = rng.int(10) === 0 ? '"' : "";
  return {
    promptID: 10_000 + i,
    pairID: `${10_000 + i}${"ecn"[rng.int(3)]}`,
    premise: `${quote}${premise.join(" ")}.${quote}`,
    premise_binary_parse: binary(premise),
    premise_parse: parse(premise),
    hypothesis: `${hypothesis.join(" ")}.`,
    hypothesis_binary_parse: binary(hypothesis),
    hypothesis_parse: parse(hypothesis),
    genre: GENRES[rng.int(GENRES.length)],
    label: rng.int(3),
  };
}

function pythonHasJinja2(): boolean {
  return spawnSync("python3", ["-c", "import jinja2"]).status === 0;
}

export async function renderBench(options: RenderBenchOptions = renderBenchOptionsFromEnv()): Promise<RenderBenchFigures> {
  const dir = options.keep ?? (await mkdtemp(join(tmpdir(), "iml-bench-render-")));
  if (options.keep) await mkdir(options.keep, { recursive: true });
  try {
    const templatesFile = join(dir, "templates.yaml");
    const rowsFile = join(dir, "rows.jsonl");
    await writeFile(templatesFile, templatesYaml());
    await writeFile(rowsFile, `${Array.from({ length: options.rows }, (_, i) => JSON.stringify(syntheticRow(i))).join("\n")}\n`);
    const file = await readTemplatesFile(templatesFile);
    const rows = await readAllRows(rowsFile, { markFloats: true });

    // Hashing the first rows also warms the engine up before the timed pass.
    const digest = createHash("sha256");
    const checked = rows.slice(0, options.checkRows);
    for (const { record } of previewRecords(file, checked)) {
      if ("prompt" in record) digest.update(`${record.prompt}\0${record.completion}\x01`);
    }
    let prompts = 0;
    const start = performance.now();
    for (const { record } of previewRecords(file, rows)) if ("prompt" in record) prompts++;
    const seconds = (performance.now() - start) / 1000;
    const ours: RateFigures = { seconds, prompts, promptsPerSecond: prompts / seconds, digest: digest.digest("hex") };
    const figures: RenderBenchFigures = {
      templates: file.templates.length,
      rows: rows.length,
      ours,
      python: { skipped: "BENCH_RENDER_PYTHON=0" },
    };
    if (!options.python) return figures;
    if (!pythonHasJinja2()) return { ...figures, python: { skipped: "python3 with jinja2 not found" } };

    const specs = file.templates.map((t) => ({ id: t.id, jinja: t.jinja, answer_choices: t.answerChoices }));
    const specsFile = join(dir, "templates.json");
    await writeFile(specsFile, JSON.stringify(specs));
    const run = spawnSync("python3", [PYTHON_SCRIPT, specsFile, rowsFile, String(DEFAULT_TRUNCATE), String(options.checkRows)], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) return { ...figures, python: { skipped: `python3 failed: ${run.stderr.trim().split("\n").at(-1) ?? ""}` } };
    const out = JSON.parse(run.stdout) as { seconds: number; prompts: number; digest: string };
    const python: RateFigures = {
      seconds: out.seconds,
      prompts: out.prompts,
      promptsPerSecond: out.prompts / out.seconds,
      digest: out.digest,
    };
    return {
      ...figures,
      python,
      ratio: ours.promptsPerSecond / python.promptsPerSecond,
      sameOutputs: python.digest === ours.digest && python.prompts === ours.prompts,
    };
  } finally {
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}

const rate = (r: RateFigures): string =>
  `${r.seconds.toFixed(2)} s  ${Math.round(r.promptsPerSecond).toLocaleString("en-US")} prompts/s (${r.prompts.toLocaleString("en-US")} prompts)`;

/** The figures as the lines `npm run bench` prints. */
export function formatRenderFigures(f: RenderBenchFigures): string[] {
  const lines = [
    `render (PromptSource, ${f.templates} MNLI-like templates x ${f.rows.toLocaleString("en-US")} rows, one core):`,
    `  ours (compiled templates):      ${rate(f.ours)}`,
  ];
  if ("skipped" in f.python) lines.push(`  Python Jinja2: skipped (${f.python.skipped})`);
  else {
    lines.push(`  Python Jinja2 (compiled once):  ${rate(f.python)}`);
    lines.push(`  ours / Python Jinja2:           ${(f.ratio ?? 0).toFixed(2)}x  (same outputs: ${f.sameOutputs ? "yes" : "NO"})`);
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of formatRenderFigures(await renderBench())) console.log(line);
}
