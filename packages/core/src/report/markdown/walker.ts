import type { ClosedEvent } from "../../model/events.js";
import type { WalkerStatistics } from "../../stats/walker.js";
import { formatNumber, formatPercent, formatPnl, formatTime } from "../format.js";
import { markdownTable } from "./table.js";

const TOP = 10;

/** reference §11.8/§11.9: the top strategies by the metric, then the signals of those strategies. */
export const walkerMarkdown = (walkerName: string, s: WalkerStatistics): string => {
  if (s.totalStrategies === 0) return `# Walker Comparison Report: ${walkerName}\n\nNo strategies tested yet.\n`;
  const top = s.ranking.slice(0, TOP);
  const strategies = markdownTable(
    [
      { label: "Rank", format: (r) => String(r.rank) },
      { label: "Strategy", format: (r) => r.strategyName },
      { label: `Metric (${s.metric})`, format: (r) => formatNumber(r.metricValue) },
      { label: "Total Signals", format: (r) => String(r.statistics.totalSignals) },
      { label: "Win Rate", format: (r) => formatPercent(r.statistics.winRate) },
      { label: "Avg PNL", format: (r) => formatPnl(r.statistics.avgPnl) },
      { label: "Total PNL", format: (r) => formatPnl(r.statistics.totalPnl) },
      { label: "Sharpe Ratio", format: (r) => formatNumber(r.statistics.sharpeRatio) },
      { label: "Std Dev", format: (r) => formatNumber(r.statistics.stdDev) },
      { label: "Compounded", format: (r) => formatPnl(r.statistics.compoundedReturn) },
      { label: "Max DD", format: (r) => formatPercent(r.statistics.maxDrawdown) },
      { label: "Profit Factor", format: (r) => formatNumber(r.statistics.profitFactor) },
    ],
    top,
  );
  const signals: Array<{ strategyName: string; event: ClosedEvent }> = top.flatMap((r) =>
    r.statistics.signalList.map((event) => ({ strategyName: r.strategyName, event })),
  );
  const signalTable = markdownTable(
    [
      { label: "Strategy", format: (r) => r.strategyName },
      { label: "Signal ID", format: (r) => r.event.signal.id },
      { label: "Symbol", format: (r) => r.event.symbol },
      { label: "Position", format: (r) => r.event.signal.position.toUpperCase() },
      { label: "PNL (net)", format: (r) => formatPnl(r.event.pnl.pnlPercentage) },
      { label: "Close Reason", format: (r) => r.event.closeReason },
      { label: "Open Time", format: (r) => formatTime(r.event.signal.pendingAt) },
      { label: "Close Time", format: (r) => formatTime(r.event.closeTimestamp) },
    ],
    signals,
  );
  const best = s.bestStrategy === null ? "none (no strategy has a value)" : `${s.bestStrategy} (${s.metric} = ${formatNumber(s.bestMetric)})`;
  return [
    `# Walker Comparison Report: ${walkerName}`,
    "",
    `**Best strategy:** ${best}`,
    `**Strategies tested:** ${s.totalStrategies}`,
    "",
    "## Top strategies",
    "",
    strategies,
    "",
    "## Signals of the top strategies",
    "",
    signals.length === 0 ? "No signals closed." : signalTable,
    "",
  ].join("\n");
};
