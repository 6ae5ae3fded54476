import type { ClosedEvent } from "../../model/events.js";
import type { WalkerStatistics } from "../../stats/walker.js";
import { formatNumber, formatPercent, formatPnl } from "../format.js";
import { equityCurves } from "./curves.js";
import { escapeHtml, htmlPage, htmlTable, signClass } from "./page.js";

export interface WalkerHtmlInput {
  readonly walkerName: string;
  readonly symbol: string;
  readonly statistics: WalkerStatistics;
  /** Each strategy's closed signals, for its equity curve (all of them when the caller has them). */
  readonly trades: Readonly<Record<string, ReadonlyArray<ClosedEvent>>>;
  readonly chartScript: string;
}

const COLORS = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563", "#65a30d", "#9a3412"];

const PAGE_SCRIPT = `
if (REPORT.curves.length > 0) {
  var chart = makeChart("equity-chart");
  // Compounded equity: a log scale shows equal returns as equal steps, early and late alike.
  chart.priceScale("right").applyOptions({ mode: 1 });
  REPORT.curves.forEach(function (c) {
    chart.addSeries(LW.LineSeries, { color: c.color, lineWidth: 2, title: c.name, priceLineVisible: false, priceFormat: { type: "price", precision: 4, minMove: 0.0001 } })
      .setData(points(c.points));
  });
  chart.timeScale().fitContent();
}
`;

/** The Walker comparison page: every strategy's equity curve on one chart, and the ranking. */
export const walkerHtml = (input: WalkerHtmlInput): string => {
  const s = input.statistics;
  const curves = s.ranking
    .map((row, i) => ({ name: row.strategyName, color: COLORS[i % COLORS.length]!, points: equityCurves(input.trades[row.strategyName] ?? []).equity }))
    .filter((c) => c.points.length > 0);
  const legend = curves.map((c) => `<span style="color:${c.color}">■</span> ${escapeHtml(c.name)}`).join(" &nbsp; ");
  const ranking = htmlTable(
    ["Rank", "Strategy", `Metric (${s.metric})`, "Signals", "Win rate", "Avg PNL", "Total PNL", "Compounded", "Sharpe", "Max DD", "Profit factor"],
    s.ranking.map((r) => [
      { text: String(r.rank), sort: r.rank, className: "num" },
      { text: r.strategyName },
      { text: formatNumber(r.metricValue), sort: r.metricValue ?? -Infinity, className: "num" },
      { text: String(r.statistics.totalSignals), sort: r.statistics.totalSignals, className: "num" },
      { text: formatPercent(r.statistics.winRate), sort: r.statistics.winRate ?? -Infinity, className: "num" },
      { text: formatPnl(r.statistics.avgPnl), sort: r.statistics.avgPnl ?? -Infinity, className: `num ${signClass(r.statistics.avgPnl)}` },
      { text: formatPnl(r.statistics.totalPnl), sort: r.statistics.totalPnl ?? -Infinity, className: `num ${signClass(r.statistics.totalPnl)}` },
      { text: formatPnl(r.statistics.compoundedReturn), sort: r.statistics.compoundedReturn ?? -Infinity, className: `num ${signClass(r.statistics.compoundedReturn)}` },
      { text: formatNumber(r.statistics.sharpeRatio), sort: r.statistics.sharpeRatio ?? -Infinity, className: "num" },
      { text: formatPercent(r.statistics.maxDrawdown), sort: r.statistics.maxDrawdown ?? Infinity, className: "num" },
      { text: formatNumber(r.statistics.profitFactor), sort: r.statistics.profitFactor ?? -Infinity, className: "num" },
    ]),
    "sortable",
  );
  const best = s.bestStrategy === null ? "no strategy has a value" : `best: ${s.bestStrategy} (${s.metric} ${formatNumber(s.bestMetric)})`;
  const body = [
    curves.length === 0
      ? "<section><p>No signals closed.</p></section>"
      : `<section><h2>Equity of each strategy (compounded, start = 100, log scale)</h2><div id="equity-chart" class="chart"></div><p class="note">${legend}</p></section>`,
    `<section><h2>Ranking by ${escapeHtml(s.metric)}</h2>${ranking}<p class="note">Click a header to sort.</p></section>`,
  ].join("\n");
  return htmlPage({
    title: `Walker Comparison: ${input.walkerName} on ${input.symbol}`,
    subtitle: `${s.totalStrategies} strategies; ${best}`,
    body,
    data: { curves },
    script: PAGE_SCRIPT,
    chartScript: input.chartScript,
  });
};
