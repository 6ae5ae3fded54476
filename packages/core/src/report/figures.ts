import type { TradeStatistics } from "../stats/trades.js";
import { NA, formatDuration, formatMoney, formatNumber, formatPercent, formatPnl, formatTime } from "./format.js";

const count = (n: number): string => String(n);
const trade = (t: TradeStatistics["bestTrade"]): string =>
  t === null ? NA : `${formatPnl(t.pnlPercentage)} (${t.signalId}, closed ${formatTime(t.closeTimestamp)})`;

/**
 * Every figure of a Backtest/Live report as (name, printed value), in the order reports show
 * them: backtest-kit's first, then the rest. Markdown and HTML print the same list.
 */
export const tradeFigures = (s: TradeStatistics): Array<readonly [string, string]> => [
  ["Total signals", count(s.totalSignals)],
  ["Win rate", `${formatPercent(s.winRate)} (${s.winCount}W / ${s.lossCount}L)`],
  ["Average PNL", formatPnl(s.avgPnl)],
  ["Total PNL (sum)", formatPnl(s.totalPnl)],
  ["Standard deviation", formatNumber(s.stdDev)],
  ["Sharpe ratio", formatNumber(s.sharpeRatio)],
  ["Annualized Sharpe ratio", formatNumber(s.annualizedSharpeRatio)],
  ["Certainty ratio", formatNumber(s.certaintyRatio)],
  ["Expected yearly returns", formatPnl(s.expectedYearlyReturns)],
  ["Compounded return", formatPnl(s.compoundedReturn)],
  ["Annualized return", formatPnl(s.annualizedReturn)],
  ["Max drawdown", s.maxDrawdown === null ? NA : `${formatPercent(s.maxDrawdown)}`],
  ["Max drawdown duration", s.maxDrawdownDuration === null ? NA : `${formatDuration(s.maxDrawdownDuration)} (${formatTime(s.maxDrawdownPeakAt)} → ${formatTime(s.maxDrawdownTroughAt)})`],
  ["Profit factor", formatNumber(s.profitFactor)],
  ["Expectancy", formatPnl(s.expectancy)],
  ["Sortino ratio", formatNumber(s.sortinoRatio)],
  ["Calmar ratio", formatNumber(s.calmarRatio)],
  ["Average win", formatPnl(s.avgWin)],
  ["Average loss", formatPnl(s.avgLoss)],
  ["Best trade", trade(s.bestTrade)],
  ["Worst trade", trade(s.worstTrade)],
  ["Longest win streak", count(s.longestWinStreak)],
  ["Longest loss streak", count(s.longestLossStreak)],
  ["Average holding time", s.avgHoldingMinutes === null ? NA : formatDuration(s.avgHoldingMinutes * 60_000)],
  ["Exposure (time in market)", formatPercent(s.exposure)],
  ["PNL on position cost", formatMoney(s.totalPnlCost)],
  ["Fees paid", s.totalFees === null ? NA : `${formatPercent(s.totalFees)} of entries (${formatMoney(s.totalFeesCost)})`],
  ["Slippage paid", s.totalSlippage === null ? NA : `${formatPercent(s.totalSlippage)} of entries (${formatMoney(s.totalSlippageCost)})`],
];

/** Counts and PnL by side and by close reason, as rows for a table. */
export const breakdownRows = (s: TradeStatistics): Array<{ group: string; count: number; winRate: string; totalPnl: string; avgPnl: string }> => [
  ...(["long", "short"] as const).map((side) => {
    const t = s.bySide[side];
    return { group: side.toUpperCase(), count: t.count, winRate: formatPercent(t.winRate), totalPnl: formatPnl(t.totalPnl), avgPnl: formatPnl(t.avgPnl) };
  }),
  ...(["take_profit", "stop_loss", "time_expired"] as const).map((reason) => {
    const t = s.byCloseReason[reason];
    return { group: reason, count: t.count, winRate: "", totalPnl: formatPnl(t.totalPnl), avgPnl: formatPnl(t.avgPnl) };
  }),
];
