import type { RiskEvent } from "../../model/events.js";
import type { PartialRow, PartialStatistics } from "../../stats/partial.js";
import type { RiskStatistics } from "../../stats/risk.js";
import type { ScheduleRow, ScheduleStatistics } from "../../stats/schedule.js";
import { NA, formatNumber, formatPercent, formatPrice, formatTime } from "../format.js";
import { figureTable, markdownTable, type Column } from "./table.js";

/** reference §11.9's default partial columns. */
const partialColumns: Array<Column<PartialRow>> = [
  { label: "Action", format: (r) => r.action.toUpperCase() },
  { label: "Symbol", format: (r) => r.event.symbol },
  { label: "Strategy", format: (r) => r.event.strategyName },
  { label: "Signal ID", format: (r) => r.event.data.id },
  { label: "Position", format: (r) => r.event.data.position.toUpperCase() },
  { label: "Level %", format: (r) => `${r.action === "profit" ? "+" : "-"}${r.event.level}%` },
  { label: "Current Price", format: (r) => formatPrice(r.event.currentPrice) },
  { label: "Timestamp", format: (r) => formatTime(r.event.timestamp) },
  { label: "Mode", format: (r) => (r.event.backtest ? "Backtest" : "Live") },
];

const levels = (rows: PartialStatistics["profitByLevel"], sign: string): string =>
  rows.length === 0 ? "none" : rows.map((r) => `${sign}${r.level}% ×${r.count}`).join(", ");

export const partialMarkdown = (symbol: string, strategyName: string, s: PartialStatistics): string => {
  const body =
    s.eventList.length === 0
      ? "No milestones reached yet."
      : [
          markdownTable(partialColumns, s.eventList),
          "",
          `**Total events:** ${s.totalEvents}`,
          `**Profit milestones:** ${s.totalProfit} (${levels(s.profitByLevel, "+")})`,
          `**Loss milestones:** ${s.totalLoss} (${levels(s.lossByLevel, "-")})`,
        ].join("\n");
  return `# Partial Profit/Loss Report: ${symbol}:${strategyName}\n\n${body}\n`;
};

/** reference §11.9's default schedule columns. */
const scheduleColumns: Array<Column<ScheduleRow>> = [
  { label: "Timestamp", format: (r) => formatTime(r.event.timestamp) },
  { label: "Action", format: (r) => r.action.toUpperCase() },
  { label: "Symbol", format: (r) => r.event.symbol },
  { label: "Signal ID", format: (r) => r.event.signal.id },
  { label: "Position", format: (r) => r.event.signal.position.toUpperCase() },
  { label: "Current Price", format: (r) => formatPrice(r.event.currentPrice) },
  { label: "Entry Price", format: (r) => formatPrice(r.event.signal.priceOpen) },
  { label: "Take Profit", format: (r) => formatPrice(r.event.signal.priceTakeProfit) },
  { label: "Stop Loss", format: (r) => formatPrice(r.event.signal.priceStopLoss) },
  { label: "Wait Time (min)", format: (r) => (r.minutes === null ? NA : String(r.minutes)) },
];

export const scheduleFigures = (s: ScheduleStatistics): Array<readonly [string, string]> => [
  ["Scheduled", String(s.totalScheduled)],
  ["Activated", String(s.totalOpened)],
  ["Cancelled", String(s.totalCancelled)],
  ["Activation rate", formatPercent(s.activationRate)],
  ["Cancellation rate", formatPercent(s.cancellationRate)],
  ["Average wait of a cancelled signal (min)", formatNumber(s.avgWaitTime, 2)],
  ["Average time to activation (min)", formatNumber(s.avgActivationTime, 2)],
];

export const scheduleMarkdown = (strategyName: string, s: ScheduleStatistics): string => {
  const body =
    s.totalEvents === 0
      ? "No scheduled signals yet."
      : [markdownTable(scheduleColumns, s.eventList), "", figureTable(scheduleFigures(s))].join("\n");
  return `# Scheduled Signals Report: ${strategyName}\n\n${body}\n`;
};

/** reference §11.9's default risk columns. */
const riskColumns: Array<Column<RiskEvent>> = [
  { label: "Symbol", format: (e) => e.symbol },
  { label: "Strategy", format: (e) => e.strategyName },
  { label: "Signal ID", format: (e) => e.signal.id },
  { label: "Position", format: (e) => e.signal.position.toUpperCase() },
  { label: "Exchange", format: (e) => e.exchangeName },
  { label: "Open Price", format: (e) => formatPrice(e.signal.priceOpen) },
  { label: "Take Profit", format: (e) => formatPrice(e.signal.priceTakeProfit) },
  { label: "Stop Loss", format: (e) => formatPrice(e.signal.priceStopLoss) },
  { label: "Current Price", format: (e) => formatPrice(e.currentPrice) },
  { label: "Active Positions", format: (e) => String(e.activePositionCount) },
  { label: "Reason", format: (e) => e.comment },
  { label: "Timestamp", format: (e) => formatTime(e.timestamp) },
];

const counts = (record: Readonly<Record<string, number>>): string =>
  Object.keys(record).length === 0 ? "none" : Object.entries(record).map(([key, n]) => `${key}: ${n}`).join(", ");

export const riskMarkdown = (symbol: string, strategyName: string, s: RiskStatistics): string => {
  const body =
    s.totalRejections === 0
      ? "No rejections yet."
      : [
          markdownTable(riskColumns, s.eventList),
          "",
          `**Total rejections:** ${s.totalRejections}`,
          `**By symbol:** ${counts(s.bySymbol)}`,
          `**By strategy:** ${counts(s.byStrategy)}`,
        ].join("\n");
  return `# Risk Rejection Report: ${symbol}:${strategyName}\n\n${body}\n`;
};
