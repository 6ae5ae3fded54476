import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ClosedEvent } from "@tickfold/core";
import { addWalkerStats, emptyWalkerStats, walkerHtml, walkerStatistics } from "@tickfold/core/report";
import type { GetSignalFn } from "@tickfold/core/engine";
import { afterAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../../packages/core/src/runtime/chromium.test.fixture.js";
import { hourlyMomentum } from "../strategies/hourly-momentum.js";
import { loadChartScript } from "tickfold";
import { backtestYear, foldReports } from "./year-report.js";

/**
 * The Walker comparison page for three variants of the demo strategy over the shipped year,
 * opened in headless Chromium: the equity chart draws one line per strategy, nothing logs an
 * error, nothing is fetched; the screenshot lands in `.vitest-tmp/report/`.
 */

const OUT = join(import.meta.dirname, "../../../.vitest-tmp/report");

/** The demo strategy with its targets moved: take profit and stop loss at the given distances. */
const withTargets = (base: GetSignalFn, takeProfit: number, stopLoss: number): GetSignalFn => (symbol, when, price, context) => {
  const proposal = base(symbol, when, price, context) as { position: "long" | "short" } | null;
  if (proposal === null) return null;
  const long = proposal.position === "long";
  return { ...proposal, priceTakeProfit: price * (long ? 1 + takeProfit : 1 - takeProfit), priceStopLoss: price * (long ? 1 - stopLoss : 1 + stopLoss) };
};

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe("the Walker comparison page", () => {
  it("draws every strategy's equity curve with no console error and no request, and ranks them", async () => {
    const variants: Record<string, GetSignalFn> = {
      "momentum 1.5/1": hourlyMomentum,
      "momentum 3/2": withTargets(hourlyMomentum, 0.03, 0.02),
      "momentum 1/3": withTargets(hourlyMomentum, 0.01, 0.03),
    };
    const walker = emptyWalkerStats("totalPnl");
    const trades: Record<string, ClosedEvent[]> = {};
    for (const [strategyName, getSignal] of Object.entries(variants)) {
      const { result } = backtestYear(getSignal, strategyName);
      const folded = foldReports(result);
      addWalkerStats(walker, { strategyName, statistics: folded.statistics });
      trades[strategyName] = folded.closed;
    }
    const statistics = walkerStatistics(walker);
    expect(statistics.ranking.map((r) => r.metricValue)).toEqual([...statistics.ranking.map((r) => r.metricValue)].sort((a, b) => b! - a!));

    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, "walker.html");
    writeFileSync(file, walkerHtml({ walkerName: "momentum-targets", symbol: "BTCUSDT", statistics, trades, chartScript: loadChartScript() }));
    const url = pathToFileURL(file).href;

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

    // Each line has its own colour: count the pixels of each strategy's colour on the chart.
    const colours = await page.evaluate(() => {
      const seen = new Map<string, number>();
      document.querySelectorAll("#equity-chart canvas").forEach((node) => {
        const canvas = node as HTMLCanvasElement;
        const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < data.length; i += 4) {
          const key = `${data[i]},${data[i + 1]},${data[i + 2]}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
      });
      return Object.fromEntries(seen);
    });
    for (const rgb of ["37,99,235", "220,38,38", "5,150,105"]) expect(colours[rgb] ?? 0, `pixels of ${rgb}`).toBeGreaterThan(200);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.$$eval("table.sortable tbody tr", (rows) => rows.length)).toBe(3);

    const shot = join(OUT, "walker.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  });
});
