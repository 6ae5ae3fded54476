import type {
  DoneEvent,
  ErrorEvent,
  PartialLossEvent,
  PartialProfitEvent,
  PerformanceEvent,
  ProgressBacktestEvent,
  ProgressOptimizerEvent,
  ProgressWalkerEvent,
  RiskEvent,
  SignalEvent,
  ValidationEvent,
  WalkerCompleteEvent,
  WalkerEvent,
  WalkerStopEvent,
} from "@tickfold/core";

/**
 * Every topic of the bus and the payload it carries (SPEC §8, reference §10.1).
 * This record is the single source of truth: `emit`, `listen`, `listenOnce` and the seed-named
 * listener functions are all typed from it.
 */
export interface EventMap {
  /** Every tick result, live and backtest. */
  readonly signal: SignalEvent;
  /** Tick results with `backtest: false`; filled by emitting on `signal`. */
  readonly signalLive: SignalEvent;
  /** Tick results with `backtest: true`; filled by emitting on `signal`. */
  readonly signalBacktest: SignalEvent;
  /** Recoverable errors, including failures of subscribers on other topics. */
  readonly error: ErrorEvent;
  /** Fatal errors: a background run stopped. */
  readonly exit: ErrorEvent;
  readonly doneLive: DoneEvent;
  readonly doneBacktest: DoneEvent;
  readonly doneWalker: DoneEvent;
  readonly progressBacktest: ProgressBacktestEvent;
  readonly progressWalker: ProgressWalkerEvent;
  readonly progressOptimizer: ProgressOptimizerEvent;
  readonly performance: PerformanceEvent;
  readonly walker: WalkerEvent;
  readonly walkerComplete: WalkerCompleteEvent;
  readonly walkerStop: WalkerStopEvent;
  readonly validation: ValidationEvent;
  readonly partialProfit: PartialProfitEvent;
  readonly partialLoss: PartialLossEvent;
  readonly risk: RiskEvent;
}

export type Topic = keyof EventMap;

/**
 * The topics a producer may emit on. `signalLive` and `signalBacktest` are not among them: they
 * are filled from `signal` by the event's `backtest` flag, so "all" can never miss a live or
 * backtest event and a live subscriber can never receive a backtest one.
 */
export type EmitTopic = Exclude<Topic, "signalLive" | "signalBacktest">;

/**
 * A subscriber's callback. When it returns a promise (any thenable), the next event waits for it to
 * settle; any other return value is ignored, so `(e) => list.push(e)` is a fine listener.
 */
export type Listener<T> = (event: T) => unknown;

/** Decides whether an event is the one a `…Once` subscriber waits for. */
export type Filter<T> = (event: T) => boolean;

/** Stops delivery to one subscriber; calling it again does nothing. */
export type Unsubscribe = () => void;
