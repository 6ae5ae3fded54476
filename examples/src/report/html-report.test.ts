import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BacktestStatistics } from "@tickfold/core/report";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../packages/core/src/runtime/chromium.test.fixture.js";
import { backtestYear, yearReport } from "./year-report.js";

/**
 * The HTML report of the shipped year's backtest, opened in headless Chromium: every chart must
 * draw, nothing may log an error, and nothing may be fetched (the page is one file). The
 * screenshot lands in `.vitest-tmp/report/` for a person to look at.
 */

const OUT = join(import.meta.dirname, "../../../.vitest-tmp/report");

let browser: Browser | undefined;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];
let fileUrl: string;
let statistics: BacktestStatistics;

beforeAll(async () => {
  const { candles, result } = backtestYear();
  const report = yearReport(candles, result);
  const { html, markdown } = report;
  statistics = report.statistics;
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, "backtest-hourly-momentum.html");
  writeFileSync(file, html);
  writeFileSync(join(OUT, "backtest-hourly-momentum.md"), markdown);
  fileUrl = pathToFileURL(file).href;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(fileUrl, { waitUntil: "load" });
  // Two frames: lightweight-charts paints on the next animation frame after setData.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Per chart container: how many distinct colours its canvases show (1 = blank). */
const chartColours = (p: Page) =>
  p.evaluate(() =>
    ["price-chart", "equity-chart", "drawdown-chart"].map((id) => {
      const container = document.getElementById(id);
      if (container === null) return { id, colours: 0 };
      const colours = new Set<string>();
      container.querySelectorAll("canvas").forEach((canvas) => {
        const ctx = canvas.getContext("2d");
        if (ctx === null || canvas.width === 0 || canvas.height === 0) return;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < data.length; i += 4 * 97) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`);
      });
      return { id, colours: colours.size };
    }),
  );

describe("the HTML report of the shipped year", () => {
  it("draws the price, equity and drawdown charts (no blank canvas)", async () => {
    const charts = await chartColours(page);
    for (const chart of charts) expect(chart.colours, chart.id).toBeGreaterThan(8);
  });

  it("logs no console error and fetches nothing but its own file", () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([fileUrl]);
  });

  it("saves a screenshot of the whole page", async () => {
    const path = join(OUT, "backtest-hourly-momentum.png");
    await page.screenshot({ path, fullPage: true });
    expect(statSync(path).size).toBeGreaterThan(50_000);
  });

  it("hides trade markers at a year's density and shows them once zoomed in", async () => {
    expect(await page.textContent("#marker-note")).toMatch(/trade markers in view: zoom in/);
    await page.click('button[data-days="7"]');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(await page.textContent("#marker-note")).toBe("");
    await page.locator("#price-chart").screenshot({ path: join(OUT, "price-zoomed.png") });
  });

  it("sorts all trades by a clicked column and pages through them", async () => {
    const pnlCells = () => page.$$eval("#trades-table tbody tr td:nth-child(11)", (cells) => cells.map((c) => Number(c.getAttribute("data-sort"))));
    expect(await pnlCells()).toHaveLength(100);
    await page.click("#trades-table th:nth-child(11)");
    const ascending = await pnlCells();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(ascending[0]).toBe(statistics.worstTrade!.pnlPercentage);
    await page.click("#trades-table th:nth-child(11)");
    const descending = await pnlCells();
    expect(descending[0]).toBe(statistics.bestTrade!.pnlPercentage);
    await page.click('#trades-table button[data-step="1"]');
    expect(await page.textContent("#trades-table .pager span")).toBe(`page 2 of ${Math.ceil(statistics.totalSignals / 100)} (${statistics.totalSignals} rows)`);
    const second = await pnlCells();
    expect(second).toEqual([...second].sort((a, b) => b - a));
    expect(second[0]!).toBeLessThanOrEqual(descending[descending.length - 1]!);
  });

});
