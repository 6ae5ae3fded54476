import * as E from "#fp-ts/Either";
import type { Effect } from "../effects.js";
import { ConfigError, validateConfig, type Config, type ConfigInput } from "../model/config.js";
import { MINUTE_MS } from "../model/candle.js";
import { indexAtOrAfter, type CandleSeries } from "../series/candle-series.js";
import { initialLifecycle, type LifecycleParams, type LifecycleState } from "../lifecycle/state.js";
import { advanceByStep } from "./advance.js";
import { advanceByFold } from "./fold.js";
import { driveLifecycle, type Request, type RunEnd } from "./drive.js";
import { isThenable } from "../thenable.js";

export const STRATEGY_INTERVALS = { "1m": 1, "3m": 3, "5m": 5, "15m": 15, "30m": 30, "1h": 60 } as const;
export type StrategyInterval = keyof typeof STRATEGY_INTERVALS;

/** The strategy: asked on idle ticks with the tick time and the price before it. */
export type GetSignal = (symbol: string, when: number, currentPrice: number) => unknown;
/** Answers a risk check (all profiles allow ⇒ true). */
export type RiskAnswer = (request: Extract<Effect, { type: "checkRisk" }>) => boolean | Promise<boolean>;

/** The risk profiles a run counts against and what answers their checks (`createBacktestRiskGate` is one). */
export interface RiskGate {
  readonly riskNames: ReadonlyArray<string>;
  readonly answer: RiskAnswer;
}

export interface BacktestSetup {
  readonly symbol: string;
  readonly strategyName: string;
  readonly exchangeName?: string;
  readonly interval: StrategyInterval;
  /** Both ends inclusive; the start is aligned down to the minute. */
  readonly frame: { readonly startDate: number | string | Date; readonly endDate: number | string | Date };
  readonly config?: Partial<ConfigInput>;
  readonly getSignal: GetSignal;
  /** Absent: no risk profile, nothing is checked. */
  readonly risk?: RiskGate;
  /** Report raw progress on every candle as `callback` effects (strategies with onPartial… callbacks). */
  readonly progressCallbacks?: boolean;
  /** Receives every effect in order; the result keeps only the emitted events. */
  readonly onEffect?: (effect: Effect) => void;
  /** "fold" (default) skips quiet candles; "step" sends every candle through the reducer. */
  readonly driver?: "fold" | "step";
}

export type Emitted = Extract<Effect, { type: "emit" }>;

export interface BacktestResult {
  /** Every emitted event in order: signal, partialProfit, partialLoss, validation, risk topics. */
  readonly emitted: ReadonlyArray<Emitted>;
  /** State after the run: idle, or still scheduled/open if the candles ran out first. */
  readonly state: LifecycleState;
  /** Candles from the frame start up to where the run ended. */
  readonly candles: number;
  readonly config: Config;
}

const toTime = (value: number | string | Date, field: string): number => {
  const time = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : value;
  if (!Number.isFinite(time)) throw new Error(`Backtest frame: ${field} = ${String(value)} is not a valid date`);
  return time;
};

const iso = (time: number): string => new Date(time).toISOString();

/** A frame that shares no candle with the data would run silently to zero events: say so instead. */
const checkFrameMeetsData = (series: CandleSeries, start: number, endDate: number): void => {
  const frame = `Backtest frame ${iso(start)} … ${iso(endDate)}`;
  if (series.length === 0) throw new Error(`${frame}: the candle series is empty`);
  const first = series.timestamp[0]!;
  const last = series.timestamp[series.length - 1]!;
  if (endDate < first || start > last) {
    throw new Error(`${frame} lies wholly outside the candles, which cover ${iso(first)} … ${iso(last)}`);
  }
};

interface Prepared {
  readonly params: LifecycleParams;
  readonly startIndex: number;
  readonly run: Generator<Request, RunEnd, unknown>;
  readonly emitted: Emitted[];
}

const prepare = (series: CandleSeries, setup: BacktestSetup): Prepared => {
  const config = validateConfig(setup.config ?? {});
  if (E.isLeft(config)) throw new ConfigError(config.left);
  const intervalMinutes = STRATEGY_INTERVALS[setup.interval];
  if (intervalMinutes === undefined) {
    throw new Error(`Backtest: interval = ${String(setup.interval)} is not one of ${Object.keys(STRATEGY_INTERVALS).join(", ")}`);
  }
  const start = Math.floor(toTime(setup.frame.startDate, "startDate") / MINUTE_MS) * MINUTE_MS;
  const endDate = toTime(setup.frame.endDate, "endDate");
  if (endDate < start) throw new Error(`Backtest frame: endDate ${String(setup.frame.endDate)} is before startDate ${String(setup.frame.startDate)}`);
  checkFrameMeetsData(series, start, endDate);
  const params: LifecycleParams = {
    symbol: setup.symbol,
    strategyName: setup.strategyName,
    exchangeName: setup.exchangeName ?? "",
    backtest: true,
    config: config.right,
    intervalMs: intervalMinutes * MINUTE_MS,
    endDate,
    riskNames: setup.risk?.riskNames ?? [],
    progressCallbacks: setup.progressCallbacks ?? false,
  };
  const emitted: Emitted[] = [];
  const onEffect = setup.onEffect;
  const sink = (effect: Effect): void => {
    if (effect.type === "emit") emitted.push(effect);
    onEffect?.(effect);
  };
  const startIndex = indexAtOrAfter(series, start);
  const advance = setup.driver === "step" ? advanceByStep : advanceByFold;
  const run = driveLifecycle(series, { state: initialLifecycle(), index: startIndex }, params, advance, sink);
  return { params, startIndex, run, emitted };
};


const answer = (setup: BacktestSetup, request: Request): unknown =>
  request.type === "requestProposal" ? setup.getSignal(setup.symbol, request.time, request.price) : setup.risk!.answer(request);

const finish = (prepared: Prepared, end: RunEnd): BacktestResult => ({
  emitted: prepared.emitted,
  state: end.state,
  candles: end.index - prepared.startIndex,
  config: prepared.params.config,
});

/** Backtests one strategy on one symbol; `getSignal` and `risk` may be async. */
export const runBacktest = async (series: CandleSeries, setup: BacktestSetup): Promise<BacktestResult> => {
  const prepared = prepare(series, setup);
  let step = prepared.run.next();
  while (!step.done) {
    let reply = answer(setup, step.value);
    if (isThenable(reply)) reply = await reply;
    step = prepared.run.next(reply);
  }
  return finish(prepared, step.value);
};

/** Same as `runBacktest` for synchronous strategies: no promise, nothing scheduled, same result. */
export const runBacktestSync = (series: CandleSeries, setup: BacktestSetup): BacktestResult => {
  const prepared = prepare(series, setup);
  let step = prepared.run.next();
  while (!step.done) {
    const reply = answer(setup, step.value);
    if (isThenable(reply)) {
      throw new Error(`runBacktestSync: ${step.value.type === "requestProposal" ? "getSignal" : "risk"} returned a promise; use runBacktest for async strategies`);
    }
    step = prepared.run.next(reply);
  }
  return finish(prepared, step.value);
};
