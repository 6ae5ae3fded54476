import { advanceByFold } from "../backtest/fold.js";
import { driveLifecycle, type Request, type RunEnd } from "../backtest/drive.js";
import { STRATEGY_INTERVALS } from "../backtest/run.js";
import type { EmitEffect, Effect } from "../effects.js";
import { compilePositionRules, progressAt } from "../lifecycle/open-watch.js";
import { initialLifecycle, type LifecycleInput, type LifecycleParams, type LifecycleState } from "../lifecycle/state.js";
import type { JournalEntry, JournalPort } from "../journal/entry.js";
import { MINUTE_MS } from "../model/candle.js";
import type { Config } from "../model/config.js";
import type { ActiveEvent, SignalEvent } from "../model/events.js";
import { createBacktestRiskGate, type BacktestRiskGate, type RiskBookStore } from "../risk/backtest-gate.js";
import { indexAtOrAfter, vwapAt, type CandleSeries } from "../series/candle-series.js";
import { isThenable } from "../thenable.js";
import type { ContextCarrier, EnginePorts } from "./ports.js";
import { RegistrationError } from "./registry.js";
import type { Exchange, Frame, Risk, Strategy, StrategyCallbacks } from "./schemas.js";
import type { Pull } from "./result-stream.js";
import { backtestContext } from "./strategy-context.js";

/** What `Backtest.run` yields: each signal result as it happens, and an `active` one if the data ends first. */
export type BacktestResult = Extract<SignalEvent, { action: "scheduled" | "opened" | "closed" | "cancelled" | "active" }>;

/** An event a run publishes: the reducers' events, and the `active` result of a run the data ended. */
export type ObservedEvent = EmitEffect | { readonly type: "emit"; readonly topic: "signal"; readonly event: ActiveEvent };

export interface BacktestJob {
  readonly symbol: string;
  readonly strategy: Strategy;
  readonly exchange: Exchange;
  readonly frame: Frame;
  readonly risks: ReadonlyArray<Risk>;
  readonly config: Config;
  readonly series: CandleSeries;
  readonly books: RiskBookStore;
  readonly stopRequested: () => boolean;
  /** Sees every event the run publishes, in order (the engine's reports). */
  readonly observe: (effect: ObservedEvent) => void;
  /**
   * Where a closed position's slot goes back to its risk books. Default: at once. A portfolio
   * defers it until every run has reached the close's time (see `runPortfolio`).
   */
  readonly release?: (time: number, giveBack: () => void) => void;
  /** Where the run's journal goes (header, then every input the reducer is fed); none: nothing is recorded. */
  readonly journal?: JournalPort;
}

/** One backtest, driven from outside: resume it with an answer, get its next request back. */
export interface BacktestStepper {
  /** Time of the request the run waits on, or null once it has ended. */
  readonly waitingAt: () => number | null;
  /** Whether the request it waits on is a risk check (the book must be up to date for it). */
  readonly waitsForRisk: () => boolean;
  /** Answers the pending request (the first call starts the run), performs the effects up to the next one. */
  readonly step: () => Promise<void> | undefined;
  /** The results produced so far, handed over once. */
  readonly takeResults: () => BacktestResult[];
  /** After the end: the `active` result if the data ran out, the last progress and the performance event. */
  readonly finish: () => Promise<void>;
  readonly names: { readonly symbol: string; readonly strategyName: string; readonly exchangeName: string; readonly frameName: string };
  /** Candles the run went through so far (from the frame's start). */
  readonly candles: () => number;
}

/** Progress events per run at most (plus the final one): enough for a progress bar, never a flood. */
const PROGRESS_STEPS = 100;

/**
 * The imperative shell of one backtest: pumps the pure run loop (`driveLifecycle` over the batch
 * fold), answers its requests (the strategy, the risk profiles), and performs its effects against
 * the ports: events on the bus, strategy callbacks, risk releases. Nothing here decides a trading
 * rule, and a backtest never touches storage.
 */
/** The ports as the engine hands them to a run: both context carriers resolved. */
export type ShellPorts = EnginePorts & { readonly context: ContextCarrier; readonly syncContext: ContextCarrier };

const isAsyncFunction = (fn: unknown): boolean => typeof fn === "function" && fn.constructor.name === "AsyncFunction";

export const openBacktest = (job: BacktestJob, ports: ShellPorts): BacktestStepper => {
  const { symbol, strategy, exchange, frame, series, config } = job;
  const names = { symbol, strategyName: strategy.strategyName, exchangeName: exchange.exchangeName };
  const started = ports.clock.now();
  const riskNames = job.risks.map((risk) => risk.riskName);
  const params: LifecycleParams = {
    ...names,
    backtest: true,
    config: { ...config },
    intervalMs: STRATEGY_INTERVALS[strategy.interval] * MINUTE_MS,
    endDate: frame.endDate,
    riskNames,
    progressCallbacks: strategy.callbacks?.onPartialProfit !== undefined || strategy.callbacks?.onPartialLoss !== undefined,
  };

  const callbacks = strategy.callbacks ?? {};
  const startTime = Math.floor(frame.startDate / MINUTE_MS) * MINUTE_MS;
  const startIndex = indexAtOrAfter(series, startTime);
  if (startIndex >= series.length || series.timestamp[startIndex]! > frame.endDate) {
    throw new RegistrationError("Backtest.run", [
      { field: "frameName", value: frame.frameName, rule: `covers ${iso(startTime)} … ${iso(frame.endDate)}, where ${exchange.exchangeName} has no ${symbol} candles (${rangeOf(series)})` },
    ]);
  }

  const release = job.release ?? ((_time: number, giveBack: () => void) => giveBack());
  // An async strategy needs the carrier that survives awaits; a sync one the cheap stack (Node's
  // AsyncLocalStorage slows every promise of the process once it runs, measured ~20 % here).
  const carrier = isAsyncFunction(strategy.getSignal) ? ports.context : ports.syncContext;
  const pending: Effect[] = [];
  // Refusals come back as risk events; they are performed with the next step's effects, in order.
  const gate = riskNames.length === 0 ? undefined : createBacktestRiskGate(job.risks, { books: job.books, onEffect: (effect) => void pending.push(effect) });
  // The journal gets each input before its effects are performed; without one nothing is recorded.
  const journaled: JournalEntry[] = job.journal === undefined ? [] : [{ type: "header", format: "tickfold-journal", version: 1, params }];
  const record = job.journal === undefined ? undefined : (input: LifecycleInput) => void journaled.push({ type: "input", input });
  const run = driveLifecycle(series, { state: initialLifecycle(), index: startIndex }, params, advanceByFold, (effect) => void pending.push(effect), job.stopRequested, record);
  const appendJournal = (from = 0): Promise<void> | undefined => {
    for (let i = from; i < journaled.length; i++) {
      const appended = job.journal!.append(journaled[i]!);
      if (isThenable(appended)) return Promise.resolve(appended).then(() => appendJournal(i + 1));
    }
    journaled.length = 0;
    return undefined;
  };

  const reportError = (error: unknown, what: string, time: number): unknown =>
    ports.events.emit("error", { error, message: `${what} failed for ${strategy.strategyName} on ${symbol} at ${iso(time)}: ${describe(error)}` });

  /** Calls a strategy callback; a throw (or rejection) is reported, never fatal. A promise means "await me". */
  const call = (name: keyof StrategyCallbacks, time: number, args: unknown[]): unknown => {
    const callback = callbacks[name] as ((...a: unknown[]) => unknown) | undefined;
    if (callback === undefined) return undefined;
    try {
      const returned = callback(...args);
      return isThenable(returned) ? Promise.resolve(returned).then(undefined, (error: unknown) => reportError(error, `callback ${name}`, time)) : undefined;
    } catch (error) {
      return reportError(error, `callback ${name}`, time);
    }
  };

  /** The strategy's callbacks for a signal event: its own (onOpen, onClose…), then onTick. */
  const signalCallbacks = (event: BacktestResult): unknown => {
    if (event.action === "active") return undefined;
    const time = event.timestamp;
    const first = call(callbackOf[event.action], time, [symbol, event.signal, event.currentPrice, true]);
    return isThenable(first) ? Promise.resolve(first).then(() => call("onTick", time, [symbol, event, true])) : call("onTick", time, [symbol, event, true]);
  };

  const results: BacktestResult[] = [];
  /**
   * Performs one effect: events on the bus, strategy callbacks, risk releases, logs. Returns a
   * promise only when something asks to be waited for (a full subscriber backlog, an async
   * callback), so the common path allocates nothing.
   */
  const performOne = (effect: Effect): unknown => {
    switch (effect.type) {
      case "emit": {
        job.observe(effect);
        const queued = ports.events.emit(effect.topic, effect.event as never);
        if (effect.topic !== "signal") return queued;
        results.push(effect.event);
        return isThenable(queued) ? Promise.resolve(queued).then(() => signalCallbacks(effect.event)) : signalCallbacks(effect.event);
      }
      case "callback":
        return call(effect.name, effect.time, [symbol, effect.signal, effect.price, effect.percent, true]);
      case "releaseRisk":
        if (gate !== undefined) release(effect.time, () => gate.onEffect(effect));
        return undefined;
      case "log":
        ports.logger?.[effect.level](effect.message);
        return undefined;
      default:
        return undefined;
    }
  };

  /** Performs the effects gathered since the last request, in order, waiting only where asked to. */
  const perform = (from = 0): Promise<void> | undefined => {
    for (let i = from; i < pending.length; i++) {
      const wait = performOne(pending[i]!);
      if (isThenable(wait)) return Promise.resolve(wait).then(() => perform(i + 1));
    }
    pending.length = 0;
    return undefined;
  };

  /** A getSignal that threw, rejected or timed out: reported, and the answer is "no signal". */
  const failed = async (error: unknown, time: number): Promise<null> => {
    await reportError(error, "getSignal", time);
    return null;
  };
  const askStrategy = (request: Extract<Request, { type: "requestProposal" }>): unknown => {
    const { time } = request;
    const context = backtestContext(series, names, time);
    try {
      const answer = carrier.run(context, () => strategy.getSignal(symbol, new Date(time), request.price, context));
      return isThenable(answer) ? withTimeout(answer, config, ports).then(undefined, (error: unknown) => failed(error, time)) : answer;
    } catch (error) {
      return failed(error, time);
    }
  };

  let progressed = 0;
  const totalFrames = Math.floor((frame.endDate - startTime) / MINUTE_MS) + 1;
  const progress = (time: number): unknown => {
    const processedFrames = Math.min(totalFrames, Math.max(0, Math.floor((time - startTime) / MINUTE_MS)));
    const step = Math.floor((processedFrames / totalFrames) * PROGRESS_STEPS);
    if (step <= progressed && processedFrames < totalFrames) return undefined;
    progressed = step;
    return ports.events.emit("progressBacktest", { ...names, frameName: frame.frameName, totalFrames, processedFrames, progress: processedFrames / totalFrames });
  };

  let step: IteratorResult<Request, RunEnd> | null = null;

  const answerOf = (request: Request): unknown => (request.type === "requestProposal" ? askStrategy(request) : gate!.answer(request));

  /** Feeds `answer` to the run loop, then performs what it produced up to its next request. */
  const resume = (answer: unknown): Promise<void> | undefined => {
    step = step === null ? run.next() : run.next(answer);
    const appended = journaled.length === 0 ? undefined : appendJournal();
    const performed = isThenable(appended) ? appended.then(() => perform()) : perform();
    const reported = step.done ? undefined : progress(step.value.time);
    return isThenable(performed) || isThenable(reported) ? Promise.all([performed, reported]).then(() => undefined) : undefined;
  };

  const stepOnce = (): Promise<void> | undefined => {
    if (step === null) return resume(undefined);
    if (step.done) return undefined;
    const answer = answerOf(step.value);
    return isThenable(answer) ? Promise.resolve(answer).then(resume) : resume(answer);
  };

  const finish = async (): Promise<void> => {
    const end = step?.done ? step.value : null;
    if (end !== null) {
      const last = Math.min(end.index, series.length) - 1;
      const unfinished = unfinishedResult(end.state, series, last, params);
      if (unfinished !== null) {
        // The data ended first: say so, and give the slot back so that the next run starts clean.
        job.observe({ type: "emit", topic: "signal", event: unfinished });
        await ports.events.emit("signal", unfinished);
        const { state } = end;
        if (gate !== undefined && state.phase === "open") gate.onEffect({ type: "releaseRisk", signal: state.signal, time: unfinished.timestamp });
        results.push(unfinished);
      }
    }
    await ports.events.emit("progressBacktest", { ...names, frameName: frame.frameName, totalFrames, processedFrames: totalFrames, progress: 1 });
    const now = ports.clock.now();
    await ports.events.emit("performance", { metricType: "backtest_total", duration: now - started, timestamp: now, previousTimestamp: null, ...names, backtest: true });
  };

  return {
    waitingAt: () => (step === null ? startTime : step.done ? null : step.value.time),
    waitsForRisk: () => step !== null && !step.done && step.value.type === "checkRisk",
    step: stepOnce,
    takeResults: () => results.splice(0),
    finish,
    names: { ...names, frameName: frame.frameName },
    candles: () => (step?.done ? Math.min(step.value.index, series.length) - startIndex : 0),
  };
};

/**
 * Drives one backtest as a `Pull` for `resultStream`: its results as they happen, then (once the
 * consumer took them) `doneBacktest`, after the bus delivered everything. Steps that need no
 * waiting run back to back without a promise.
 */
export const backtestResults = (job: BacktestJob, ports: ShellPorts): Pull<BacktestResult> => {
  const run = openBacktest(job, ports);
  let stage: "running" | "finishing" | "done" = "running";
  return () => {
    if (stage === "running") {
      while (run.waitingAt() !== null) {
        const stepped = run.step();
        if (stepped !== undefined) return stepped.then(run.takeResults);
        const results = run.takeResults();
        if (results.length > 0) return results;
      }
      stage = "finishing";
      return run.finish().then(run.takeResults);
    }
    if (stage === "finishing") {
      stage = "done";
      return announceDone(ports, [run]);
    }
    return null;
  };
};

/** `doneBacktest` for each run, once the bus delivered everything they published; then the end. */
export const announceDone = async (ports: ShellPorts, runs: ReadonlyArray<BacktestStepper>): Promise<null> => {
  await ports.events.drain();
  for (const run of runs) await ports.events.emit("doneBacktest", { backtest: true, ...run.names, candles: run.candles() });
  return null;
};

const callbackOf = {
  scheduled: "onSchedule",
  opened: "onOpen",
  closed: "onClose",
  cancelled: "onCancel",
} as const satisfies Record<string, keyof StrategyCallbacks>;

/**
 * The candles ran out while a signal was open or scheduled: an `active` result for it, with the
 * progress at the last candle's VWAP (0/0 for a signal still waiting to open).
 */
const unfinishedResult = (state: LifecycleState, series: CandleSeries, last: number, p: LifecycleParams): ActiveEvent | null => {
  if ((state.phase !== "open" && state.phase !== "scheduled") || last < 0) return null;
  const price = vwapAt(series, last, p.config.avgPriceCandles);
  const progress = state.phase === "open" ? progressAt(compilePositionRules(state.signal, p.endDate, p.config), price) : 0;
  return {
    action: "active",
    symbol: p.symbol,
    strategyName: p.strategyName,
    exchangeName: p.exchangeName,
    backtest: true,
    signal: state.signal,
    currentPrice: price,
    percentTp: Math.max(0, progress),
    percentSl: Math.max(0, -progress),
    timestamp: series.timestamp[last]!,
  };
};

/** A strategy's pending answer, rejected after `maxSignalGenerationSeconds` on the engine's clock (backtest and live alike). */
export const withTimeout = <T>(answer: PromiseLike<T>, config: Config, ports: EnginePorts): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const seconds = config.maxSignalGenerationSeconds;
    const cancel = ports.clock.setTimer(() => reject(new Error(`getSignal took longer than maxSignalGenerationSeconds = ${seconds}`)), seconds * 1000);
    answer.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (error: unknown) => {
        cancel();
        reject(error);
      },
    );
  });

export const iso = (time: number): string => (Number.isFinite(time) ? new Date(time).toISOString() : String(time));
const rangeOf = (series: CandleSeries): string =>
  series.length === 0 ? "it has none at all" : `it has ${iso(series.timestamp[0]!)} … ${iso(series.timestamp[series.length - 1]!)}`;

/** A thrown value as text; describing a failure must never fail itself. */
export const describe = (error: unknown): string => {
  try {
    if (error instanceof Error) return error.message;
    return typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
  } catch {
    return "an error that cannot be described";
  }
};
