/** The two charts: well-formed standalone SVG with a title, axis labels, every row or series, escaped text. */
import { describe, expect, it } from "vitest";
import { barChart } from "../../../src/report/svg/bars.js";
import { binChart } from "../../../src/report/svg/lines.js";
import { formatCount, formatShare } from "../../../src/report/text.js";

const hostile = `<img src=x onerror="alert(1)">&`;

describe("barChart", () => {
  const svg = barChart({
    id: "demo",
    title: "Records & tasks",
    xLabel: "records",
    yLabel: "source",
    series: ["train", "heldout_task"],
    layout: "stacked",
    format: formatCount,
    rows: [
      { label: "alpha", values: [3, 2] },
      { label: hostile, values: [1000, 0], mark: "held out" },
    ],
    rule: { value: 500, label: "threshold" },
  });

  it("is a standalone SVG with its title, axis labels, legend, values, mark and rule", () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" id="demo"')).toBe(true);
    expect(svg).toContain('<title id="demo-title">Records &amp; tasks</title>');
    expect(svg).toContain(">records</text>");
    expect(svg).toContain(">source</text>");
    expect(svg).toContain(">heldout_task</text>");
    expect(svg).toContain(">1,000</text>");
    expect(svg).toContain(">held out</text>");
    expect(svg).toContain('class="rule"');
    expect(svg.endsWith("</svg>")).toBe(true);
  });

  it("escapes every label and draws no bar for a zero", () => {
    expect(svg).not.toContain("<img");
    expect(svg).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;");
    expect(svg.match(/class="bar"/g)?.length).toBe(3);
  });

  it("groups series side by side when asked", () => {
    const grouped = barChart({
      id: "g",
      title: "Shares",
      xLabel: "share",
      yLabel: "source",
      series: ["requested", "realised"],
      layout: "grouped",
      format: formatShare,
      rows: [{ label: "a", values: [0.25, 0.2] }],
    });
    const ys = [...grouped.matchAll(/class="bar" x="([\d.]+)" y="([\d.]+)"/g)].map((m) => [m[1], m[2]]);
    expect(ys).toHaveLength(2);
    expect(ys[0]?.[0]).toBe(ys[1]?.[0]);
    expect(ys[0]?.[1]).not.toBe(ys[1]?.[1]);
    expect(grouped).toContain(">25%</text>");
  });
});

describe("binChart", () => {
  it("draws one line per series through every bin, with labelled axes", () => {
    const svg = binChart({
      id: "len",
      title: "Prompt length",
      xLabel: "characters",
      yLabel: "share of records",
      bins: ["0", "1", "2", "3"],
      series: [
        { name: "train", shares: [0.5, 0.5, 0, 0] },
        { name: "heldout_task", shares: [0, 0, 0.25, 0.75] },
      ],
      format: formatShare,
    });
    expect(svg.match(/<polyline/g)?.length).toBe(2);
    expect(svg.match(/<circle/g)?.length).toBe(4);
    expect(svg).toContain(">characters</text>");
    expect(svg).toContain(">share of records</text>");
    expect(svg).toContain(">80%</text>");
  });
});
