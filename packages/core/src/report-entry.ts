/**
 * `@tickfold/core/report`: statistics as pure folds over the events a run emits, and the markdown
 * and self-contained HTML reports built from them. A subpath of its own, so that an embedded
 * replay (`@tickfold/core`) does not carry the report builders.
 */
export {
  emptyBacktestStats,
  emptyLiveStats,
  emptyTradeStats,
  addTradeStats,
  mergeTradeStats,
  tradeStatistics,
  backtestStatistics,
  liveStatistics,
  type TradeReportKind,
  type TradeStatsOptions,
  type TradeRef,
  type TradeStats,
  type SideStatistics,
  type ReasonStatistics,
  type TradeStatistics,
  type BacktestStatistics,
  type LiveStatistics,
  type StatisticsPeriod,
} from "./stats/trades.js";
export { tradeCosts, type TradeCosts } from "./stats/costs.js";
export {
  emptyPartialStats,
  addPartialStats,
  mergePartialStats,
  partialStatistics,
  type PartialRow,
  type PartialStats,
  type PartialStatistics,
} from "./stats/partial.js";
export {
  emptyScheduleStats,
  addScheduleStats,
  mergeScheduleStats,
  scheduleStatistics,
  type ScheduleRow,
  type ScheduleStats,
  type ScheduleStatistics,
} from "./stats/schedule.js";
export { emptyRiskStats, addRiskStats, mergeRiskStats, riskStatistics, type RiskStats, type RiskStatistics } from "./stats/risk.js";
export {
  WALKER_METRICS,
  emptyWalkerStats,
  addWalkerStats,
  mergeWalkerStats,
  walkerStatistics,
  type WalkerMetric,
  type WalkerEntry,
  type WalkerStats,
  type WalkerRow,
  type WalkerStatistics,
} from "./stats/walker.js";
export { backtestMarkdown, liveMarkdown, type ReportOptions } from "./report/markdown/trades.js";
export { partialMarkdown, scheduleMarkdown, riskMarkdown } from "./report/markdown/events.js";
export { walkerMarkdown } from "./report/markdown/walker.js";
export { backtestHtml, type BacktestHtmlInput } from "./report/html/backtest-page.js";
export { walkerHtml, type WalkerHtmlInput } from "./report/html/walker-page.js";
export { equityCurves, type Point } from "./report/html/curves.js";
export { downsampleCandles, type Bars } from "./report/html/downsample.js";
export { ATTRIBUTION } from "./report/html/page.js";
