/**
 * report.html as text: one self-contained page (a CSP that forbids every fetch, no script, nothing
 * external), every section and figure, escaped data, the same bytes for the same build.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportHtml } from "../../src/report/html.js";
import { REPORT_CSP } from "../../src/report/index.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";
import { type BuiltReport, buildWithReport, FIGURES, RICH } from "./helpers.js";

let dir: string;
let demo: BuiltReport;
let rich: BuiltReport;
beforeAll(async () => {
  dir = await tempDir();
  demo = await buildWithReport(dir, "demo");
  rich = await buildWithReport(dir, "rich", RICH);
});
afterAll(async () => removeDir(dir));

const figureOf = (html: string, id: string): string => {
  const start = html.indexOf(`<figure id="figure-${id}"`);
  if (start < 0) throw new Error(`no figure ${id}`);
  return html.slice(start, html.indexOf("</figure>", start));
};

describe("report.html", () => {
  it("forbids every fetch and holds nothing external: no script, no link but the empty icon, no URL", () => {
    for (const { html } of [demo, rich]) {
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
      expect(REPORT_CSP).toMatch(/^default-src 'none';/);
      expect(html).not.toMatch(/<script|<iframe|<object|<embed|<img|@import|url\(/i);
      expect(html.match(/<link [^>]*>/g)).toEqual(['<link rel="icon" href="data:,">']);
      const urls = [...html.matchAll(/(?:https?:|\/\/)[^\s"'<)]+/g)].map((m) => m[0]);
      expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg"]));
    }
  });

  it("shows every figure with a chart or a note saying why there is none, and a table beside each chart", () => {
    for (const id of Object.keys(FIGURES)) {
      const figure = figureOf(rich.html, id);
      expect(figure, id).toMatch(/<svg [^>]*class="chart"/);
      expect(figure, id).toContain("<table>");
    }
    // The shipped demo has no mixture and no demonstrations, and its audit flags nothing.
    for (const id of ["mixture-shares", "mixture-tasks", "demonstrations-per-record", "shot-variants", "audit-pairs", "drops-prompts"])
      expect(figureOf(demo.html, id), id).toMatch(/<p class="note">/);
    expect(figureOf(demo.html, "records-by-source")).toMatch(/<svg /);
  });

  it("has the manifest's numbers in its tables", () => {
    const source = figureOf(demo.html, "records-by-source");
    for (const [name, counts] of Object.entries(demo.manifest.counts.by_source)) {
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      expect(source).toMatch(new RegExp(`<td>${name}</td>(<td class="num">[\\d,]+</td>)*<td class="num">${total}</td></tr>`));
    }
    const pairs = figureOf(rich.html, "audit-pairs");
    for (const pair of rich.audit.pairs) expect(pairs).toContain(`<td>${pair.example.ngram}</td>`);
  });

  it("escapes text from the data: task names, categories, n-grams", () => {
    const evil = `<script>alert("x")</script>`;
    const manifest = structuredClone(rich.manifest);
    const task = manifest.tasks[0];
    if (!task) throw new Error("no task");
    task.task = evil;
    task.category = `${evil} & co`;
    manifest.counts.by_category[`${evil} & co`] = { train: 1 };
    manifest.counts.by_source[evil] = { train: 1 };
    const audit = structuredClone(rich.audit);
    const pair = audit.pairs[0];
    if (!pair) throw new Error("no pair");
    pair.example.ngram = evil;
    pair.train = evil;
    const html = reportHtml({ manifest, audit });
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
  });

  it("is the same bytes for the same manifest and audit, and the build wrote exactly that", () => {
    expect(reportHtml({ manifest: rich.manifest, audit: rich.audit })).toBe(rich.html);
    expect(reportHtml({ manifest: structuredClone(rich.manifest), audit: structuredClone(rich.audit) })).toBe(rich.html);
  });
});
