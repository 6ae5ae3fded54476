/**
 * tickfold: the seed-named API in one place, on a default engine wired to Node's clock and the
 * default event bus. `createEngine()` makes independent engines.
 */
import { defaultEventBus } from "@tickfold/events";
import { createEngine } from "./create-engine.js";

const engine = createEngine({ bus: defaultEventBus });

export const { addStrategy, addExchange, addFrame, addRisk, addWalker, setConfig, getConfig, getCandles, Backtest, Live, Walker, Partial, Schedule, Risk, Sweep } = engine;

export {
  listenSignal,
  listenSignalOnce,
  listenSignalLive,
  listenSignalLiveOnce,
  listenSignalBacktest,
  listenSignalBacktestOnce,
  listenError,
  listenExit,
  listenDoneLive,
  listenDoneLiveOnce,
  listenDoneBacktest,
  listenDoneBacktestOnce,
  listenDoneWalker,
  listenDoneWalkerOnce,
  listenBacktestProgress,
  listenWalkerProgress,
  listenOptimizerProgress,
  listenPerformance,
  listenWalker,
  listenWalkerOnce,
  listenWalkerComplete,
  listenWalkerStop,
  listenValidation,
  listenPartialProfit,
  listenPartialProfitOnce,
  listenPartialLoss,
  listenPartialLossOnce,
  listenRisk,
  listenRiskOnce,
} from "@tickfold/events";

export {
  PersistSignalAdapter,
  PersistScheduleAdapter,
  PersistRiskAdapter,
  PersistPartialAdapter,
  PersistBase,
  PersistMemory,
} from "@tickfold/persist";

export { createEngine, type EngineOptions, type NodeEngine } from "./create-engine.js";
export { candleFileExchange, readCandleFile, type CandleFileExchangeOptions } from "./candle-file-exchange.js";
export { tickFileExchange, readTickFile, type TickFile, type TickFileExchangeOptions } from "./tick-file-exchange.js";
export { SWEEP_METRICS, SweepOptionError, type SweepGrid, type SweepMetric, type RankedRun } from "./sweep/grid.js";
export { StrategyModuleError, type StrategyFactory, type SweepParams, type SweepRun } from "./sweep/run-job.js";
export type { SweepOptions } from "./sweep/options.js";
export type { LocalSweepOptions, SweepResult } from "./sweep/sweep.js";
export { loadChartScript } from "./chart-script.js";
export { DUMP_DIRS } from "./dump.js";
export { fileLiveStorage, type FileLiveStorageOptions } from "./live/file-storage.js";
export { simulatedClock, LiveInstanceError, type SimulatedClock, type LiveResult, type LiveTarget, type LiveStorage, type VenuePosition } from "@tickfold/core/engine";
export { RegistrationError, type BacktestOptions, type BacktestResult, type ResultStream, type StrategyContext, type CandleInterval } from "@tickfold/core/engine";
export type {
  ExchangeSchema,
  FrameSchema,
  RiskSchema,
  StrategySchema,
  StrategyCallbacks,
  WalkerSchema,
} from "@tickfold/core/engine";
export type { Candle, SignalEvent, ClosedEvent, OpenedEvent, ScheduledEvent, CancelledEvent, ActiveEvent, Config } from "@tickfold/core";
