import { runBacktestSync, type BacktestResult, type CandleSeries, type ClosedEvent, type GetSignal } from "@tickfold/core";
import {
  addPartialStats,
  addScheduleStats,
  addTradeStats,
  backtestHtml,
  backtestMarkdown,
  backtestStatistics,
  emptyBacktestStats,
  emptyPartialStats,
  emptyScheduleStats,
  partialStatistics,
  scheduleStatistics,
} from "@tickfold/core/report";
import { candlesBefore, type GetSignalFn } from "@tickfold/core/engine";
import { loadCandles, YEAR_OF_BTC } from "../lib/load-candles.js";
import { hourlyMomentum } from "../strategies/hourly-momentum.js";
import { loadChartScript } from "tickfold";

export const YEAR_FRAME = { startDate: Date.parse("2024-12-01T01:01:00Z"), endDate: Date.parse("2025-11-30T19:54:00Z") } as const;

/**
 * An engine strategy (it reads history through its context) as the plain `getSignal` of
 * `runBacktestSync`: the context holds the candles that closed before the tick, as the engine's.
 */
export const onCandles = (candles: CandleSeries, strategyName: string, getSignal: GetSignalFn): GetSignal => (symbol, when, price) =>
  getSignal(symbol, new Date(when), price, {
    symbol,
    strategyName,
    exchangeName: "",
    when,
    backtest: true,
    getCandles: (interval, limit) => candlesBefore(candles, when, interval, limit),
  });

/** The demo's backtest: hourly momentum over the shipped year, through `runBacktestSync`. */
export const backtestYear = (getSignal: GetSignalFn = hourlyMomentum, strategyName = "hourly-momentum"): { candles: CandleSeries; result: BacktestResult } => {
  const candles = loadCandles(YEAR_OF_BTC);
  const result = runBacktestSync(candles, { symbol: "BTCUSDT", strategyName, interval: "1h", frame: YEAR_FRAME, getSignal: onCandles(candles, strategyName, getSignal) });
  return { candles, result };
};

/** Folds a run's events into the Backtest, Partial and Schedule statistics. */
export const foldReports = (result: BacktestResult) => {
  const { config, emitted } = result;
  const trades = emptyBacktestStats({ percentFee: config.percentFee, percentSlippage: config.percentSlippage, eventLimit: config.reportEventLimit });
  const partial = emptyPartialStats(config.reportEventLimit);
  const schedule = emptyScheduleStats(config.reportEventLimit);
  const closed: ClosedEvent[] = [];
  for (const effect of emitted) {
    addTradeStats(trades, effect);
    addPartialStats(partial, effect);
    addScheduleStats(schedule, effect);
    if (effect.topic === "signal" && effect.event.action === "closed") closed.push(effect.event);
  }
  const period = { startTime: YEAR_FRAME.startDate, endTime: YEAR_FRAME.endDate };
  return {
    period,
    closed,
    statistics: backtestStatistics(trades, period),
    partial: partialStatistics(partial),
    schedule: scheduleStatistics(schedule),
  };
};

/** The demo year's Backtest report as markdown and as the HTML page. */
export const yearReport = (candles: CandleSeries, result: BacktestResult, chartScript = loadChartScript()) => {
  const { period, closed, statistics, partial, schedule } = foldReports(result);
  const markdown = backtestMarkdown("hourly-momentum", statistics);
  const html = backtestHtml({ symbol: "BTCUSDT", strategyName: "hourly-momentum", statistics, trades: closed, candles, period, partial, schedule, chartScript });
  return { statistics, markdown, html };
};
