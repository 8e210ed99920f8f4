/**
 * A distribution over ordered bins (lengths): one line per series through the share of its records in
 * each bin, so series of different sizes compare. Bins are evenly spaced whatever their width; their
 * lower bounds label the horizontal axis.
 */
import { escapeMarkup, px } from "../text.js";
import { axisLabels, legend, niceTicks, plotTop, seriesColor, svgDocument, WIDTH } from "./frame.js";

export interface BinChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Bin labels, in order. */
  bins: readonly string[];
  /** Per series, its share (0–1) of records in each bin. */
  series: readonly { name: string; shares: readonly number[] }[];
  format: (share: number) => string;
}

const HEIGHT = 220;
const MAX_BIN_LABELS = 12;

export function binChart(spec: BinChartSpec): string {
  const top = plotTop(spec.series.length);
  const left = 76;
  const width = WIDTH - left - 24;
  const bottom = top + HEIGHT;
  const ticks = niceTicks(Math.max(0, ...spec.series.flatMap((s) => s.shares)));
  const step = width / Math.max(1, spec.bins.length);
  const xOf = (i: number): number => left + step * (i + 0.5);
  const yOf = (share: number): number => bottom - (share / (ticks.at(-1) as number)) * HEIGHT;
  const body: string[] = [...legend(spec.series.map((s) => s.name))];
  for (const t of ticks)
    body.push(
      `<line x1="${left}" y1="${px(yOf(t))}" x2="${px(left + width)}" y2="${px(yOf(t))}" stroke="#dddddd"/>`,
      `<text class="tick" x="${left - 6}" y="${px(yOf(t) + 4)}" text-anchor="end" fill="#444444">${escapeMarkup(spec.format(t))}</text>`,
    );
  const every = Math.ceil(spec.bins.length / MAX_BIN_LABELS);
  spec.bins.forEach((bin, i) => {
    if (i % every === 0)
      body.push(
        `<text class="tick" x="${px(xOf(i))}" y="${px(bottom + 16)}" text-anchor="middle" fill="#444444">${escapeMarkup(bin)}</text>`,
      );
  });
  spec.series.forEach((series, s) => {
    const points = series.shares.map((share, i) => `${px(xOf(i))},${px(yOf(share))}`);
    body.push(`<polyline class="series" points="${points.join(" ")}" fill="none" stroke="${seriesColor(s)}" stroke-width="2"/>`);
    series.shares.forEach((share, i) => {
      if (share > 0)
        body.push(
          `<circle cx="${px(xOf(i))}" cy="${px(yOf(share))}" r="3" fill="${seriesColor(s)}"><title>${escapeMarkup(`${series.name} · ${spec.bins[i] ?? ""}: ${spec.format(share)}`)}</title></circle>`,
        );
    });
  });
  body.push(
    `<line x1="${left}" y1="${px(bottom)}" x2="${px(left + width)}" y2="${px(bottom)}" stroke="#888888"/>`,
    ...axisLabels({ label: spec.xLabel, center: left + width / 2, y: bottom + 36 }, { label: spec.yLabel, center: (top + bottom) / 2 }),
  );
  return svgDocument(spec.id, spec.title, bottom + 48, body);
}
