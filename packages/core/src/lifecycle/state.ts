import type { MilestoneTrack } from "../partial/milestones.js";
import type { Config } from "../model/config.js";
import type { SignalRow } from "../model/signal.js";

/**
 * One tick of market data as the lifecycle sees it. From a candle: its low and high, `price` =
 * VWAP of the N candles ending with it, `priceBefore` = VWAP of the N candles before it (the
 * price a strategy is shown, no look-ahead). From a live price update (`getPriceUpdates`): low, high
 * and price are the update's (the extremes and the last of one millisecond's updates) and priceBefore is
 * NaN, so the strategy is asked on candle closes only (SPEC §2).
 */
export interface Tick {
  readonly time: number;
  readonly low: number;
  readonly high: number;
  readonly price: number;
  /** NaN when there is no history yet: the strategy is not asked then. */
  readonly priceBefore: number;
}

export type LifecycleInput =
  | ({ readonly kind: "tick" } & Tick)
  /** The strategy's answer to `requestProposal` (null = no signal now). */
  | { readonly kind: "proposal"; readonly proposal: unknown }
  /** The risk profiles' answer to `checkRisk`. */
  | { readonly kind: "risk"; readonly allowed: boolean }
  /** Stop asking for proposals; a scheduled signal is cancelled on the next tick. */
  | { readonly kind: "stop" };

/** Everything constant for one strategy on one symbol. */
export interface LifecycleParams {
  readonly symbol: string;
  readonly strategyName: string;
  readonly exchangeName: string;
  readonly backtest: boolean;
  readonly config: Config;
  /** Strategy interval in ms (proposal throttle). */
  readonly intervalMs: number;
  /** Last tick time of the frame; candles after it close or cancel what is left. Infinity live. */
  readonly endDate: number;
  /**
   * The risk profiles the strategy counts against. Empty: no `checkRisk`/`releaseRisk` effects.
   * Live commits name them, so storage takes and frees the slots with the position.
   */
  readonly riskNames: ReadonlyArray<string>;
  /** When true, `callback` effects report raw progress on every candle (strategy has the callbacks). */
  readonly progressCallbacks: boolean;
}

interface Common {
  /** Bucket in which the strategy was last asked (NaN before the first ask). */
  readonly askedBucket: number;
  /** Id of the last signal that opened: a new proposal may not reuse it. */
  readonly lastSignalId: string | null;
  readonly stopped: boolean;
}

export interface Idle extends Common {
  readonly phase: "idle";
}
/** Waiting for the strategy's answer to the tick `tick`. */
export interface Asking extends Common {
  readonly phase: "asking";
  readonly tick: Tick;
  readonly bucketBefore: number;
}
/** A valid proposal waiting for the risk verdict. */
export interface CheckingRisk extends Common {
  readonly phase: "checking";
  readonly tick: Tick;
  readonly bucketBefore: number;
  readonly signal: SignalRow;
  readonly opensNow: boolean;
}
export interface Scheduled extends Common {
  readonly phase: "scheduled";
  readonly signal: SignalRow;
}
/** A scheduled signal whose price was reached, waiting for the risk verdict. */
export interface Activating extends Common {
  readonly phase: "activating";
  readonly signal: SignalRow;
  readonly time: number;
  readonly price: number;
}
export interface Open extends Common {
  readonly phase: "open";
  readonly signal: SignalRow;
  readonly milestones: MilestoneTrack;
}

export type LifecycleState = Idle | Asking | CheckingRisk | Scheduled | Activating | Open;

export const initialLifecycle = (): Idle => ({
  phase: "idle",
  askedBucket: Number.NaN,
  lastSignalId: null,
  stopped: false,
});

export type { Config };
