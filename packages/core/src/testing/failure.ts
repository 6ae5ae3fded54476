import type { Emitted } from "../backtest/run.js";
import type { ValidationEvent } from "../model/events.js";
import type { Market } from "./markets.js";

/** The `getSignal` call a strategy threw in: its arguments (`when` in epoch ms) and which call on the market it was. */
export interface StrategyCall {
  readonly symbol: string;
  readonly when: number;
  readonly currentPrice: number;
  readonly call: number;
}

/** Why a market failed, one kind per culprit, so a strategy bug never reads as an engine one. */
export type Failure =
  /** The strategy threw (or its promise rejected): a bug in the strategy's code. */
  | { readonly kind: "strategy threw"; readonly error: unknown; readonly at: StrategyCall }
  /** The engine accepted nothing the strategy proposed here: the proposal broke a trading rule. */
  | { readonly kind: "proposal rejected"; readonly event: ValidationEvent }
  /** The event stream broke a lifecycle invariant (`lifecycleViolations`). */
  | { readonly kind: "lifecycle invariant"; readonly violations: ReadonlyArray<string> }
  /** One of your properties returned false or threw. */
  | { readonly kind: "property"; readonly name: string; readonly error?: unknown }
  /** tickfold itself threw on this market: please report it with the counterexample. */
  | { readonly kind: "engine threw"; readonly error: unknown };

/** The smallest failing market fast-check found, with what went wrong on it. */
export interface Counterexample {
  readonly failure: Failure;
  readonly market: Market;
  /** Every event the run emitted before it failed, in order. */
  readonly emitted: ReadonlyArray<Emitted>;
  readonly strategyName: string;
  /** Runs until the first failure, and shrinking steps from there to this market. */
  readonly runs: number;
  readonly shrinks: number;
  /** Pass `seed` and `path` back to `checkStrategy` to replay exactly this market. */
  readonly seed: number;
  readonly path: string;
}

/** Thrown inside a run to end it with a labelled failure; fast-check shrinks on it. */
export class MarketFailed extends Error {
  constructor(
    readonly failure: Failure,
    readonly emitted: ReadonlyArray<Emitted>,
  ) {
    super(`market failed: ${failure.kind}`);
    this.name = "MarketFailed";
  }
}
