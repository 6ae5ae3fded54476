import * as E from "#fp-ts/Either";
import { NO_EFFECTS, type Effect, type Step } from "../effects.js";
import type { CancelReason, CloseReason, SignalRow } from "../model/signal.js";
import { startTrack, stepMilestones } from "../partial/milestones.js";
import { activatingAfter, askingAfter, checkingAfter, idleAfter, openAfter, scheduledAfter, withPendingAt } from "./phases.js";
import { cancelledEvent, closedEvent, openedEvent, rejectedProposalEvent, scheduledEvent } from "./events.js";
import { IdleVerdict, ScheduledVerdict, bucketOf, idleVerdict, opensImmediately, scheduledVerdict } from "./rules.js";
import { OpenVerdict, aimAtLevels, compileOpenWatch, judgeOpen, progressAt, reachesNewLevel, reportsProgress, type OpenWatch } from "./open-watch.js";
import type {
  Activating,
  Asking,
  CheckingRisk,
  LifecycleInput,
  LifecycleParams,
  LifecycleState,
  Open,
  Scheduled,
  Tick,
} from "./state.js";
import { validateProposal } from "./validate-proposal.js";
import { durably, oneCommit } from "./durable.js";

/**
 * The signal lifecycle as one pure reducer (SPEC §1–§5): idle → scheduled → open → closed,
 * scheduled → cancelled. No clock, no randomness, no I/O: time and prices arrive in the input and
 * every consequence leaves as an effect. When nothing happens the same state object and the
 * shared empty effects array come back, so a backtest's per-candle path allocates nothing.
 */
export const stepLifecycle = (
  state: LifecycleState,
  input: LifecycleInput,
  params: LifecycleParams,
): Step<LifecycleState> => {
  switch (input.kind) {
    case "tick":
      return onTick(state, input, params);
    case "proposal":
      return state.phase === "asking" ? onProposal(state, input.proposal, params) : unexpected(state, "proposal");
    case "risk":
      if (state.phase === "checking") return onAdmissionVerdict(state, input.allowed, params);
      if (state.phase === "activating") return onActivationVerdict(state, input.allowed, params);
      return unexpected(state, "risk verdict");
    case "stop":
      return state.stopped ? [state, NO_EFFECTS] : [{ ...state, stopped: true }, NO_EFFECTS];
  }
};

/** An answer that nobody asked for is a shell bug; report it instead of guessing. */
const unexpected = (state: LifecycleState, what: string): never => {
  throw new Error(`Lifecycle received a ${what} while ${state.phase}; it only accepts one after requesting it`);
};

const onTick = (state: LifecycleState, tick: Tick, p: LifecycleParams): Step<LifecycleState> => {
  switch (state.phase) {
    case "idle":
      return askIfDue(state, tick, p);
    case "scheduled":
      return watchScheduled(state, tick, p);
    case "open":
      return watchOpen(state, tick, p);
    default:
      throw new Error(`Lifecycle received a tick at ${tick.time} while ${state.phase}; answer the pending request first`);
  }
};

const askIfDue = (state: LifecycleState & { phase: "idle" }, tick: Tick, p: LifecycleParams): Step<LifecycleState> => {
  if (state.stopped || !(tick.priceBefore > 0)) return [state, NO_EFFECTS];
  if (idleVerdict(tick.time, state.askedBucket, p.intervalMs, p.endDate) !== IdleVerdict.Ask) return [state, NO_EFFECTS];
  const bucket = bucketOf(tick.time, p.intervalMs);
  return [askingAfter(state, tick, bucket), [{ type: "requestProposal", time: tick.time, price: tick.priceBefore }]];
};

const onProposal = (state: Asking, proposal: unknown, p: LifecycleParams): Step<LifecycleState> => {
  const idle = idleAfter(state);
  if (proposal === null || proposal === undefined) return [idle, NO_EFFECTS];
  if (state.stopped) {
    return [idle, [{ type: "log", level: "info", message: `Proposal at ${state.tick.time} dropped: the strategy was stopped` }]];
  }
  const { tick } = state;
  const validated = validateProposal(
    proposal,
    {
      symbol: p.symbol,
      strategyName: p.strategyName,
      exchangeName: p.exchangeName,
      time: tick.time,
      marketPrice: tick.priceBefore,
      lastSignalId: state.lastSignalId,
    },
    p.config,
  );
  if (E.isLeft(validated)) {
    return [idle, [{ type: "emit", topic: "validation", event: rejectedProposalEvent(p, validated.left, tick.time) }]];
  }
  const signal = validated.right;
  const isMarket = (proposal as { priceOpen?: unknown }).priceOpen === undefined;
  const opensNow = opensImmediately(signal, tick.priceBefore, isMarket);
  if (p.riskNames.length === 0) return admit(state, tick, signal, opensNow, p);
  return [
    checkingAfter(state, signal, opensNow),
    [{ type: "checkRisk", stage: "proposal", signal, price: tick.priceBefore, time: tick.time, reserve: opensNow }],
  ];
};

const onAdmissionVerdict = (state: CheckingRisk, allowed: boolean, p: LifecycleParams): Step<LifecycleState> => {
  if (allowed) return admit(state, state.tick, state.signal, state.opensNow, p);
  // A risk rejection gives the bucket back: the strategy may be asked again in it (SPEC §1).
  return [idleAfter(state, state.bucketBefore), NO_EFFECTS];
};

/** Opens or schedules an accepted proposal, then checks the tick's own candle (SPEC §3, §4). */
const admit = (
  state: Asking | CheckingRisk,
  tick: Tick,
  signal: SignalRow,
  opensNow: boolean,
  p: LifecycleParams,
): Step<LifecycleState> => {
  if (opensNow) {
    const opened = withPendingAt(signal, tick.time);
    const open = openAfter(state, opened, startTrack(opened.id));
    const effects = durably(p, [{ type: "emit", topic: "signal", event: openedEvent(p, opened, tick.time) }], () => ({
      kind: "open",
      row: opened,
      riskNames: [...p.riskNames],
    }));
    return followedBy(effects, watchOpen(open, tick, p));
  }
  const scheduled = scheduledAfter(state, signal);
  const event = scheduledEvent(p, signal, tick.priceBefore, tick.time);
  const effects = durably(p, [{ type: "emit", topic: "signal", event }], () => ({ kind: "schedule", row: signal }));
  return followedBy(effects, watchScheduled(scheduled, tick, p));
};

const watchScheduled = (state: Scheduled, tick: Tick, p: LifecycleParams): Step<LifecycleState> => {
  const { signal } = state;
  if (state.stopped) return cancel(state, "user", tick.price, tick.time, p);
  const verdict = scheduledVerdict(signal, tick.time, tick.low, tick.high, p.endDate, p.config.scheduleAwaitMinutes);
  switch (verdict) {
    case ScheduledVerdict.Nothing:
      return [state, NO_EFFECTS];
    case ScheduledVerdict.Timeout:
      return cancel(state, "timeout", tick.price, tick.time, p);
    case ScheduledVerdict.PriceReject:
      return cancel(state, "price_reject", tick.price, tick.time, p);
    case ScheduledVerdict.Activate: {
      if (p.riskNames.length === 0) return activate(state, tick.time, p);
      return [
        activatingAfter(state, tick.time, tick.price),
        [{ type: "checkRisk", stage: "activation", signal, price: signal.priceOpen, time: tick.time, reserve: true }],
      ];
    }
  }
};

const onActivationVerdict = (state: Activating, allowed: boolean, p: LifecycleParams): Step<LifecycleState> =>
  allowed ? activate(state, state.time, p) : cancel(state, "risk_reject", state.price, state.time, p);

/** The activation candle opens the position; checks start with the next candle (SPEC §4). */
const activate = (state: Scheduled | Activating, time: number, p: LifecycleParams): Step<LifecycleState> => {
  const opened = withPendingAt(state.signal, time);
  const open = openAfter(state, opened, startTrack(opened.id));
  const event = openedEvent(p, opened, time);
  return [open, durably(p, [{ type: "emit", topic: "signal", event }], () => ({ kind: "activate", row: opened, riskNames: [...p.riskNames] }))];
};

const cancel = (
  state: Scheduled | Activating,
  reason: CancelReason,
  price: number,
  time: number,
  p: LifecycleParams,
): Step<LifecycleState> => {
  const event = cancelledEvent(p, state.signal, reason, price, time);
  return [idleAfter(state), durably(p, [{ type: "emit", topic: "signal", event }], () => ({ kind: "cancel", row: state.signal }))];
};

const CLOSE_REASONS: Record<Exclude<OpenVerdict, 0>, CloseReason> = {
  [OpenVerdict.FrameEnd]: "time_expired",
  [OpenVerdict.Expired]: "time_expired",
  [OpenVerdict.StopLoss]: "stop_loss",
  [OpenVerdict.TakeProfit]: "take_profit",
};

const watchOpen = (state: Open, tick: Tick, p: LifecycleParams): Step<LifecycleState> =>
  stepOpenCandle(state, tick.time, tick.low, tick.high, tick.price, p, openWatchOf(state, p));

/**
 * The compiled rules of an open position under `p` (see `OpenWatch`). They depend on the state and
 * the params alone, both immutable, so they are remembered per state object: a quiet tick returns
 * the same state, and a live step on it then allocates nothing, as the backtest fold does.
 */
export const openWatchOf = (state: Open, p: LifecycleParams): OpenWatch => {
  const known = compiledWatches.get(state);
  if (known !== undefined && known.params === p) return known.watch;
  const watch = compileOpenWatch(state.signal, state.milestones.reached, p.config.partialLevels, p.endDate, p.config);
  compiledWatches.set(state, { params: p, watch });
  return watch;
};

/** A cache, not state: a missing entry is compiled again, and entries go with their states. */
const compiledWatches = new WeakMap<Open, { readonly params: LifecycleParams; readonly watch: OpenWatch }>();

/**
 * The watch of the open position a fold walks, kept across its states: looked up once per
 * position (`openWatchOf`), and when a crossing makes a new state of the same position, only
 * re-aimed at the next levels (the rules depend on the signal and the params alone). The batch
 * fold and the journal replay each keep one, for one `params`.
 */
export class FollowedWatch {
  private state: Open | null = null;
  private watch: OpenWatch | null = null;

  of(state: Open, p: LifecycleParams): OpenWatch {
    if (state !== this.state) {
      const samePosition = this.state !== null && this.state.signal === state.signal;
      this.watch = samePosition ? aimAtLevels(this.watch!.rules, state.milestones.reached, p.config.partialLevels) : openWatchOf(state, p);
      this.state = state;
    }
    return this.watch!;
  }
}

/**
 * One candle of an open position, judged with a watch the caller already holds for `state` (as
 * `openWatchOf` compiles it): exactly what `stepLifecycle` does with that candle's tick. The batch
 * fold passes the watch it found the candle with instead of having it compiled again, and plain
 * numbers instead of a tick object (`price` is the candle's VWAP).
 */
export const stepOpenCandle = (
  state: Open,
  time: number,
  low: number,
  high: number,
  price: number,
  p: LifecycleParams,
  watch: OpenWatch,
): Step<LifecycleState> => {
  const { signal } = state;
  const verdict = judgeOpen(watch.rules, time, low, high, price);
  if (verdict !== OpenVerdict.Nothing) {
    const exit = verdict === OpenVerdict.StopLoss ? signal.priceStopLoss : verdict === OpenVerdict.TakeProfit ? signal.priceTakeProfit : price;
    return close(state, CLOSE_REASONS[verdict], exit, time, p);
  }
  const progress = progressAt(watch.rules, price);
  const callback = reportsProgress(p.progressCallbacks, progress);
  if (!callback && !reachesNewLevel(watch, progress)) return [state, NO_EFFECTS];
  const [milestones, milestoneEffects] = stepMilestones(
    state.milestones,
    { signal, time, price, progress },
    { levels: p.config.partialLevels, exchangeName: p.exchangeName, backtest: p.backtest },
  );
  const next = milestones === state.milestones ? state : openAfter(state, signal, milestones);
  if (!callback) return [next, milestoneEffects];
  const report: Effect = {
    type: "callback",
    name: progress > 0 ? "onPartialProfit" : "onPartialLoss",
    signal,
    price,
    percent: Math.abs(progress),
    time,
  };
  return [next, [...milestoneEffects, report]];
};

const close = (state: Open, reason: CloseReason, exit: number, time: number, p: LifecycleParams): Step<LifecycleState> => {
  const { signal } = state;
  const event = closedEvent(p, signal, reason, exit, time);
  const effects = durably(p, [{ type: "emit", topic: "signal", event }], () => ({ kind: "close", row: signal, riskNames: [...p.riskNames] }));
  // The in-memory risk books give the slot back once the close is committed.
  if (p.riskNames.length > 0) effects.push({ type: "releaseRisk", signal, time });
  return [idleAfter(state), effects];
};

/** A transition followed by the check of the same candle: one step, so at most one commit. */
const followedBy = (effects: Effect[], [state, more]: Step<LifecycleState>): Step<LifecycleState> => [
  state,
  more.length === 0 ? effects : oneCommit([...effects, ...more]),
];
