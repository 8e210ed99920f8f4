import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import yargs from "yargs";
import type { CliIO } from "../../../src/cli-io.js";
import { isUserError } from "../../../src/errors.js";
import { inspectFlanCommand, runInspectFlan } from "../../../src/sources/flan/inspect-command.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SAMPLE = path.join(ROOT, "sources/sample/flan/templates.py");

function collect(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t) };
}

describe("inspect flan", () => {
  it("prints one JSON line per PATTERNS key in module order, aliases included", async () => {
    const io = collect();
    await runInspectFlan({ templates: SAMPLE }, io);
    const lines = io.stdout
      .join("")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { task: string; templates: { input: string; target: string }[] });
    expect(lines.map((l) => l.task)).toEqual(["rte", "imdb_reviews", "trivia_qa", "cot_gsm8k", "cot_strategyqa", "stream_aqua", "wnli"]);
    expect(lines[0]?.templates[4]).toEqual({
      input: "Write a short passage and a statement it supports.",
      target: "Passage: {premise}\n\nStatement: {hypothesis}",
    });
    expect(lines[0]?.templates[0]?.input).toBe('{premise}\n\nGiven the passage, is it right to say that "{hypothesis}"?\n\n{options_}');
    expect(Object.keys(lines[0]?.templates[0] ?? {})).toEqual(["input", "target"]);
    expect(lines[6]?.templates).toEqual(lines[0]?.templates);
    expect(io.stderr.join("")).toMatch(/templates\.py:73:23: not a literal, skipped: name 'copy' is not bound/);
  });

  it("--fewshot prints every FewShotPattern field, defaults filled, in dataclass order", async () => {
    const io = collect();
    await runInspectFlan({ templates: SAMPLE, fewshot: true }, io);
    const lines = io.stdout
      .join("")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { task: string; fewshot: Record<string, unknown>[] });
    expect(lines.map((l) => l.task)).toEqual(["rte", "imdb_reviews", "trivia_qa", "cot_gsm8k"]);
    expect(lines[2]?.fewshot[1]).toEqual({
      inputs: "{question}",
      targets: "{answer}",
      inputs_prefix: "",
      targets_prefix: "",
      x_y_delimiter: "\n\n",
      example_separator: "\n\n\n",
      final_suffix: "\n",
      input_pattern: "{{inputs}}{final_suffix}",
      in_template_mix: true,
    });
    expect(Object.keys(lines[0]?.fewshot[0] ?? {})).toEqual([
      "inputs",
      "targets",
      "inputs_prefix",
      "targets_prefix",
      "x_y_delimiter",
      "example_separator",
      "final_suffix",
      "input_pattern",
      "in_template_mix",
    ]);
  });

  it("runs through yargs as the `flan` subcommand", async () => {
    const io = collect();
    await yargs(["flan", "--templates", SAMPLE, "--table", "PATTERNS"])
      .command(inspectFlanCommand(io))
      .exitProcess(false)
      .strict()
      .parseAsync();
    expect(io.stdout).toHaveLength(7);
  });

  it("a module without the table, or an unreadable file, is a user error naming it", async () => {
    await expect(runInspectFlan({ templates: SAMPLE, table: "NOPE" }, collect())).rejects.toThrow(
      /no literal NOPE in this module\. Dict tables found: PATTERNS, FEWSHOT_PATTERNS/,
    );
    await expect(runInspectFlan({ templates: path.join(ROOT, "missing.py") }, collect())).rejects.toThrow(
      /missing\.py: cannot read the template module/,
    );
  });

  it("a module with bytes that are not UTF-8 is a user error naming the byte offset", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "flan-inspect-")), "t.py");
    writeFileSync(file, Buffer.from([0x50, 0x20, 0x3d, 0x20, 0x22, 0xff, 0x22, 0x0a]));
    const attempt = runInspectFlan({ templates: file }, collect());
    await expect(attempt).rejects.toThrow(`${file}: invalid UTF-8 at byte offset 5 (0xff)`);
    await expect(runInspectFlan({ templates: file }, collect())).rejects.toSatisfy(isUserError);
  });

  it("a malformed module is reported with line and column", async () => {
    const bad = path.join(ROOT, "test/fixtures/flan/malformed/unterminated_string.py");
    await expect(runInspectFlan({ templates: bad }, collect())).rejects.toThrow(
      /syntax error at line 3, column 29: unterminated string literal/,
    );
  });
});
