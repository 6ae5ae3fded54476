import { createEventBus } from "./create-event-bus.js";

/**
 * The process-wide bus behind the seed-style API (`import { listenSignal } from …`). Engines that
 * must not see each other's events take their own bus from `createEventBus` instead.
 */
export const defaultEventBus = createEventBus();

export const {
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
} = defaultEventBus;
