/**
 * report.html in a real browser: Debian's Chromium driven by playwright-core (no browser download). The
 * demo build's report loads with no console error and no request but its own file and data: URLs, shows
 * every figure with its title, axis labels and the manifest's counts, and is screenshotted; the card's SVG
 * files open on their own. Skipped, visibly, where /usr/bin/chromium is absent (`.ci/run` installs it).
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, tempDir } from "../pipeline/helpers.js";
import { type BuiltReport, buildWithReport, FIGURES, RICH } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[skip] report.html in a browser: ${CHROMIUM} is absent (Debian: apt-get install chromium)`);

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const count = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

describe.skipIf(!hasChromium)(`report.html in headless Chromium (${CHROMIUM})`, () => {
  let dir: string;
  let context: BrowserContext;
  let demo: BuiltReport;
  let rich: BuiltReport;

  beforeAll(async () => {
    dir = await tempDir();
    demo = await buildWithReport(dir, "demo");
    rich = await buildWithReport(dir, "rich", RICH);
    context = await chromium.launchPersistentContext(await mkdtemp(join(dir, "profile-")), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  afterAll(async () => {
    await context?.close();
    await removeDir(dir);
  });

  /** Open a file, recording console messages, page errors and every request. */
  async function open(file: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, errors, requests };
  }

  it("loads the demo build's report with no console error and no request but its own file and data: URLs", async () => {
    const file = join(demo.out, "report.html");
    const { page, errors, requests } = await open(file);
    expect(errors).toEqual([]);
    expect(requests.filter((u) => u !== pathToFileURL(file).href && !u.startsWith("data:"))).toEqual([]);
    expect(await page.title()).toBe("iml-bench demo: build report");
    await page.close();
  });

  it("shows every figure with its title and axis labels, or the note saying why it has none", async () => {
    const { page } = await open(join(demo.out, "report.html"));
    for (const [id, axes] of Object.entries(FIGURES)) {
      const figure = page.locator(`#figure-${id}`);
      expect(await figure.isVisible(), id).toBe(true);
      expect((await figure.locator("h3").textContent())?.length, id).toBeGreaterThan(0);
      if (axes === null) {
        expect(await figure.locator("p.note").isVisible(), id).toBe(true);
        continue;
      }
      const chart = figure.locator("svg.chart");
      const box = await chart.boundingBox();
      expect(box?.width, id).toBeGreaterThan(300);
      expect(box?.height, id).toBeGreaterThan(80);
      expect(await chart.locator(".x-label").textContent(), id).toBe(axes[0]);
      expect(await chart.locator(".y-label").textContent(), id).toBe(axes[1]);
      expect(await chart.locator("title").first().textContent(), id).toBe(await figure.locator("h3").textContent());
      expect(await figure.locator("table").count(), id).toBeGreaterThan(0);
    }
    await page.close();
  });

  it("draws and tabulates the demo build's counts, read from its manifest", async () => {
    const { manifest } = demo;
    const { page } = await open(join(demo.out, "report.html"));
    const bySource = page.locator("#figure-records-by-source");
    const sources = Object.keys(manifest.counts.by_source).sort();
    expect(await bySource.locator("svg .row-label").allTextContents()).toEqual(sources);
    expect(await bySource.locator("svg .value").allTextContents()).toEqual(
      sources.map((s) => count(sum(manifest.counts.by_source[s] ?? {}))),
    );
    const rows = await bySource.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(rows.at(-1)?.at(-1)).toBe(count(manifest.counts.records));
    for (const s of sources) expect(rows.find((r) => r[0] === s)?.at(-1), s).toBe(count(sum(manifest.counts.by_source[s] ?? {})));

    const byCategory = page.locator("#figure-records-by-category");
    const heldOut = (manifest.config as { heldout: { categories: string[] } }).heldout.categories;
    const marked = await byCategory.locator("svg .row-label[fill='#B3261E']").allTextContents();
    expect(marked.sort()).toEqual(heldOut.filter((c) => manifest.counts.by_category[c]).sort());
    expect(await byCategory.locator("svg .mark").allTextContents()).toEqual(marked.map(() => "held out"));

    const structure = page.locator("#figure-heldout-structure");
    const tasks = manifest.tasks.filter((t) => t.assignment === "heldout_category").length;
    const levels = await structure
      .locator("table")
      .first()
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(levels.reduce((n, r) => n + Number(r[2]), 0)).toBe(tasks);

    const lengths = page.locator("#figure-length-prompt-chars table").first();
    const perSplit = await lengths.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    for (const [split, n] of Object.entries(manifest.counts.by_split))
      expect(perSplit.find((r) => r[0] === split)?.[1], split).toBe(count(n));

    const drops = page.locator("#figure-drops-tasks");
    for (const [reason, n] of Object.entries(manifest.drops.tasks))
      expect(await drops.locator("tbody tr", { hasText: reason }).locator("td").last().textContent(), reason).toBe(count(n));
    await page.close();
  });

  it("shows the mixture, demonstrations, shot variants and flagged pairs of a build that has them", async () => {
    const { page, errors } = await open(join(rich.out, "report.html"));
    expect(errors).toEqual([]);
    for (const id of ["mixture-shares", "mixture-tasks", "demonstrations-per-record", "shot-variants", "audit-pairs"])
      expect(await page.locator(`#figure-${id} svg.chart`).isVisible(), id).toBe(true);
    const pairs = page.locator("#figure-audit-pairs table").first().locator("tbody tr");
    expect(await pairs.count()).toBe(rich.audit.pairs.length);
    expect(await page.locator("#figure-audit-pairs svg .rule").count()).toBe(1);
    const shares = await page.locator("#figure-mixture-shares svg .row-label").allTextContents();
    expect(shares).toEqual((rich.manifest.mixture as { per_source: { source: string }[] }).per_source.map((s) => s.source));
    await page.close();
  });

  it("takes a full-page screenshot", async () => {
    const { page } = await open(join(demo.out, "report.html"));
    const png = join(await mkdtemp(join(tmpdir(), "iml-report-")), "report.png");
    await page.screenshot({ path: png, fullPage: true });
    const bytes = await readFile(png);
    expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect((await stat(png)).size).toBeGreaterThan(50_000);
    // The page is taller than the window: the whole report is in the picture.
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(900);
    await removeDir(join(png, ".."));
    await page.close();
  });

  it("opens each of the card's SVG files on its own, as well-formed SVG", async () => {
    const figures = demo.manifest.outputs.filter((o) => o.path.startsWith("figures/"));
    expect(figures.length).toBeGreaterThan(0);
    for (const { path } of figures) {
      const { page, errors } = await open(join(demo.out, path));
      expect(errors, path).toEqual([]);
      // The tests type-check without the DOM library, so the page is asked in its own words.
      const root = await page.evaluate("[document.documentElement.localName, document.getElementsByTagName('parsererror').length]");
      expect(root, path).toEqual(["svg", 0]);
      await page.close();
    }
  });
});
