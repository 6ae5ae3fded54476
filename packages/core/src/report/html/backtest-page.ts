import type { ClosedEvent } from "../../model/events.js";
import type { CandleSeries } from "../../series/candle-series.js";
import type { PartialStatistics } from "../../stats/partial.js";
import type { ScheduleStatistics } from "../../stats/schedule.js";
import type { StatisticsPeriod, TradeStatistics } from "../../stats/trades.js";
import { breakdownRows, tradeFigures } from "../figures.js";
import { formatDuration, formatNumber, formatPercent, formatPnl, formatTime } from "../format.js";
import { scheduleFigures } from "../markdown/events.js";
import { barTimeOf, downsampleCandles } from "./downsample.js";
import { equityCurves } from "./curves.js";
import { escapeHtml, htmlPage, htmlTable, signClass, type Cell } from "./page.js";

export interface BacktestHtmlInput {
  readonly symbol: string;
  readonly strategyName: string;
  readonly statistics: TradeStatistics;
  /** The trades to chart and list: every closed signal of the run when the caller has them. */
  readonly trades: ReadonlyArray<ClosedEvent>;
  /** The run's candles; the price pane shows those inside `period` (or the trades' span). */
  readonly candles?: CandleSeries;
  readonly period?: StatisticsPeriod;
  readonly partial?: PartialStatistics;
  readonly schedule?: ScheduleStatistics;
  /** The text of lightweight-charts' standalone production build (core reads no files). */
  readonly chartScript: string;
  /** Most bars the price pane draws (default 3000). */
  readonly maxBars?: number;
}

const PAGE_SCRIPT = `
if (REPORT.bars) {
  var price = makeChart("price-chart");
  var candles = price.addSeries(LW.CandlestickSeries, {
    upColor: "#16a34a", downColor: "#dc2626", wickUpColor: "#16a34a", wickDownColor: "#dc2626", borderVisible: false
  });
  var b = REPORT.bars;
  candles.setData(b.time.map(function (t, i) { return { time: t, open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i] }; }));
  var allMarkers = REPORT.markers.map(function (m) {
    return m.entry
      ? { time: m.time, position: m.long ? "belowBar" : "aboveBar", shape: m.long ? "arrowUp" : "arrowDown", color: m.long ? "#2563eb" : "#9333ea", size: 1 }
      : { time: m.time, position: "inBar", shape: "circle", color: m.win ? "#059669" : "#dc2626", size: 0.6 };
  });
  var markerLayer = LW.createSeriesMarkers(candles, []);
  var markerNote = document.getElementById("marker-note");
  // Thousands of markers over a year hide the candles: they show once the view holds few enough.
  var showMarkers = function (range) {
    if (range === null) return;
    var inView = allMarkers.filter(function (m) { return m.time >= range.from && m.time <= range.to; });
    var few = inView.length <= REPORT.markerLimit;
    markerLayer.setMarkers(few ? inView : []);
    markerNote.textContent = few ? "" : inView.length + " trade markers in view: zoom in (wheel, pinch, or 1W / 1M) to see them.";
  };
  price.timeScale().subscribeVisibleTimeRangeChange(showMarkers);
  document.querySelectorAll("button[data-days]").forEach(function (button) {
    button.addEventListener("click", function () {
      var days = Number(button.getAttribute("data-days"));
      var last = b.time[b.time.length - 1];
      if (days === 0) price.timeScale().fitContent();
      else price.timeScale().setVisibleRange({ from: Math.max(b.time[0], last - days * 86400), to: last });
    });
  });
  price.timeScale().fitContent();
}
var followers = [];
if (REPORT.equity.length > 0) {
  var eq = makeChart("equity-chart");
  // Compounded equity: a log scale shows equal returns as equal steps, early and late alike.
  eq.priceScale("right").applyOptions({ mode: 1 });
  eq.addSeries(LW.BaselineSeries, {
    baseValue: { type: "price", price: 100 },
    topLineColor: "#059669", topFillColor1: "rgba(5,150,105,0.25)", topFillColor2: "rgba(5,150,105,0.02)",
    bottomLineColor: "#dc2626", bottomFillColor1: "rgba(220,38,38,0.02)", bottomFillColor2: "rgba(220,38,38,0.25)",
    lineWidth: 2, priceLineVisible: false, priceFormat: { type: "price", precision: 4, minMove: 0.0001 }
  }).setData(points(REPORT.equity));
  eq.timeScale().fitContent();
  var dd = makeChart("drawdown-chart");
  dd.addSeries(LW.AreaSeries, {
    lineColor: "#dc2626", topColor: "rgba(220,38,38,0.05)", bottomColor: "rgba(220,38,38,0.35)", invertFilledArea: true,
    lineWidth: 1, priceFormat: { type: "percent", precision: 2, minMove: 0.01 }
  }).setData(points(REPORT.drawdown));
  dd.timeScale().fitContent();
  followers.push(eq, dd);
}
if (REPORT.bars && followers.length > 0) followTimeRange(price, followers);
pagedTable("trades-table", REPORT.trades, 100);
`;

const RANGE_BUTTONS = [
  ["1W", 7],
  ["1M", 30],
  ["3M", 91],
  ["All", 0],
].map(([label, days]) => `<button type="button" data-days="${days}">${label}</button>`).join("");

const card = (label: string, value: string, sign?: number | null): string =>
  `<div class="card"><b class="${signClass(sign)}">${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`;

/** A cell of a paged table, as the page's script takes it: text, sort key (null: the text), class. */
type PagedCell = readonly [string, number | null, string];
const paged = (c: Cell): PagedCell => [c.text, c.sort === undefined || !Number.isFinite(c.sort) ? null : c.sort, c.className ?? ""];

const TRADE_HEADERS = ["#", "Signal ID", "Side", "Open time", "Close time", "Held", "Entry", "Exit", "TP", "SL", "PNL (net)", "Close reason"];

const tradeRows = (trades: ReadonlyArray<ClosedEvent>): Cell[][] =>
  [...trades]
    .sort((a, b) => a.closeTimestamp - b.closeTimestamp)
    .map((t, i) => [
      { text: String(i + 1), sort: i + 1, className: "num" },
      { text: t.signal.id },
      { text: t.signal.position.toUpperCase() },
      { text: formatTime(t.signal.pendingAt), sort: t.signal.pendingAt },
      { text: formatTime(t.closeTimestamp), sort: t.closeTimestamp },
      { text: formatDuration(t.closeTimestamp - t.signal.pendingAt), sort: t.closeTimestamp - t.signal.pendingAt, className: "num" },
      { text: t.signal.priceOpen.toFixed(2), sort: t.signal.priceOpen, className: "num" },
      { text: t.currentPrice.toFixed(2), sort: t.currentPrice, className: "num" },
      { text: t.signal.priceTakeProfit.toFixed(2), sort: t.signal.priceTakeProfit, className: "num" },
      { text: t.signal.priceStopLoss.toFixed(2), sort: t.signal.priceStopLoss, className: "num" },
      { text: formatPnl(t.pnl.pnlPercentage), sort: t.pnl.pnlPercentage, className: `num ${signClass(t.pnl.pnlPercentage)}` },
      { text: t.closeReason },
    ]);

const milestonesSection = (p: PartialStatistics | undefined): string => {
  if (p === undefined) return "";
  const levels = [...new Set([...p.profitByLevel.map((r) => r.level), ...p.lossByLevel.map((r) => r.level)])].sort((a, b) => a - b);
  const countAt = (rows: PartialStatistics["profitByLevel"], level: number) => String(rows.find((r) => r.level === level)?.count ?? 0);
  const table =
    levels.length === 0
      ? "<p>No milestones reached.</p>"
      : htmlTable(
          ["Level", "Profit milestones", "Loss milestones"],
          levels.map((level) => [{ text: `${level}%` }, { text: countAt(p.profitByLevel, level), className: "num" }, { text: countAt(p.lossByLevel, level), className: "num" }]),
        );
  return `<section><h2>Milestones</h2><p class="note">${p.totalProfit} profit and ${p.totalLoss} loss milestones reached (share of the way to TP / SL).</p>${table}</section>`;
};

const scheduleSection = (s: ScheduleStatistics | undefined): string =>
  s === undefined
    ? ""
    : `<section><h2>Scheduled signals</h2>${htmlTable(["Statistic", "Value"], scheduleFigures(s).map(([k, v]) => [{ text: k }, { text: v, className: "num" }]))}</section>`;

/** The self-contained HTML report of one strategy on one symbol. */
export const backtestHtml = (input: BacktestHtmlInput): string => {
  const s = input.statistics;
  const trades = input.trades;
  const firstOpen = trades.reduce((m, t) => Math.min(m, t.signal.pendingAt), Infinity);
  const lastClose = trades.reduce((m, t) => Math.max(m, t.closeTimestamp), -Infinity);
  const from = input.period?.startTime ?? firstOpen;
  const to = input.period?.endTime ?? lastClose;
  const bars = input.candles !== undefined && Number.isFinite(from) && Number.isFinite(to) ? downsampleCandles(input.candles, from, to, input.maxBars) : null;
  const markers =
    bars === null
      ? []
      : trades
          .flatMap((t) => [
            { time: barTimeOf(t.signal.pendingAt, bars.minutes), entry: true, long: t.signal.position === "long" },
            { time: barTimeOf(t.closeTimestamp, bars.minutes), entry: false, win: t.pnl.pnlPercentage > 0 },
          ])
          .sort((a, b) => a.time - b.time);
  const curves = equityCurves(trades);
  const cards = [
    card("closed signals", String(s.totalSignals)),
    card("win rate", formatPercent(s.winRate, 1)),
    card("compounded return", formatPnl(s.compoundedReturn), s.compoundedReturn),
    card("total PNL (sum)", formatPnl(s.totalPnl), s.totalPnl),
    card("Sharpe (annualized)", formatNumber(s.annualizedSharpeRatio, 2), s.annualizedSharpeRatio),
    card("max drawdown", formatPercent(s.maxDrawdown), s.maxDrawdown === null ? null : -s.maxDrawdown),
    card("profit factor", formatNumber(s.profitFactor, 2)),
    card("exposure", formatPercent(s.exposure, 1)),
  ].join("");
  const priceNote =
    bars === null
      ? ""
      : `<p class="note">${bars.time.length} bars of ${formatDuration(bars.minutes * 60_000)}; markers sit on the bar holding the trade's exact time (arrows: entries, dots: exits, green win / red loss). Exact times are in the trades table.</p>`;
  const body = [
    `<div class="cards">${cards}</div>`,
    bars === null ? "" : `<section><h2>Price and trades</h2><div class="ranges">${RANGE_BUTTONS}</div><div id="price-chart" class="chart"></div><p class="note" id="marker-note"></p>${priceNote}</section>`,
    trades.length === 0
      ? "<section><p>No signals closed.</p></section>"
      : `<div class="grid2"><section><h2>Equity (compounded, start = 100, log scale)</h2><div id="equity-chart" class="chart small"></div></section><section><h2>Drawdown from peak (%)</h2><div id="drawdown-chart" class="chart small"></div></section></div>`,
    `<div class="grid2"><section><h2>Statistics</h2>${htmlTable(["Statistic", "Value"], tradeFigures(s).map(([k, v]) => [{ text: k }, { text: v }]), "figures")}</section>`,
    `<div class="stack"><section><h2>By side and close reason</h2>${htmlTable(
      ["Group", "Signals", "Win rate", "Total PNL", "Avg PNL"],
      breakdownRows(s).map((r) => [{ text: r.group }, { text: String(r.count), className: "num" }, { text: r.winRate, className: "num" }, { text: r.totalPnl, className: "num" }, { text: r.avgPnl, className: "num" }]),
    )}</section>${milestonesSection(input.partial)}${scheduleSection(input.schedule)}</div></div>`,
    `<section><h2>Trades (${trades.length})</h2><div id="trades-table"></div><p class="note">Click a header to sort (all ${trades.length} trades, not just this page).</p></section>`,
  ].join("\n");
  return htmlPage({
    title: `Backtest Report: ${input.strategyName} on ${input.symbol}`,
    subtitle: Number.isFinite(from) && Number.isFinite(to) ? `${formatTime(from)} … ${formatTime(to)}` : "no trades",
    body,
    data: { bars, markers, markerLimit: 600, equity: curves.equity, drawdown: curves.drawdown, trades: { headers: TRADE_HEADERS, rows: tradeRows(trades).map((row) => row.map(paged)) } },
    script: PAGE_SCRIPT,
    chartScript: input.chartScript,
  });
};
