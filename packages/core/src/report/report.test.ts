import { describe, expect, it } from "vitest";
import { candleSeries } from "../series/candle-series.js";
import { DAY, MIN, cancelled, closed, milestone, rejection, scheduled, signalRow } from "../stats/events.fixture.js";
import { addPartialStats, emptyPartialStats, partialStatistics } from "../stats/partial.js";
import { addRiskStats, emptyRiskStats, riskStatistics } from "../stats/risk.js";
import { addScheduleStats, emptyScheduleStats, scheduleStatistics } from "../stats/schedule.js";
import { addTradeStats, backtestStatistics, emptyBacktestStats, emptyLiveStats, liveStatistics } from "../stats/trades.js";
import { addWalkerStats, emptyWalkerStats, walkerStatistics } from "../stats/walker.js";
import { barMinutesFor, barTimeOf, downsampleCandles } from "./html/downsample.js";
import { backtestHtml } from "./html/backtest-page.js";
import { walkerHtml } from "./html/walker-page.js";
import { partialMarkdown, riskMarkdown, scheduleMarkdown } from "./markdown/events.js";
import { backtestMarkdown, liveMarkdown } from "./markdown/trades.js";
import { walkerMarkdown } from "./markdown/walker.js";

const COSTS = { percentFee: 0.1, percentSlippage: 0.1 };
const trade = closed({ id: "sig|1", pnl: 2, openAt: DAY, closeAt: DAY + 90 * MIN, reason: "take_profit", priceOpen: 100, priceClose: 102 });
const backtest = () => backtestStatistics(addTradeStats(emptyBacktestStats(COSTS), trade));

const headerOf = (markdown: string): string => markdown.split("\n").find((l) => l.startsWith("| "))!;

describe("markdown reports (reference §11 default columns)", () => {
  it("backtest: title, the default columns, formatted cells, statistics", () => {
    const md = backtestMarkdown("breakout", backtest());
    expect(md.startsWith("# Backtest Report: breakout\n")).toBe(true);
    expect(headerOf(md)).toBe(
      "| Signal ID | Symbol | Position | Open Price | Close Price | Take Profit | Stop Loss | PNL (net) | Close Reason | Duration (min) | Open Time | Close Time |",
    );
    expect(md).toContain(
      "| sig\\|1 | BTCUSDT | LONG | 100.00000000 USD | 102.00000000 USD | 110.00000000 USD | 95.00000000 USD | +2.00% | take_profit | 90 | 1970-01-02T00:00:00.000Z | 1970-01-02T01:30:00.000Z |",
    );
    expect(md).toContain("| Win rate | 100.00% (1W / 0L) |");
    expect(md).toContain("| Sharpe ratio | N/A |");
  });

  it("backtest without closes says so", () => {
    expect(backtestMarkdown("s", backtestStatistics(emptyBacktestStats(COSTS)))).toBe("# Backtest Report: s\n\nNo signals closed yet.\n");
  });

  it("backtest with notes when asked", () => {
    expect(headerOf(backtestMarkdown("s", backtest(), { showNote: true }))).toContain("| Position | Note | Open Price |");
  });

  it("live: the default live columns", () => {
    const md = liveMarkdown("s", liveStatistics(addTradeStats(emptyLiveStats(COSTS), trade)));
    expect(md.startsWith("# Live Trading Report: s")).toBe(true);
    expect(headerOf(md)).toBe(
      "| Timestamp | Action | Symbol | Signal ID | Position | Current Price | Open Price | Take Profit | Stop Loss | % to TP | % to SL | PNL (net) | Close Reason | Duration (min) |",
    );
  });

  it("partial: title with symbol and strategy, levels signed", () => {
    const md = partialMarkdown("BTCUSDT", "s", partialStatistics([milestone("partialProfit", "a", 20, 0), milestone("partialLoss", "a", 10, MIN)].reduce(addPartialStats, emptyPartialStats())));
    expect(md.startsWith("# Partial Profit/Loss Report: BTCUSDT:s")).toBe(true);
    expect(headerOf(md)).toBe("| Action | Symbol | Strategy | Signal ID | Position | Level % | Current Price | Timestamp | Mode |");
    expect(md).toContain("| PROFIT | BTCUSDT | s | a | LONG | +20% |");
    expect(md).toContain("| LOSS | BTCUSDT | s | a | LONG | -10% |");
  });

  it("schedule: default columns and wait times", () => {
    const row = signalRow("x", { scheduledAt: 0 });
    const md = scheduleMarkdown("s", scheduleStatistics([scheduled(row), cancelled(row, 120 * MIN)].reduce(addScheduleStats, emptyScheduleStats())));
    expect(headerOf(md)).toBe("| Timestamp | Action | Symbol | Signal ID | Position | Current Price | Entry Price | Take Profit | Stop Loss | Wait Time (min) |");
    expect(md).toContain("| CANCELLED | BTCUSDT | x | LONG |");
    expect(md).toContain("| 120 |");
    expect(md).toContain("| Cancellation rate | 100.00% |");
  });

  it("risk: default columns, totals by symbol and strategy", () => {
    const md = riskMarkdown("BTC", "a", riskStatistics([rejection("BTC", "a", 0)].reduce(addRiskStats, emptyRiskStats())));
    expect(headerOf(md)).toBe("| Symbol | Strategy | Signal ID | Position | Exchange | Open Price | Take Profit | Stop Loss | Current Price | Active Positions | Reason | Timestamp |");
    expect(md).toContain("**By symbol:** BTC: 1");
  });

  it("walker: ranking table and the signals of the top strategies", () => {
    const w = addWalkerStats(emptyWalkerStats("totalPnl"), { strategyName: "s", statistics: backtest() });
    const md = walkerMarkdown("w", walkerStatistics(w));
    expect(md).toContain("**Best strategy:** s (totalPnl = 2.000)");
    expect(headerOf(md)).toContain("| Rank | Strategy | Metric (totalPnl) | Total Signals | Win Rate | Avg PNL | Total PNL | Sharpe Ratio | Std Dev |");
    expect(md).toContain("## Signals of the top strategies\n\n| Strategy | Signal ID | Symbol | Position | PNL (net) | Close Reason | Open Time | Close Time |\n");
  });
});

describe("downsampling the price pane", () => {
  const minutes = 3 * 1440;
  // A day boundary, in epoch milliseconds (candle timestamps before 1973 are refused as seconds).
  const T0 = Date.UTC(2025, 0, 1);
  const T0_S = T0 / 1000;
  const candles = candleSeries(
    Array.from({ length: minutes }, (_, i) => ({ timestamp: T0 + i * MIN, open: 100 + i, high: 101 + i + (i === 70 ? 50 : 0), low: 99 + i - (i === 80 ? 50 : 0), close: 100.5 + i, volume: 1 })),
  );

  it("chooses the smallest usual bar size that fits the span in the budget", () => {
    expect(barMinutesFor(3 * DAY, 100)).toBe(60); // 72 hourly bars; 30-minute bars would be 144
    expect(barMinutesFor(365 * DAY, 3000)).toBe(240); // a year in 2190 four-hour bars
    expect(barMinutesFor(10 * MIN, 3000)).toBe(1);
  });

  it("merges candles into aligned bars: first open, highest high, lowest low, last close", () => {
    const bars = downsampleCandles(candles, T0, T0 + (minutes - 1) * MIN, 100);
    expect(bars.minutes).toBe(60);
    expect(bars.time).toHaveLength(72);
    expect(bars.time[1]).toBe(T0_S + 3600);
    expect([bars.open[1], bars.high[1], bars.low[1], bars.close[1]]).toEqual([160, 101 + 70 + 50, 99 + 80 - 50, 100.5 + 119]);
  });

  it("keeps only the candles in the period, and places a time in the bar that holds it", () => {
    const bars = downsampleCandles(candles, T0 + 1440 * MIN, T0 + 2 * 1440 * MIN - MIN, 100);
    expect(bars.minutes).toBe(15); // one day in 96 bars of 15 minutes
    expect(bars.time[0]).toBe(T0_S + 86400);
    expect(bars.time).toHaveLength(96);
    expect(barTimeOf(90 * MIN + 5, 60)).toBe(3600);
  });
});

describe("HTML pages", () => {
  const script = "window.LightweightCharts = {}; var s = '</script><script>alert(1)</script>';";

  it("inline the chart library, keep it from closing its element, and carry the attribution", () => {
    const html = backtestHtml({ symbol: "BTCUSDT", strategyName: "s</title>", statistics: backtest(), trades: [trade.event], chartScript: script });
    expect(html).toContain("window.LightweightCharts = {};");
    expect(html).not.toContain("'</script><script>alert(1)");
    expect(html).toContain("<\\/script><script>alert(1)<\\/script>");
    expect(html).toContain("Backtest Report: s&lt;/title&gt; on BTCUSDT");
    expect(html).toContain('href="https://www.tradingview.com/"');
    expect(html).toContain("Lightweight Charts™");
  });

  it("fetch nothing: no src or href to anything but the attribution link, and a CSP that forbids the network", () => {
    const html = backtestHtml({ symbol: "B", strategyName: "s", statistics: backtest(), trades: [trade.event], chartScript: script, candles: candleSeries([{ timestamp: Date.UTC(2025, 0, 2), open: 1, high: 2, low: 0.5, close: 1.5, volume: 1 }]) });
    expect(html.match(/\ssrc=/g)).toBeNull();
    expect(html.match(/href="[^"]*"/g)).toEqual(['href="data:,"', 'href="https://www.tradingview.com/"']);
    expect(html).toContain("default-src 'none'");
  });

  it("embed data safely: a '<' in a signal id cannot open a tag inside the data script", () => {
    const odd = closed({ id: "</script><b>", pnl: 1, openAt: 0, closeAt: MIN });
    const html = backtestHtml({ symbol: "B", strategyName: "s", statistics: backtest(), trades: [odd.event], chartScript: "" });
    expect(html).not.toContain("</script><b>");
    expect(html).toContain("\\u003c/script>\\u003cb>"); // in the page's data, which the page escapes as it draws the table
  });

  it("walker page: one curve per strategy with trades, and the ranking", () => {
    const w = walkerStatistics(addWalkerStats(emptyWalkerStats("totalPnl"), { strategyName: "s", statistics: backtest() }));
    const html = walkerHtml({ walkerName: "w", symbol: "B", statistics: w, trades: { s: [trade.event] }, chartScript: script });
    expect(html).toContain('"curves":[{"name":"s"');
    expect(html).toContain("Ranking by totalPnl");
  });
});
