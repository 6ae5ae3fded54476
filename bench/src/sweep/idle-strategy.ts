import type { StrategyFactory } from "tickfold";

/** Backtrader's benchmark strategy: looks at every candle and never trades. */
const idle: StrategyFactory = () => ({ interval: "1m", getSignal: () => null });

export default idle;
