/**
 * @tickfold/core/internal: the pieces the public API is built from, for the workspace's own
 * packages and tooling (persist's codecs, benchmarks that measure the fold, tests). No stability
 * promise: names here change whenever the implementation does. Users import `@tickfold/core`.
 */

// Helpers the workspace's packages share: issue and decode-error builders, the sorted levels and
// the risk slot of a signal (persist writes them), the thenable check (events awaits with it).
export { formatValue, zodIssues } from "./model/config.js";
export { decodeError } from "./codec/decode-error.js";
export { EMPTY_MILESTONES, sortedLevels } from "./codec/milestones.js";
export { riskSlotOf } from "./codec/risk-positions.js";
export { NO_EFFECTS } from "./effects.js";
export { isThenable } from "./thenable.js";

// The rules as plain functions, and an open position's compiled rules (the fold's shortcuts).
export { ScheduledVerdict, bucketOf, opensImmediately, scheduledVerdict } from "./lifecycle/rules.js";
export {
  OpenVerdict,
  aimAtLevels,
  compileOpenWatch,
  compilePositionRules,
  isClearOfWicks,
  isInsideCorridor,
  isInsideQuietBand,
  isWithinTime,
  judgeOpen,
  progressAt,
  reachesNewLevel,
  type OpenWatch,
  type PositionRules,
} from "./lifecycle/open-watch.js";
export { openWatchOf, stepOpenCandle } from "./lifecycle/step.js";
export { deriveSignalId, validateProposal, type ProposalContext } from "./lifecycle/validate-proposal.js";
export {
  milestoneEventId,
  startTrack,
  stepMilestones,
  type MilestoneParams,
  type MilestoneTick,
} from "./partial/milestones.js";
export { computePnl, type CostModel } from "./math/pnl.js";
export { typicalPrice, vwapOfWindow } from "./math/vwap.js";
export { vwapAt } from "./series/candle-series.js";

// The drivers runBacktest is made of.
export { advanceByStep, isWaiting, type Advance, type Cursor } from "./backtest/advance.js";
export { advanceByFold } from "./backtest/fold.js";
export { driveLifecycle, type RunEnd } from "./backtest/drive.js";
export { riskEventId } from "./risk/check.js";

// The journal's number-keeping JSON and its hash, for tooling that handles journal text itself.
export { decodeTaggedJson, encodeTaggedJson } from "./journal/tagged-json.js";
export { sha256Hex } from "./journal/sha256.js";
