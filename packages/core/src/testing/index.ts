/** `@tickfold/core/testing`: property-test a strategy (`checkStrategy`), and the arbitraries and invariants under it. */
export { checkStrategy, DEFAULT_CHECK_RUNS, StrategyCheckError } from "./check-strategy.js";
export type { CheckStrategyOptions, StrategyCheck, StrategyProperty, StrategyRun } from "./check-strategy.js";
export type { StrategyUnderTest } from "./strategy-under-test.js";
export type { Counterexample, Failure, StrategyCall } from "./failure.js";
export { candlesToCsv } from "./counterexample-report.js";
export { candleWindowArb, marketArb, marketOf, MIN_MARKET_CANDLES } from "./markets.js";
export type { Market, MarketOptions } from "./markets.js";
export {
  candlesArb,
  candleSeriesArb,
  pricePathArb,
  proposalFromPlan,
  proposalPlanArb,
  scriptedStrategy,
  strategyScriptArb,
} from "./arbitraries.js";
export type { CandleSeriesOptions, PricePathOptions, ProposalPlan } from "./arbitraries.js";
export { lifecycleViolations } from "./invariants.js";
