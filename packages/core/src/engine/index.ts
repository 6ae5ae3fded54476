export { createEngine, type BacktestOptions, type BacktestTarget, type Engine, type EngineObserver, type LiveTarget } from "./engine.js";
export { runLive, LiveInstanceError, type LiveResult, type LiveJob } from "./live/live-runner.js";
export { simulatedClock, type SimulatedClock } from "./live/simulated-clock.js";
export type { VenuePosition } from "./live/venue.js";
export type { PriceUpdate } from "./live/price-updates.js";
export { checkLiveMeta, recoveredInstance, type ResolvedFiles } from "./live/recovered.js";
export {
  LIVE_META_TOPIC,
  type CommittedEvent,
  type CommittedRecord,
  type LiveJournal,
  type LiveMeta,
  type LivePair,
  type LiveStorage,
  type RecoveredInstance,
} from "./live/storage-port.js";
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
  GetPriceUpdatesFn,
  GetSignalFn,
  RiskSchema,
  StrategyCallbacks,
  StrategySchema,
  WalkerMetric,
  WalkerSchema,
} from "./schemas.js";
export type { JournalEntry, JournalPort } from "../journal/entry.js";
