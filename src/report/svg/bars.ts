/**
 * A horizontal bar chart: one row per label, the values of its series stacked (parts of one whole, such
 * as records per split) or grouped (comparable quantities, such as requested and realised shares). Rows
 * may carry a mark (shown after the bar, and the label drawn in the mark colour) and the chart a rule (a
 * threshold drawn across the rows).
 */
import { escapeMarkup, fitLabel, px, textWidth } from "../text.js";
import { axisLabels, FONT, legend, niceTicks, plotTop, seriesColor, svgDocument, WIDTH } from "./frame.js";

interface BarRow {
  label: string;
  /** One value per series. */
  values: readonly number[];
  /** A word shown after the bar, e.g. "held out". */
  mark?: string;
}

export interface BarChartSpec {
  id: string;
  title: string;
  /** The value axis (horizontal). */
  xLabel: string;
  /** What the rows are (vertical). */
  yLabel: string;
  series: readonly string[];
  rows: readonly BarRow[];
  layout: "stacked" | "grouped";
  /** Tick and value text. */
  format: (value: number) => string;
  rule?: { value: number; label: string };
}

const MARK_COLOR = "#B3261E";
const LABEL_MAX = 260;

export function barChart(spec: BarChartSpec): string {
  const grouped = spec.layout === "grouped" && spec.series.length > 1;
  const barHeight = grouped ? 10 : 14;
  const rowHeight = grouped ? 8 + barHeight * spec.series.length : 22;
  const top = plotTop(spec.series.length);
  const labelWidth = Math.min(LABEL_MAX, Math.max(60, ...spec.rows.map((r) => textWidth(r.label))));
  const left = 30 + labelWidth + 8;
  const markWidth = Math.max(0, ...spec.rows.map((r) => (r.mark ? textWidth(r.mark) + 8 : 0)));
  const width = WIDTH - left - 64 - markWidth;
  const totals = spec.rows.map((r) => (grouped ? Math.max(0, ...r.values) : r.values.reduce((a, b) => a + b, 0)));
  const ticks = niceTicks(Math.max(...totals, spec.rule?.value ?? 0));
  const scale = (v: number): number => (v / (ticks.at(-1) as number)) * width;
  const bottom = top + rowHeight * spec.rows.length;
  const body: string[] = [...legend(spec.series)];
  for (const t of ticks) {
    const x = left + scale(t);
    body.push(
      `<line x1="${px(x)}" y1="${px(top)}" x2="${px(x)}" y2="${px(bottom)}" stroke="#dddddd"/>`,
      `<text class="tick" x="${px(x)}" y="${px(bottom + 16)}" text-anchor="middle" fill="#444444">${escapeMarkup(spec.format(t))}</text>`,
    );
  }
  spec.rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const color = row.mark ? MARK_COLOR : "#222222";
    body.push(
      `<g><title>${escapeMarkup(row.label)}</title><text class="row-label" x="${px(left - 8)}" y="${px(y + rowHeight / 2 + FONT / 3)}" text-anchor="end" fill="${color}">${escapeMarkup(fitLabel(row.label, labelWidth))}</text></g>`,
    );
    let x = left;
    row.values.forEach((value, s) => {
      const w = scale(value);
      const barY = grouped ? y + 4 + s * barHeight : y + (rowHeight - barHeight) / 2;
      const barX = grouped ? left : x;
      if (value > 0)
        body.push(
          `<rect class="bar" x="${px(barX)}" y="${px(barY)}" width="${px(w)}" height="${px(barHeight - (grouped ? 1 : 0))}" fill="${seriesColor(s)}"><title>${escapeMarkup(`${row.label} · ${spec.series[s] ?? ""}: ${spec.format(value)}`)}</title></rect>`,
        );
      if (grouped)
        body.push(
          `<text class="value" x="${px(left + w + 4)}" y="${px(barY + barHeight - 2)}" font-size="10" fill="#444444">${escapeMarkup(spec.format(value))}</text>`,
        );
      x += w;
    });
    const end = left + scale(totals[i] as number);
    if (!grouped)
      body.push(
        `<text class="value" x="${px(end + 4)}" y="${px(y + rowHeight / 2 + FONT / 3)}" fill="#444444">${escapeMarkup(spec.format(totals[i] as number))}</text>`,
      );
    if (row.mark)
      body.push(
        `<text class="mark" x="${px(left + width + 56)}" y="${px(y + rowHeight / 2 + FONT / 3)}" fill="${MARK_COLOR}">${escapeMarkup(row.mark)}</text>`,
      );
  });
  if (spec.rule) {
    const x = left + scale(spec.rule.value);
    body.push(
      `<line class="rule" x1="${px(x)}" y1="${px(top - 4)}" x2="${px(x)}" y2="${px(bottom)}" stroke="${MARK_COLOR}" stroke-dasharray="4 3"/>`,
      `<text class="rule-label" x="${px(x + 4)}" y="${px(top - 6)}" font-size="10" fill="${MARK_COLOR}">${escapeMarkup(spec.rule.label)}</text>`,
    );
  }
  body.push(
    `<line x1="${px(left)}" y1="${px(bottom)}" x2="${px(left + width)}" y2="${px(bottom)}" stroke="#888888"/>`,
    ...axisLabels({ label: spec.xLabel, center: left + width / 2, y: bottom + 36 }, { label: spec.yLabel, center: (top + bottom) / 2 }),
  );
  return svgDocument(spec.id, spec.title, bottom + 48, body);
}
