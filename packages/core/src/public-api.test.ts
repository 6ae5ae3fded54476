import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";
import * as internalApi from "./internal.js";
import * as testingApi from "./testing/index.js";

/**
 * What users may build on is a decision, not a side effect of adding a file: a name joins (or
 * leaves) the public entry by changing this list. Names the workspace needs that users do not
 * live in `@tickfold/core/internal`, never in both.
 */
const PUBLIC_RUNTIME_NAMES = [
  "ActiveEventSchema", "BacktestRiskProfileSchema", "CancelReasonSchema", "CancelledEventSchema", "CandleError",
  "CandleSchema", "CloseReasonSchema", "ClosedEventSchema", "ConfigError", "ConfigSchema", "DEFAULT_CONFIG",
  "DoneEventSchema", "IdleEventSchema", "IssueSchema", "MINUTE_MS", "MilestoneDataSchema", "MilestoneEventSchema",
  "OpenedEventSchema", "PerformanceEventSchema", "PnlSchema", "PositionSchema", "ProgressBacktestEventSchema",
  "ProgressOptimizerEventSchema", "ProgressWalkerEventSchema", "ProposalSchema", "RiskEventSchema", "RiskFileSchema",
  "RiskParamsSchema", "RiskPositionSchema", "RiskProfileError", "RiskProfileSchema", "RiskValidationSchema",
  "STRATEGY_INTERVALS", "ScheduledEventSchema", "StateChangeSchema", "SignalEventSchema", "SignalRowSchema", "StoredSignalSchema",
  "TriggerSchema", "ValidationEventSchema", "WalkerCompleteEventSchema", "WalkerEventSchema", "WalkerStopEventSchema",
  "admitAcrossProfiles", "admitRisk", "candleSeries", "checkRisk", "createBacktestRiskGate", "decodeMilestoneFile",
  "decodeMilestones", "decodeRiskPositions", "emittedEvents", "encodeJournalLine", "encodeMilestoneFile", "encodeMilestones", "encodeRiskPositions",
  "fingerprintReplay", "formatIssue", "fromBacktestKitConfig", "JournalError", "parseJournal", "replayJournal", "indexAtOrAfter", "initialLifecycle", "isRunOver", "parseCandleCsv",
  "releaseAcrossProfiles", "releaseRiskSlot", "seriesWindow", "replayLifecycle", "reserveRiskSlot", "restoreLifecycle", "riskKey", "riskState", "runBacktest", "runBacktestSync",
  "runRiskValidations", "serializeReplay", "stepLifecycle", "tickAt", "toBacktestKitConfig",
  "validateConfig", "validateRiskParams", "validationPayload",
];

describe("@tickfold/core's entry points", () => {
  it("export exactly the public runtime names", () => {
    expect(Object.keys(publicApi).sort()).toEqual([...PUBLIC_RUNTIME_NAMES].sort());
  });

  it("keep the fold's shortcuts and the run loop's pieces internal, and no name in both entries", () => {
    const internal = Object.keys(internalApi);
    expect(internal).toEqual(expect.arrayContaining(["advanceByFold", "advanceByStep", "driveLifecycle", "judgeOpen", "stepOpenCandle"]));
    expect(internal.filter((name) => Object.hasOwn(publicApi, name))).toEqual([]);
    for (const name of internal) expect(internalApi[name as keyof typeof internalApi], name).toBeDefined();
  });

  it("ship the testing kit on its own subpath", () => {
    expect(Object.keys(testingApi).sort()).toEqual([
      "DEFAULT_CHECK_RUNS", "MIN_MARKET_CANDLES", "StrategyCheckError", "candleSeriesArb", "candleWindowArb", "candlesArb",
      "candlesToCsv", "checkStrategy", "lifecycleViolations", "marketArb", "marketOf", "pricePathArb", "proposalFromPlan",
      "proposalPlanArb", "scriptedStrategy", "strategyScriptArb",
    ].sort());
  });
});
