import { expect, it } from "vitest";
import * as api from "./index.js";

/** The installable package's names are a decision: one joins (or leaves) by changing this list. */
const PUBLIC_NAMES = [
  "Backtest", "DUMP_DIRS", "Live", "LiveInstanceError", "Partial", "SWEEP_METRICS", "StrategyModuleError", "Sweep", "SweepOptionError", "PersistBase", "PersistMemory", "PersistPartialAdapter",
  "PersistRiskAdapter", "PersistScheduleAdapter", "PersistSignalAdapter", "RegistrationError", "Risk", "Schedule", "Walker",
  "addExchange", "addFrame", "addRisk", "addStrategy", "addWalker", "candleFileExchange", "createEngine", "fileLiveStorage",
  "getCandles", "getConfig", "listenBacktestProgress", "listenDoneBacktest", "listenDoneBacktestOnce", "listenDoneLive",
  "listenDoneLiveOnce", "listenDoneWalker", "listenDoneWalkerOnce", "listenError", "listenExit", "listenOptimizerProgress",
  "listenPartialLoss", "listenPartialLossOnce", "listenPartialProfit", "listenPartialProfitOnce", "listenPerformance",
  "listenRisk", "listenRiskOnce", "listenSignal", "listenSignalBacktest", "listenSignalBacktestOnce", "listenSignalLive",
  "listenSignalLiveOnce", "listenSignalOnce", "listenValidation", "listenWalker", "listenWalkerComplete", "listenWalkerOnce",
  "listenWalkerProgress", "listenWalkerStop", "loadChartScript", "readCandleFile", "readTickFile", "setConfig", "simulatedClock", "tickFileExchange",
];

it("tickfold exports exactly its public runtime names", () => {
  expect(Object.keys(api).sort()).toEqual([...PUBLIC_NAMES].sort());
});
