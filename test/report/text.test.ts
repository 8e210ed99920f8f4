/** Text in the report: escaped for HTML and XML alike, numbers the same on every machine. */
import { describe, expect, it } from "vitest";
import { escapeMarkup, fitLabel, formatCount, formatNumber, formatShare } from "../../src/report/text.js";

describe("report text", () => {
  it("escapes markup and replaces characters XML forbids", () => {
    expect(escapeMarkup(`<script>alert("x")</script> & 'y'`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
    expect(escapeMarkup("a\u0000b\u001Fc\tz\n")).toBe("a\uFFFDb\uFFFDc\tz\n");
    expect(escapeMarkup("lone \uD800 high, lone \uDC00 low, pair \uD835\uDD18")).toBe(
      "lone \uFFFD high, lone \uFFFD low, pair \uD835\uDD18",
    );
  });

  it("writes numbers without locale: thousands with commas, trailing zeros dropped", () => {
    expect([0, 7, 1234, 1234567, -9876].map(formatCount)).toEqual(["0", "7", "1,234", "1,234,567", "-9,876"]);
    expect([formatNumber(1234.56, 1), formatNumber(2.5, 2), formatNumber(3, 1)]).toEqual(["1,234.6", "2.5", "3"]);
    expect([0, 0.01, 0.12345, 1].map(formatShare)).toEqual(["0%", "1%", "12.3%", "100%"]);
  });

  it("cuts long labels with an ellipsis, by code point", () => {
    expect(fitLabel("short", 200)).toBe("short");
    const cut = fitLabel("supernatural/task9008_sst2_sentiment_classification", 100);
    expect(cut.endsWith("…")).toBe(true);
    expect([...cut].length).toBeLessThan(20);
  });
});
