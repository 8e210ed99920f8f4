import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import yargs from "yargs";
import type { CliIO } from "../../../src/cli-io.js";
import {
  type RenderPromptSourceArgs,
  renderPromptSourceCommand,
  runRenderPromptSource,
} from "../../../src/sources/promptsource/render-command.js";

const REPO = path.resolve(import.meta.dirname, "../../..");
const SAMPLE = path.join(REPO, "sources/sample/promptsource");
const RTE = path.join(SAMPLE, "templates/super_glue/rte/templates.yaml");

function collect(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}
const lines = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("render promptsource", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "iml-ps-cmd-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const args = (extra: Partial<RenderPromptSourceArgs> = {}): RenderPromptSourceArgs => ({
    templates: RTE,
    rows: path.join(SAMPLE, "rows/super_glue/rte/validation.jsonl"),
    seed: 0,
    truncate: 2048,
    ...extra,
  });

  it("prints one line per (template, row), templates in id order, rows in file order", async () => {
    const io = collect();
    await runRenderPromptSource(args(), io);
    const out = lines(io.stdout);
    expect(out).toHaveLength(4 * 20);
    expect(out.map((r) => `${String(r.template).slice(0, 4)}:${String(r.row)}`).slice(18, 22)).toEqual([
      "0b6e:18",
      "0b6e:19",
      "3c9f:0",
      "3c9f:1",
    ]);
    expect(Object.keys(out[0]!)).toEqual(["template", "row", "prompt", "completion", "choices"]);
    const skipped = out.find((r) => r.skipped === true)!;
    expect(skipped).toEqual({
      template: "8a2b3c94-1d5e-4f6a-b7c8-4a6c7d8e9f04",
      row: 0,
      skipped: true,
      reason: "template_not_applicable",
    });
    expect(out.find((r) => r.template === "8a2b3c94-1d5e-4f6a-b7c8-4a6c7d8e9f04" && !r.skipped)?.choices).toBeNull();
  });

  it("is byte-identical for the same seed and draws choice from the seed", async () => {
    const run = async (seed: number) => {
      const io = collect();
      await runRenderPromptSource(args({ seed }), io);
      return io.stdout;
    };
    expect(await run(7)).toBe(await run(7));
    const seeds = await Promise.all([1, 2, 3, 4].map(run));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it("reads Parquet rows like JSONL rows", async () => {
    const rows = [
      { premise: "A ||| B", hypothesis: "C", idx: 0n, label: 0n },
      { premise: "Café 🚀", hypothesis: "D", idx: 1n, label: -1n },
    ];
    const file = path.join(tmp, "rows.parquet");
    const jsonl = path.join(tmp, "rows.jsonl");
    writeFileSync(
      file,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: ["premise", "hypothesis", "idx", "label"].map((name) => ({
            name,
            data: rows.map((r) => r[name as keyof typeof r]),
            ...(name === "idx" || name === "label" ? { type: "INT64" as const } : {}),
          })),
        }),
      ),
    );
    writeFileSync(jsonl, rows.map((r) => JSON.stringify({ ...r, idx: Number(r.idx), label: Number(r.label) })).join("\n"));
    const a = collect();
    const b = collect();
    await runRenderPromptSource(args({ rows: file }), a);
    await runRenderPromptSource(args({ rows: jsonl }), b);
    expect(a.stdout).toBe(b.stdout);
    expect(lines(a.stdout)[0]).toMatchObject({ prompt: expect.stringContaining("A ||| B"), completion: "Yes" });
    expect(lines(a.stdout)[1]).toEqual({ template: "0b6e1a34-5d2f-4c1e-9a51-1f3d2c7e8a01", row: 1, skipped: true, reason: "empty_target" });
  });

  it("reports a runaway template on stderr, naming it, and carries on", async () => {
    const templates = path.join(tmp, "hostile.yaml");
    writeFileSync(
      templates,
      `dataset: evil\ntemplates:\n  a-loop: !Template\n    id: a-loop\n    jinja: "{% for i in range(10**12) %}{% endfor %}x ||| y"\n    name: loop\n  b-fine: !Template\n    id: b-fine\n    jinja: "{{ premise }} ||| ok"\n    name: fine\n`,
    );
    const io = collect();
    await runRenderPromptSource(args({ templates }), io);
    const out = lines(io.stdout);
    expect(out[0]).toMatchObject({ template: "a-loop", row: 0, skipped: true, reason: "template_limit" });
    expect(out[20]).toMatchObject({ template: "b-fine", row: 0, completion: "ok" });
    expect(io.stderr).toContain("a-loop");
    expect(io.stderr).toContain("template_limit");
  });

  it("names a missing templates or rows file as a user error", async () => {
    await expect(runRenderPromptSource(args({ templates: "nope/templates.yaml" }), collect())).rejects.toThrow(
      "[adapter:promptsource] nope/templates.yaml: file not found; expected a PromptSource templates.yaml",
    );
    await expect(runRenderPromptSource(args({ rows: "nope.jsonl" }), collect())).rejects.toMatchObject({
      code: "E_INPUT",
      message: "--rows nope.jsonl: file not found; expected a .jsonl or .parquet rows file",
    });
  });

  it("rejects a negative --truncate", async () => {
    await expect(runRenderPromptSource(args({ truncate: -1 }), collect())).rejects.toThrow("--truncate must be a non-negative integer");
  });

  it("parses its options through yargs with defaults seed=0, truncate=2048", async () => {
    const io = collect();
    const withDefaults = collect();
    await yargs(["promptsource", "--templates", RTE, "--rows", args().rows])
      .command(renderPromptSourceCommand(io))
      .exitProcess(false)
      .strict()
      .parseAsync();
    await runRenderPromptSource(args(), withDefaults);
    expect(io.stdout).toBe(withDefaults.stdout);
  });
});
