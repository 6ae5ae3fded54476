/**
 * The public API of @tickfold/core, by name. What is here is what users build on: the schemas and
 * types of candles, signals, config and events; the persisted forms and their codecs; the
 * reducers (lifecycle, risk) with the few helpers a hand-written shell needs; the backtest and
 * replay drivers. The fold's shortcuts, the run loop's pieces and the rule functions are internal
 * (`@tickfold/core/internal`, no stability promise). DESIGN.md says why each name is where it is.
 */

// Candles, signals and their schemas.
export { CandleSchema, MINUTE_MS, type Candle } from "./model/candle.js";
export {
  CancelReasonSchema,
  CloseReasonSchema,
  PnlSchema,
  PositionSchema,
  ProposalSchema,
  SignalRowSchema,
  StoredSignalSchema,
  type CancelReason,
  type CloseReason,
  type Pnl,
  type Position,
  type Proposal,
  type SignalRow,
  type StoredSignal,
} from "./model/signal.js";
export { CandleError, candleSeries, indexAtOrAfter, parseCandleCsv, seriesWindow, type CandleSeries } from "./series/candle-series.js";

// Config and the issues every validation reports.
export {
  ConfigError,
  ConfigSchema,
  DEFAULT_CONFIG,
  TriggerSchema,
  formatIssue,
  fromBacktestKitConfig,
  toBacktestKitConfig,
  validateConfig,
  type BacktestKitConfig,
  type Config,
  type ConfigInput,
  type Issue,
  type Trigger,
} from "./model/config.js";

// Event contracts of every topic.
export {
  ActiveEventSchema,
  CancelledEventSchema,
  ClosedEventSchema,
  DoneEventSchema,
  IdleEventSchema,
  IssueSchema,
  MilestoneEventSchema,
  OpenedEventSchema,
  PerformanceEventSchema,
  ProgressBacktestEventSchema,
  ProgressOptimizerEventSchema,
  ProgressWalkerEventSchema,
  RiskEventSchema,
  ScheduledEventSchema,
  SignalEventSchema,
  ValidationEventSchema,
  WalkerCompleteEventSchema,
  WalkerEventSchema,
  WalkerStopEventSchema,
  type ActiveEvent,
  type CancelledEvent,
  type ClosedEvent,
  type DoneEvent,
  type ErrorEvent,
  type IdleEvent,
  type LifecycleEvent,
  type MilestoneEvent,
  type OpenedEvent,
  type PartialLossEvent,
  type PartialProfitEvent,
  type PerformanceEvent,
  type ProgressBacktestEvent,
  type ProgressOptimizerEvent,
  type ProgressWalkerEvent,
  type RiskEvent,
  type ScheduledEvent,
  type SignalEvent,
  type ValidationEvent,
  type WalkerCompleteEvent,
  type WalkerEvent,
  type WalkerStopEvent,
} from "./model/events.js";

// Persisted forms and their codecs.
export type { DecodeError } from "./codec/decode-error.js";
export {
  MilestoneDataSchema,
  decodeMilestoneFile,
  decodeMilestones,
  encodeMilestoneFile,
  encodeMilestones,
  type MilestoneData,
  type MilestoneFile,
  type MilestoneState,
} from "./codec/milestones.js";
export {
  RiskFileSchema,
  RiskPositionSchema,
  decodeRiskPositions,
  encodeRiskPositions,
  riskKey,
  type RiskFile,
  type RiskPosition,
} from "./codec/risk-positions.js";

// The lifecycle reducer, its durable changes and their restore, and what a shell of one's own
// (live feed, recording) needs around it.
export { emittedEvents, type CommitEffect, type EmitEffect, type Effect, type Step } from "./effects.js";
export { StateChangeSchema, type StateChange } from "./durable/state-change.js";
export type {
  Activating,
  Asking,
  CheckingRisk,
  Idle,
  LifecycleInput,
  LifecycleParams,
  LifecycleState,
  Open,
  Scheduled,
  Tick,
} from "./lifecycle/state.js";
export { initialLifecycle } from "./lifecycle/state.js";
export type { MilestoneTrack } from "./partial/milestones.js";
export { stepLifecycle } from "./lifecycle/step.js";
export { restoreLifecycle, type RestoreInput } from "./lifecycle/restore.js";
export { isRunOver, tickAt } from "./backtest/advance.js";
export type { Request } from "./backtest/drive.js";

// Backtests and replays.
export {
  STRATEGY_INTERVALS,
  runBacktest,
  runBacktestSync,
  type BacktestResult,
  type BacktestSetup,
  type Emitted,
  type GetSignal,
  type RiskAnswer,
  type RiskGate,
  type StrategyInterval,
} from "./backtest/run.js";
export { replayLifecycle, serializeReplay, type Replay } from "./replay.js";
export type { JournalEntry, JournalPort } from "./journal/entry.js";
export { encodeJournalLine, JournalError, parseJournal } from "./journal/format.js";
export { fingerprintReplay, replayJournal, type JournalReplay } from "./journal/replay-journal.js";

// Risk: the check, the book, merged profiles, user validations, the backtest gate.
export { riskState, type RiskCheck, type RiskState } from "./risk/state.js";
export {
  RiskParamsSchema,
  RiskProfileError,
  RiskProfileSchema,
  validateRiskParams,
  type RiskParams,
  type RiskProfile,
} from "./risk/params.js";
export { checkRisk, type RiskVerdict } from "./risk/check.js";
export { releaseRiskSlot, reserveRiskSlot } from "./risk/book.js";
export { admitRisk, type RiskAdmission } from "./risk/admit.js";
export {
  admitAcrossProfiles,
  releaseAcrossProfiles,
  type RiskProfileBook,
  type RiskProfileCheck,
  type RiskProfilesAdmission,
} from "./risk/profiles.js";
export { validationPayload, type RiskValidationPayload } from "./risk/payload.js";
export {
  RiskValidationSchema,
  runRiskValidations,
  type RiskRejections,
  type RiskValidation,
  type RiskValidationFn,
} from "./risk/validations.js";
export {
  BacktestRiskProfileSchema,
  createBacktestRiskGate,
  type BacktestRiskGate,
  type BacktestRiskProfile,
  type RiskEmit,
} from "./risk/backtest-gate.js";
