import type { ClosedEvent, OpenedEvent } from "../../model/events.js";
import type { BacktestStatistics, LiveStatistics } from "../../stats/trades.js";
import { breakdownRows, tradeFigures } from "../figures.js";
import { NA, formatMinutes, formatPnl, formatPrice, formatTime } from "../format.js";
import { figureTable, markdownTable, type Column } from "./table.js";

export interface ReportOptions {
  /** Adds the signal's note column (backtest-kit's CC_REPORT_SHOW_SIGNAL_NOTE). */
  readonly showNote?: boolean;
}

const note = <Row extends { signal: { note: string } }>(options: ReportOptions): Array<Column<Row>> =>
  options.showNote ? [{ label: "Note", format: (e) => e.signal.note }] : [];

/** reference §11.1's default backtest columns. */
const backtestColumns = (options: ReportOptions): Array<Column<ClosedEvent>> => [
  { label: "Signal ID", format: (e) => e.signal.id },
  { label: "Symbol", format: (e) => e.symbol },
  { label: "Position", format: (e) => e.signal.position.toUpperCase() },
  ...note<ClosedEvent>(options),
  { label: "Open Price", format: (e) => formatPrice(e.signal.priceOpen) },
  { label: "Close Price", format: (e) => formatPrice(e.currentPrice) },
  { label: "Take Profit", format: (e) => formatPrice(e.signal.priceTakeProfit) },
  { label: "Stop Loss", format: (e) => formatPrice(e.signal.priceStopLoss) },
  { label: "PNL (net)", format: (e) => formatPnl(e.pnl.pnlPercentage) },
  { label: "Close Reason", format: (e) => e.closeReason },
  { label: "Duration (min)", format: (e) => formatMinutes(e.closeTimestamp - e.signal.pendingAt) },
  { label: "Open Time", format: (e) => formatTime(e.signal.pendingAt) },
  { label: "Close Time", format: (e) => formatTime(e.closeTimestamp) },
];

type LiveRow = OpenedEvent | ClosedEvent;
const closedOnly = <T>(f: (e: ClosedEvent) => T) => (e: LiveRow): T | string => (e.action === "closed" ? f(e) : NA);

/** reference §11.9's default live columns (% to TP/SL are N/A: per-tick active rows are not kept). */
const liveColumns = (options: ReportOptions): Array<Column<LiveRow>> => [
  { label: "Timestamp", format: (e) => formatTime(e.timestamp) },
  { label: "Action", format: (e) => e.action.toUpperCase() },
  { label: "Symbol", format: (e) => e.symbol },
  { label: "Signal ID", format: (e) => e.signal.id },
  { label: "Position", format: (e) => e.signal.position.toUpperCase() },
  ...note<LiveRow>(options),
  { label: "Current Price", format: (e) => formatPrice(e.currentPrice) },
  { label: "Open Price", format: (e) => formatPrice(e.signal.priceOpen) },
  { label: "Take Profit", format: (e) => formatPrice(e.signal.priceTakeProfit) },
  { label: "Stop Loss", format: (e) => formatPrice(e.signal.priceStopLoss) },
  { label: "% to TP", format: () => NA },
  { label: "% to SL", format: () => NA },
  { label: "PNL (net)", format: closedOnly((e) => formatPnl(e.pnl.pnlPercentage)) },
  { label: "Close Reason", format: closedOnly((e) => e.closeReason) },
  { label: "Duration (min)", format: closedOnly((e) => formatMinutes(e.closeTimestamp - e.signal.pendingAt)) },
];

const breakdown = (s: BacktestStatistics | LiveStatistics): string =>
  markdownTable(
    [
      { label: "Group", format: (r) => r.group },
      { label: "Signals", format: (r) => String(r.count) },
      { label: "Win Rate", format: (r) => r.winRate },
      { label: "Total PNL", format: (r) => r.totalPnl },
      { label: "Avg PNL", format: (r) => r.avgPnl },
    ],
    breakdownRows(s),
  );

const statisticsSection = (s: BacktestStatistics | LiveStatistics): string =>
  ["## Statistics", "", figureTable(tradeFigures(s)), "", "## By side and close reason", "", breakdown(s)].join("\n");

export const backtestMarkdown = (strategyName: string, s: BacktestStatistics, options: ReportOptions = {}): string => {
  const body =
    s.signalList.length === 0
      ? "No signals closed yet."
      : [
          `Showing the newest ${s.signalList.length} of ${s.totalSignals} closed signals; the statistics use all of them.`,
          "",
          markdownTable(backtestColumns(options), s.signalList),
          "",
          statisticsSection(s),
        ].join("\n");
  return `# Backtest Report: ${strategyName}\n\n${body}\n`;
};

export const liveMarkdown = (strategyName: string, s: LiveStatistics, options: ReportOptions = {}): string => {
  const body =
    s.eventList.length === 0
      ? "No events yet."
      : [
          `Showing the newest ${s.eventList.length} of ${s.totalEvents} events; the statistics use every closed signal.`,
          "",
          markdownTable(liveColumns(options), s.eventList),
          "",
          statisticsSection(s),
        ].join("\n");
  return `# Live Trading Report: ${strategyName}\n\n${body}\n`;
};
