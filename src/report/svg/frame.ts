/**
 * What every chart shares: the SVG element (standalone-valid, white background so it reads on a dark page
 * too), its title, the legend of its series, axis labels, nice ticks and the series colours.
 */
import { escapeMarkup, px, textWidth } from "../text.js";

export const WIDTH = 760;
export const FONT = 12;
const TITLE_HEIGHT = 30;
const LEGEND_HEIGHT = 22;

/** Okabe–Ito colours, told apart with the common colour-vision deficiencies; series take them in order. */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}

/** The chart's element, with its title first (read by screen readers and shown as a tooltip). */
export function svgDocument(id: string, title: string, height: number, body: readonly string[]): string {
  const h = px(height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${escapeMarkup(id)}" class="chart" viewBox="0 0 ${WIDTH} ${h}" width="${WIDTH}" height="${h}" role="img" aria-labelledby="${escapeMarkup(id)}-title" font-family="Helvetica, Arial, sans-serif" font-size="${FONT}">`,
    `<title id="${escapeMarkup(id)}-title">${escapeMarkup(title)}</title>`,
    `<rect width="${WIDTH}" height="${h}" fill="#ffffff"/>`,
    `<text class="chart-title" x="12" y="20" font-size="15" font-weight="bold" fill="#111111">${escapeMarkup(title)}</text>`,
    ...body,
    "</svg>",
  ].join("\n");
}

/** Top of the plot area: under the title, and under the legend when there is one. */
export function plotTop(series: number): number {
  return TITLE_HEIGHT + (series > 1 ? LEGEND_HEIGHT : 0) + 8;
}

/** One swatch and name per series, in a row under the title (none for a single series). */
export function legend(series: readonly string[]): string[] {
  if (series.length < 2) return [];
  let x = 12;
  return series.map((name, i) => {
    const item = `<g class="legend"><rect x="${px(x)}" y="${TITLE_HEIGHT}" width="12" height="12" fill="${seriesColor(i)}"/><text x="${px(x + 16)}" y="${TITLE_HEIGHT + 10}" fill="#222222">${escapeMarkup(name)}</text></g>`;
    x += 28 + textWidth(name);
    return item;
  });
}

/** The horizontal axis's label under the plot, and the vertical one turned along the left edge. */
export function axisLabels(x: { label: string; center: number; y: number }, y: { label: string; center: number }): string[] {
  return [
    `<text class="axis-label x-label" x="${px(x.center)}" y="${px(x.y)}" text-anchor="middle" fill="#222222">${escapeMarkup(x.label)}</text>`,
    `<text class="axis-label y-label" transform="translate(14 ${px(y.center)}) rotate(-90)" text-anchor="middle" fill="#222222">${escapeMarkup(y.label)}</text>`,
  ];
}

/**
 * Round ticks from 0 to at least `max`: a step of 1, 2 or 5 times a power of ten, at most about six ticks.
 * Powers are reached by multiplying and dividing by ten, never Math.log, so every machine gets the same ticks.
 */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  let power = 1;
  while (power * 10 <= max) power *= 10;
  while (power > max) power /= 10;
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => max / s <= 5) ?? power * 10;
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || (ticks.at(-1) as number) < max; i++) ticks.push(roundTick(i * step));
  return ticks;
}

/** A tick value without the binary dust of `i * 0.1`. */
function roundTick(value: number): number {
  return Number(value.toPrecision(12));
}
