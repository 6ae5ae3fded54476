import * as E from "#fp-ts/Either";
import { decodeMilestones, EMPTY_MILESTONES, type MilestoneState } from "../codec/milestones.js";
import { decodeError, type DecodeError } from "../codec/decode-error.js";
import { zodIssues, type Issue } from "../model/config.js";
import { safeParse } from "../model/parse.js";
import { SignalRowSchema, type SignalRow } from "../model/signal.js";
import { startTrack } from "../partial/milestones.js";
import { idleAfter, openAfter, scheduledAfter } from "./phases.js";
import { initialLifecycle, type LifecycleParams, type LifecycleState } from "./state.js";

/**
 * What a restart read back for one strategy on one symbol, after recovery resolved the files: at
 * most one of `signal` (the open position) and `schedule` (a limit entry waiting), the open
 * signal's milestone levels, and what the lifecycle remembers between signals.
 */
export interface RestoreInput {
  /** The open position (content of the signal file), or null. */
  readonly signal: unknown;
  /** The scheduled signal (content of the schedule file), or null. */
  readonly schedule: unknown;
  /** The open signal's levels (`{ profitLevels, lossLevels }`); absent when none was reached. */
  readonly milestones?: unknown;
  /** Id of the last signal that opened (a new proposal may not reuse it); null when none did. */
  readonly lastSignalId?: string | null;
  /** Throttle bucket in which the strategy was last asked; null when never. */
  readonly askedBucket?: number | null;
}

/**
 * The exact `LifecycleState` a live instance had, from what storage holds: the inverse of the
 * commits the reducer made (a property test holds `restore(what the commits wrote) = state` for every
 * resting state). Every field is validated; an error names each bad field and value. A stop is not
 * durable: a restarted instance runs.
 */
export const restoreLifecycle = (input: RestoreInput, params: LifecycleParams): E.Either<DecodeError, LifecycleState> => {
  const issues: Issue[] = [];
  const signal = row(input.signal, "signal", params, issues);
  const schedule = row(input.schedule, "schedule", params, issues);
  if (signal !== null && schedule !== null) {
    issues.push({ field: "schedule", value: schedule.id, rule: `must be null while signal ${signal.id} is open (recover the files first)` });
  }
  if (signal !== null && !(signal.pendingAt > 0)) {
    issues.push({ field: "signal.pendingAt", value: signal.pendingAt, rule: "must be the time the position opened" });
  }
  if (schedule !== null && schedule.pendingAt !== 0) {
    issues.push({ field: "schedule.pendingAt", value: schedule.pendingAt, rule: "must be 0 while the signal waits" });
  }
  // Levels are checked against the signal file as given, so a bad signal does not hide bad levels.
  const reached = milestones(input.milestones, input.signal != null, params, issues);
  const askedBucket = input.askedBucket ?? Number.NaN;
  if (input.askedBucket != null && !Number.isInteger(input.askedBucket)) {
    issues.push({ field: "askedBucket", value: input.askedBucket, rule: "must be a whole bucket number" });
  }
  const lastSignalId = input.lastSignalId ?? null;
  if (signal !== null && lastSignalId !== null && lastSignalId !== signal.id) {
    issues.push({ field: "lastSignalId", value: lastSignalId, rule: `must be the open signal's id "${signal.id}"` });
  }
  if (issues.length > 0) return E.left(decodeError("lifecycle state", issues));

  const idle = idleAfter({ ...initialLifecycle(), lastSignalId }, askedBucket);
  if (signal !== null) return E.right(openAfter(idle, signal, startTrack(signal.id, reached)));
  if (schedule !== null) return E.right(scheduledAfter(idle, schedule));
  return E.right(idle);
};

const row = (value: unknown, field: string, params: LifecycleParams, issues: Issue[]): SignalRow | null => {
  if (value === null || value === undefined) return null;
  const parsed = safeParse(SignalRowSchema, value);
  if (!parsed.success) {
    for (const issue of zodIssues(parsed.error, value)) issues.push({ ...issue, field: `${field}.${issue.field}` });
    return null;
  }
  const { symbol, strategyName } = parsed.data;
  if (symbol !== params.symbol) issues.push({ field: `${field}.symbol`, value: symbol, rule: `must be "${params.symbol}"` });
  if (strategyName !== params.strategyName) {
    issues.push({ field: `${field}.strategyName`, value: strategyName, rule: `must be "${params.strategyName}"` });
  }
  return parsed.data;
};

const milestones = (value: unknown, hasSignal: boolean, params: LifecycleParams, issues: Issue[]): MilestoneState => {
  if (value === null || value === undefined) return EMPTY_MILESTONES;
  if (!hasSignal) {
    issues.push({ field: "milestones", value, rule: "must be absent when no position is open" });
    return EMPTY_MILESTONES;
  }
  const decoded = decodeMilestones(value, params.config.partialLevels, "milestones");
  if (E.isLeft(decoded)) {
    issues.push(...decoded.left.issues);
    return EMPTY_MILESTONES;
  }
  return decoded.right;
};
