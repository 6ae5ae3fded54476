import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { runBacktest, type Emitted, type GetSignal } from "../backtest/run.js";
import { ConfigError, validateConfig, type Config, type ConfigInput } from "../model/config.js";
import type { ClosedEvent } from "../model/events.js";
import type { CloseReason } from "../model/signal.js";
import { candleSeries, type CandleSeries } from "../series/candle-series.js";
import { isThenable } from "../thenable.js";
import { formatCounterexample } from "./counterexample-report.js";
import { MarketFailed, type Counterexample, type Failure } from "./failure.js";
import { lifecycleViolations } from "./invariants.js";
import { marketArb, type Market } from "./markets.js";
import { resolveStrategy, type StrategyUnderTest } from "./strategy-under-test.js";

/** What one of your properties sees: the market and everything the backtest emitted on it. */
export interface StrategyRun {
  readonly market: Market;
  readonly candles: CandleSeries;
  readonly emitted: ReadonlyArray<Emitted>;
  /** The closed positions, in order (the `closed` events of `emitted`). */
  readonly closed: ReadonlyArray<ClosedEvent>;
  /** The config the run used (defaults filled in): fees, slippage, levels… */
  readonly config: Config;
}

/** Holds when it returns true or nothing; fails when it returns false or throws (`expect` works). */
export type StrategyProperty = (run: StrategyRun) => boolean | void | PromiseLike<boolean | void>;

export interface CheckStrategyOptions {
  /** The markets to try; default `marketArb()` (3…240 one-minute candles, regimes, gaps, flash moves). */
  readonly market?: fc.Arbitrary<Market>;
  /** Your properties by name; each must hold on every market, after the lifecycle invariants. */
  readonly properties?: Readonly<Record<string, StrategyProperty>>;
  /**
   * Markets to try; default fast-check's global `numRuns` (`fc.configureGlobal`) when set, else
   * `DEFAULT_CHECK_RUNS`, so a suite's one run-count setting reaches these checks as it reaches its
   * other properties. Never read from the environment.
   */
  readonly runs?: number;
  /** fast-check's seed; random when absent (the report prints it). */
  readonly seed?: number;
  /** With `seed`, replays the one market a report printed. */
  readonly path?: string;
  /** Engine settings for every run (fees, slippage, VWAP window, triggers…). */
  readonly config?: Partial<ConfigInput>;
  /** Default "TEST". */
  readonly symbol?: string;
  /** A proposal the engine rejects fails the check unless this is true. */
  readonly allowRejectedProposals?: boolean;
}

/** How the markets went, so a test can make sure its property was not vacuous. */
export interface StrategyCheck {
  readonly runs: number;
  readonly seed: number;
  /** Closed positions over all runs, by reason. */
  readonly closes: Readonly<Record<CloseReason, number>>;
}

/** `checkStrategy` found a failing market; `counterexample` holds it, the message reads it out. */
export class StrategyCheckError extends Error {
  constructor(readonly counterexample: Counterexample) {
    super(formatCounterexample(counterexample));
    this.name = "StrategyCheckError";
    const { failure } = counterexample;
    if (failure.kind === "strategy threw" || failure.kind === "engine threw" || (failure.kind === "property" && failure.error !== undefined)) {
      this.cause = failure.error;
    }
  }
}

/** Markets tried when neither `runs` nor fast-check's global `numRuns` is set. */
export const DEFAULT_CHECK_RUNS = 200;

const checkRuns = (runs: number): number => {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`checkStrategy: runs = ${runs} must be a whole number ≥ 1`);
  return runs;
};

/** Wraps getSignal so that whatever it throws or rejects with is labelled as the strategy's. */
const guarded = (getSignal: GetSignal, emitted: ReadonlyArray<Emitted>): GetSignal => {
  let calls = 0;
  return (symbol, when, currentPrice) => {
    const at = { symbol, when, currentPrice, call: ++calls };
    const fail = (error: unknown): never => {
      throw new MarketFailed({ kind: "strategy threw", error, at }, [...emitted]);
    };
    let answer: unknown;
    try {
      answer = getSignal(symbol, when, currentPrice);
    } catch (error) {
      return fail(error);
    }
    return isThenable(answer) ? Promise.resolve(answer).catch(fail) : answer;
  };
};

const firstFailure = async (
  run: StrategyRun,
  properties: Readonly<Record<string, StrategyProperty>>,
  allowRejectedProposals: boolean,
): Promise<Failure | null> => {
  const violations = lifecycleViolations(run.emitted);
  if (violations.length > 0) return { kind: "lifecycle invariant", violations };
  if (!allowRejectedProposals) {
    for (const effect of run.emitted) {
      if (effect.topic === "validation") return { kind: "proposal rejected", event: effect.event };
    }
  }
  for (const [name, property] of Object.entries(properties)) {
    try {
      if ((await property(run)) === false) return { kind: "property", name };
    } catch (error) {
      return { kind: "property", name, error };
    }
  }
  return null;
};

/**
 * Backtests a strategy on many generated markets through the real reducers and checks the
 * lifecycle invariants, that every proposal is valid, and your properties. On failure fast-check
 * shrinks the market to a small one that still fails and this throws `StrategyCheckError` with
 * it; on success it returns how the markets went. `getSignal` may be sync or async.
 */
export const checkStrategy = async (strategy: StrategyUnderTest, options: CheckStrategyOptions = {}): Promise<StrategyCheck> => {
  const resolved = resolveStrategy(strategy);
  const configured = validateConfig(options.config ?? {});
  if (E.isLeft(configured)) throw new ConfigError(configured.left);
  const runs = checkRuns(options.runs ?? fc.readConfigureGlobal().numRuns ?? DEFAULT_CHECK_RUNS);
  const symbol = options.symbol ?? "TEST";
  const properties = options.properties ?? {};
  const closes: Record<CloseReason, number> = { take_profit: 0, stop_loss: 0, time_expired: 0 };

  const runOn = async (market: Market): Promise<void> => {
    const candles = candleSeries(market.candles);
    const emitted: Emitted[] = [];
    const getSignal = resolved.signalFor(candles, symbol);
    try {
      await runBacktest(candles, {
        symbol,
        strategyName: resolved.strategyName,
        interval: resolved.interval,
        frame: market.frame,
        config: configured.right,
        getSignal: guarded(getSignal, emitted),
        onEffect: (effect) => {
          if (effect.type === "emit") emitted.push(effect);
        },
      });
    } catch (error) {
      if (error instanceof MarketFailed) throw error;
      throw new MarketFailed({ kind: "engine threw", error }, [...emitted]);
    }
    const closed = emitted.flatMap((e) => (e.topic === "signal" && e.event.action === "closed" ? [e.event] : []));
    const failure = await firstFailure({ market, candles, emitted, closed, config: configured.right }, properties, options.allowRejectedProposals ?? false);
    if (failure !== null) throw new MarketFailed(failure, emitted);
    for (const close of closed) closes[close.closeReason]++;
  };

  const details = await fc.check(fc.asyncProperty(options.market ?? marketArb(), runOn), {
    numRuns: runs,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
  });
  if (!details.failed) return { runs: details.numRuns, seed: details.seed, closes };
  const thrown = details.errorInstance;
  if (!(thrown instanceof MarketFailed) || details.counterexample === null) {
    // Not a market that failed (e.g. the market arbitrary itself threw): pass it on untouched.
    throw thrown instanceof Error ? thrown : new Error(`checkStrategy: fast-check stopped without a counterexample (${String(thrown)})`);
  }
  throw new StrategyCheckError({
    failure: thrown.failure,
    market: details.counterexample[0],
    emitted: thrown.emitted,
    strategyName: resolved.strategyName,
    runs: details.numRuns,
    shrinks: details.numShrinks,
    seed: details.seed,
    path: details.counterexamplePath ?? "",
  });
};
