export { createEngine, type BacktestOptions, type BacktestTarget, type Engine, type EngineObserver } from "./engine.js";
export type { BacktestResult, ObservedEvent } from "./backtest-runner.js";
export type { ResultStream } from "./result-stream.js";
export { RegistrationError } from "./registry.js";
export {
  synchronousContextCarrier,
  silentLogger,
  type Clock,
  type ContextCarrier,
  type EngineEvents,
  type EnginePorts,
  type EventSink,
  type Logger,
} from "./ports.js";
export { CANDLE_INTERVALS, candlesBefore, HistoryRequestError, type CandleInterval, type StrategyContext } from "./strategy-context.js";
export { CANDLE_CHUNK } from "./market.js";
export type {
  ExchangeSchema,
  FrameSchema,
  GetCandlesFn,
  GetCandleSeriesFn,
  GetSignalFn,
  RiskSchema,
  StrategyCallbacks,
  StrategySchema,
  WalkerMetric,
  WalkerSchema,
} from "./schemas.js";
