/**
 * report.html: one self-contained page (inline CSS and SVG, no script, a Content-Security-Policy that
 * forbids every fetch) with the build's figures, each beside the table of its numbers. Pure: the same
 * manifest and audit give the same bytes.
 */
import type { Figure, ReportInput, Section, Table } from "./figure.js";
import { reportSections } from "./sections.js";
import { bySplit } from "./splits.js";
import { escapeMarkup, formatCount } from "./text.js";

/** Nothing may be fetched: styles only inline, images only data: URLs (the empty favicon). */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #111; background: #f6f6f4; margin: 0; }
header, main { max-width: 1480px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 20px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 0 0 6px; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; list-style: none; }
figure { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 12px 0; padding: 12px 16px; }
.figure-body { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.chart-box { flex: 0 0 auto; }
.chart-box svg { max-width: 100%; height: auto; }
.tables { flex: 1 1 360px; min-width: 300px; }
.wide { flex-direction: column; align-items: stretch; }
.wide .tables { flex: none; }
.table-box { max-height: 460px; overflow: auto; margin-bottom: 10px; }
table { border-collapse: collapse; font-size: 12px; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 2px 0; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0ee; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #555; font-style: italic; }
figcaption { color: #444; margin-top: 6px; }
header table { width: auto; min-width: 320px; }
.chart-box .chart-title { display: none; }
code { background: #f0f0ee; padding: 0 3px; }
`;

export function reportHtml(input: ReportInput): string {
  const { manifest } = input;
  const config = manifest.config as { name?: string; description?: string };
  const name = config.name ?? "benchmark";
  const sections = reportSections(input);
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>iml-bench ${escapeMarkup(name)}: build report</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body>",
    "<header>",
    `<h1>iml-bench ${escapeMarkup(name)}: build report</h1>`,
    ...(config.description ? [`<p>${escapeMarkup(config.description)}</p>`] : []),
    `<p>${formatCount(manifest.counts.records)} records from ${formatCount(manifest.tasks.filter((t) => t.assignment !== "dropped").length)} tasks. Built by iml-bench ${escapeMarkup(manifest.tool.version)} with seed ${manifest.seed}; every number here comes from <code>manifest.json</code> and <code>audit.json</code> beside this page.</p>`,
    tableHtml({
      head: ["split", "records"],
      rows: Object.keys(manifest.counts.by_split)
        .sort(bySplit)
        .map((s) => [s, formatCount(manifest.counts.by_split[s] ?? 0)]),
    }),
    `<nav><ul>${sections.map((s) => `<li><a href="#${s.id}">${escapeMarkup(s.title)}</a></li>`).join("")}</ul></nav>`,
    "</header>",
    "<main>",
    ...sections.map(sectionHtml),
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function sectionHtml(section: Section): string {
  return [`<section id="${section.id}">`, `<h2>${escapeMarkup(section.title)}</h2>`, ...section.figures.map(figureHtml), "</section>"].join(
    "\n",
  );
}

function figureHtml(figure: Figure): string {
  const chart = figure.svg ?? `<p class="note">${inlineCode(figure.note ?? "Nothing to draw.")}</p>`;
  return [
    `<figure id="figure-${figure.id}" data-figure="${figure.id}">`,
    `<h3>${escapeMarkup(figure.title)}</h3>`,
    `<div class="figure-body${figure.wide ? " wide" : ""}">`,
    `<div class="chart-box">${chart}</div>`,
    `<div class="tables">${figure.tables.map(tableHtml).join("\n")}</div>`,
    "</div>",
    `<figcaption>${inlineCode(figure.description)}</figcaption>`,
    "</figure>",
  ].join("\n");
}

function tableHtml(table: Table): string {
  const numeric = (text: string): boolean => /^-?[\d,.]+%?$/.test(text);
  const head = `<tr>${table.head.map((h) => `<th scope="col">${escapeMarkup(h)}</th>`).join("")}</tr>`;
  // The first column names the row; numbers after it align right.
  const rows = table.rows.map(
    (row) => `<tr>${row.map((c, i) => `<td${i > 0 && numeric(c) ? ' class="num"' : ""}>${escapeMarkup(c)}</td>`).join("")}</tr>`,
  );
  const caption = table.caption ? `<caption>${escapeMarkup(table.caption)}</caption>` : "";
  return `<div class="table-box"><table>${caption}<thead>${head}</thead><tbody>\n${rows.join("\n")}\n</tbody></table></div>`;
}

/** Escaped text with `backquoted` spans set as code (our own descriptions and notes, which quote config keys). */
function inlineCode(text: string): string {
  return escapeMarkup(text).replace(/`([^`]*)`/g, "<code>$1</code>");
}
