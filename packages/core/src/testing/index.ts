export {
  candleSeriesArb,
  candlesArb,
  pricePathArb,
  proposalFromPlan,
  proposalPlanArb,
  scriptedStrategy,
  strategyScriptArb,
  type CandleSeriesOptions,
  type PricePathOptions,
  type ProposalPlan,
} from "./arbitraries.js";
export { lifecycleViolations } from "./invariants.js";
