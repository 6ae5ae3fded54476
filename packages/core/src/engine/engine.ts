import * as E from "#fp-ts/Either";
import { createRiskBookStore } from "../risk/backtest-gate.js";
import { ConfigError, DEFAULT_CONFIG, fromBacktestKitConfig, validateConfig, type Config, type ConfigInput, type Issue } from "../model/config.js";
import { MINUTE_MS, type Candle } from "../model/candle.js";
import { backtestResults, type BacktestJob, type BacktestResult, type ObservedEvent } from "./backtest-runner.js";
import { portfolioResults } from "./portfolio-runner.js";
import { resultStream, type Pull, type ResultStream } from "./result-stream.js";
import { BacktestReports } from "./reports.js";
import type { JournalPort } from "../journal/entry.js";
import { runWalker } from "./walker-runner.js";
import type { Walker } from "./schemas.js";
import type { WalkerEvent } from "../model/events.js";
import type { WalkerStatistics } from "../stats/walker.js";
import { walkerMarkdown } from "../report/markdown/walker.js";
import { walkerHtml } from "../report/html/walker-page.js";
import { CandleCache } from "./market.js";
import { LiveInstanceError, runLive, type LiveResult } from "./live/live-runner.js";
import { liveRiskBooks, type LiveRiskBooks } from "./live/live-risk.js";
import { silentLogger, synchronousContextCarrier, type EnginePorts } from "./ports.js";
import { RegistrationError, Registry } from "./registry.js";
import type { ExchangeSchema, FrameSchema, RiskSchema, StrategySchema, WalkerSchema } from "./schemas.js";
import { HistoryRequestError, type CandleInterval } from "./strategy-context.js";

/** How one backtest runs besides its target. */
export interface BacktestOptions {
  /** Records the run's journal there (see `parseJournal`, `replayJournal`): it replays to the run's events. */
  readonly journal?: JournalPort;
}

export interface BacktestTarget {
  readonly strategyName: string;
  readonly exchangeName: string;
  readonly frameName: string;
}

/** A listener of everything an engine's runs publish, in order (reports hang here). */
export interface LiveTarget {
  readonly strategyName: string;
  readonly exchangeName: string;
}

export type EngineObserver = (event: ObservedEvent & { readonly frameName?: string }) => void;

/**
 * Everything the seeds name, on one engine instance with no globals: registration, config, the
 * Backtest and Walker runners. Two engines never share a schema, a risk book or a run.
 */
export const createEngine = (ports: EnginePorts) => {
  const syncContext = synchronousContextCarrier();
  const context = ports.context ?? syncContext;
  const shell = { ...ports, context, syncContext, logger: ports.logger ?? silentLogger };
  const registry = new Registry();
  const candles = new CandleCache();
  let backtestBooks = createRiskBookStore();
  const stops = new Set<string>();
  /** One instance per symbol and strategy (seed 004): a second run of the same pair waits for none, it is refused. */
  const running = new Set<string>();
  const observers = new Set<EngineObserver>();
  const reports = new BacktestReports(() => registry.strategies.names());
  let config: Config = DEFAULT_CONFIG;

  const stopKey = (symbol: string, name: string): string => `${symbol}\u0000${name}`;

  /** Our names and backtest-kit's `CC_*` names alike; an invalid config lists every problem and changes nothing. */
  const setConfig = (overrides: Record<string, unknown>): Config => {
    const ours: Record<string, unknown> = {};
    const theirs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(overrides)) (key.startsWith("CC_") ? theirs : ours)[key] = value;
    const mapped = fromBacktestKitConfig(theirs);
    const issues: Issue[] = E.isLeft(mapped) ? [...mapped.left] : [];
    const next = validateConfig({ ...ours, ...(E.isRight(mapped) ? mapped.right : {}) } as Partial<ConfigInput>, config);
    if (E.isLeft(next)) issues.push(...next.left);
    if (issues.length > 0 || E.isLeft(next)) throw new ConfigError(issues);
    config = next.right;
    return config;
  };

  const resolve = (operation: string, symbol: unknown, target: BacktestTarget) => {
    const issues: Issue[] = [];
    if (typeof symbol !== "string" || symbol === "") issues.push({ field: "symbol", value: symbol, rule: "must be a non-empty string" });
    const found = <T>(get: () => T): T | undefined => {
      try {
        return get();
      } catch (error) {
        if (error instanceof RegistrationError) issues.push(...error.issues);
        else throw error;
        return undefined;
      }
    };
    const strategy = found(() => registry.strategies.get(operation, "strategyName", target?.strategyName));
    const exchange = found(() => registry.exchanges.get(operation, "exchangeName", target?.exchangeName));
    const frame = found(() => registry.frames.get(operation, "frameName", target?.frameName));
    if (issues.length > 0 || strategy === undefined || exchange === undefined || frame === undefined) throw new RegistrationError(operation, issues);
    const risks = registry.riskNamesOf(strategy).map((riskName) => registry.risks.get(operation, "riskName", riskName));
    return { symbol: symbol as string, strategy, exchange, frame, risks };
  };

  const publish = (event: ObservedEvent, frameName: string): void => {
    for (const observer of observers) observer({ ...event, frameName });
  };

  /** Everything one run needs, its candles loaded (once per exchange, symbol and window). */
  const prepare = async (operation: string, symbol: string, target: BacktestTarget, claims: string[]): Promise<BacktestJob> => {
    const job = resolve(operation, symbol, target);
    const instance = stopKey(job.symbol, job.strategy.strategyName);
    if (running.has(instance)) {
      throw new RegistrationError(operation, [
        { field: "strategyName", value: job.strategy.strategyName, rule: `is already running on ${job.symbol}; stop it (Backtest.stop) or let it finish first` },
      ]);
    }
    running.add(instance);
    claims.push(instance);
    const runConfig = config;
    // History before the frame: the strategy's `getCandles` and the first ticks' VWAP windows read it.
    const warmUp = Math.max(runConfig.historyMinutes, runConfig.avgPriceCandles) * MINUTE_MS;
    // The first candle after the frame closes or cancels what is left (SPEC §3, §4): load one more.
    const series = await candles.get(job.exchange, job.symbol, job.frame.startDate - warmUp, job.frame.endDate + MINUTE_MS);
    const key = stopKey(job.symbol, job.strategy.strategyName);
    stops.delete(key);
    const report = reports.start({
      symbol: job.symbol,
      strategyName: job.strategy.strategyName,
      frameName: job.frame.frameName,
      startTime: job.frame.startDate,
      endTime: job.frame.endDate,
      series,
      config: runConfig,
    });
    return {
      ...job,
      config: runConfig,
      series,
      books: backtestBooks,
      stopRequested: () => stops.has(key),
      observe: (event) => {
        report(event);
        publish(event, job.frame.frameName);
      },
    };
  };

  /**
   * The results of the runs `prepare` sets up, with the instances it claims held until iteration
   * ends however it ends. Preparation (validation, candle loading) happens on the first `next()`.
   */
  const holding = (prepareRuns: (claims: string[]) => Promise<Pull<BacktestResult>>): ResultStream<BacktestResult> => {
    const claims: string[] = [];
    let pull: Pull<BacktestResult> | null = null;
    return resultStream(
      () => (pull !== null ? pull() : prepareRuns(claims).then((prepared) => ((pull = prepared), []))),
      () => {
        for (const key of claims) running.delete(key);
      },
    );
  };

  const backtest = (symbol: string, target: BacktestTarget, options: BacktestOptions = {}): ResultStream<BacktestResult> =>
    holding(async (claims) => {
      const job = await prepare("Backtest.run", symbol, target, claims);
      return backtestResults(options.journal === undefined ? job : { ...job, journal: options.journal }, shell);
    });

  const portfolio = (
    members: ReadonlyArray<{ readonly symbol: string; readonly strategyName: string }>,
    market: { readonly exchangeName: string; readonly frameName: string },
  ): ResultStream<BacktestResult> =>
    holding(async (claims) => {
      if (!Array.isArray(members) || members.length === 0) {
        throw new RegistrationError("Backtest.runPortfolio", [{ field: "members", value: members, rule: "must list at least one { symbol, strategyName }" }]);
      }
      const jobs: BacktestJob[] = [];
      for (const m of members) jobs.push(await prepare("Backtest.runPortfolio", m?.symbol, { ...market, strategyName: m?.strategyName }, claims));
      return portfolioResults(jobs, shell);
    });

  /** Runs in the background: failures go to the exit topic. The returned function stops the run. */
  const background = <T>(iterate: () => AsyncIterable<T>, stop: () => void): (() => void) => {
    void (async () => {
      try {
        for await (const _ of iterate()) {
          // Results are published on the bus as they happen; a background run only drives them.
        }
      } catch (error) {
        // A live instance that stopped itself has said so on exit already.
        if (error instanceof LiveInstanceError) return;
        await ports.events.emit("exit", { error, message: error instanceof Error ? error.message : String(error) });
      }
    })();
    return stop;
  };

  const liveStops = new Set<string>();
  /** The live risk books, shared by every live instance of this engine (never by a backtest). */
  let liveBooks: LiveRiskBooks | undefined;
  const liveWakers = new Map<string, () => void>();

  const live = (symbol: string, target: LiveTarget): AsyncGenerator<LiveResult, void, undefined> =>
    (async function* () {
      const operation = "Live.run";
      const issues: Issue[] = [];
      if (typeof symbol !== "string" || symbol === "") issues.push({ field: "symbol", value: symbol, rule: "must be a non-empty string" });
      if (ports.storage === undefined) issues.push({ field: "storage", value: undefined, rule: "must be given to createEngine for live runs (state, outbox and journal go there)" });
      if (issues.length > 0) throw new RegistrationError(operation, issues);
      const strategy = registry.strategies.get(operation, "strategyName", target?.strategyName);
      const exchange = registry.exchanges.get(operation, "exchangeName", target?.exchangeName);
      const riskNames = registry.riskNamesOf(strategy);
      const risks = riskNames.map((riskName) => registry.risks.get(operation, "riskName", riskName));
      if (risks.length > 0 && ports.storage!.readRiskBook === undefined) {
        throw new RegistrationError(operation, [
          { field: "riskName", value: riskNames.join(", "), rule: "needs a storage that keeps live risk books (its LiveStorage has no readRiskBook)" },
        ]);
      }
      const key = `live\u0000${stopKey(symbol, strategy.strategyName)}`;
      if (running.has(key)) {
        throw new RegistrationError(operation, [{ field: "strategyName", value: strategy.strategyName, rule: `is already running live on ${symbol}; stop it first (Live.stop)` }]);
      }
      running.add(key);
      liveStops.delete(key);
      const stopSignal = new Promise<void>((resolve) => liveWakers.set(key, resolve));
      try {
        const observe = reports.startLive({ symbol, strategyName: strategy.strategyName, config });
        const risk = risks.length === 0 ? undefined : { risks, books: (liveBooks ??= liveRiskBooks(ports.storage!)) };
        yield* runLive({ symbol, strategy, exchange, config, storage: ports.storage!, stopRequested: () => liveStops.has(key), stopSignal, observe, ...(risk === undefined ? {} : { risk }) }, shell);
      } finally {
        running.delete(key);
        liveWakers.delete(key);
      }
    })();

  const Live = {
    /** A live instance: restores from storage, then ticks on each closed 1-minute candle; yields opened, closed and cancelled results. */
    run: (symbol: string, target: LiveTarget) => live(symbol, target),
    /** Runs it in the background (failures on `exit`); the returned function stops it. */
    background: (symbol: string, target: LiveTarget) => background(() => live(symbol, target), () => Live.stop(symbol, target.strategyName)),
    /** No more proposals; a scheduled signal is cancelled; an open position is watched until it closes, then the run ends. */
    stop: (symbol: string, strategyName: string): void => {
      const key = `live\u0000${stopKey(symbol, strategyName)}`;
      liveStops.add(key);
      liveWakers.get(key)?.();
    },
    /** The statistics of the instance in this process since it started (reference §11.2), over every closed signal. */
    getData: (symbol: string, strategyName: string) => reports.live(symbol, strategyName),
    /** The same as a markdown report (reference §11.9's live columns). */
    getReport: (symbol: string, strategyName: string): string => reports.markdown("live", symbol, strategyName),
  };

  const Backtest = {
    /** The results of one backtest as they happen (scheduled, opened, closed, cancelled, and `active` if the data ends first). */
    run: (symbol: string, target: BacktestTarget, options?: BacktestOptions) => backtest(symbol, target, options),
    /**
     * Several symbols and strategies in one run over the same exchange and frame, sharing their
     * risk profiles in time order (see `runPortfolio`).
     */
    runPortfolio: (
      members: ReadonlyArray<{ readonly symbol: string; readonly strategyName: string }>,
      market: { readonly exchangeName: string; readonly frameName: string },
    ) => portfolio(members, market),
    background: (symbol: string, target: BacktestTarget, options?: BacktestOptions) =>
      background(() => backtest(symbol, target, options), () => Backtest.stop(symbol, target.strategyName)),
    /** No more proposals; a scheduled signal is cancelled; an open position is watched until it closes. */
    stop: (symbol: string, strategyName: string): void => void stops.add(stopKey(symbol, strategyName)),
    /** The statistics of the pair's last backtest, over every closed signal (SPEC §9). */
    getData: (symbol: string, strategyName: string) => reports.backtest(symbol, strategyName),
    /** The same as a markdown report. */
    getReport: (symbol: string, strategyName: string): string => reports.markdown("backtest", symbol, strategyName),
    /** The self-contained HTML report (charts inlined from `chartScript`, lightweight-charts' standalone build). */
    getHtml: (symbol: string, strategyName: string, chartScript: string): string => reports.html(symbol, strategyName, chartScript),
    /** Every closed signal of the pair's last backtest, oldest first. */
    getTrades: (symbol: string, strategyName: string) => reports.trades(symbol, strategyName),
  };

  const reportOf = (kind: "partial" | "schedule" | "risk") => ({
    getData: (symbol: string, strategyName: string) => reports[kind](symbol, strategyName),
    getReport: (symbol: string, strategyName: string): string => reports.markdown(kind, symbol, strategyName),
  });
  /** Milestone statistics of a pair's last backtest (events by level, totals). */
  const Partial = reportOf("partial") as { getData: (symbol: string, strategyName: string) => ReturnType<BacktestReports["partial"]>; getReport: (symbol: string, strategyName: string) => string };
  /** Limit-entry statistics: scheduled, opened, cancelled, rates and waiting times. */
  const Schedule = reportOf("schedule") as { getData: (symbol: string, strategyName: string) => ReturnType<BacktestReports["schedule"]>; getReport: (symbol: string, strategyName: string) => string };
  /** Risk refusals of a pair's last backtest, by symbol and strategy. */
  const Risk = reportOf("risk") as { getData: (symbol: string, strategyName: string) => ReturnType<BacktestReports["risk"]>; getReport: (symbol: string, strategyName: string) => string };

  const walkerResults = new Map<string, { readonly walker: Walker; readonly statistics: WalkerStatistics }>();
  const walkerResult = (operation: string, symbol: string, walkerName: string) => {
    const walker = registry.walkers.get(operation, "walkerName", walkerName);
    const found = walkerResults.get(stopKey(symbol, walkerName));
    if (found === undefined) {
      throw new RegistrationError(operation, [{ field: "symbol", value: symbol, rule: `has no run of walker ${JSON.stringify(walker.walkerName)} yet (run Walker.run first)` }]);
    }
    return found;
  };

  const walk = (symbol: string, target: { readonly walkerName: string }): AsyncGenerator<WalkerEvent, void, undefined> =>
    (async function* () {
      const walker = registry.walkers.get("Walker.run", "walkerName", target?.walkerName);
      const key = stopKey(symbol, walker.walkerName);
      stops.delete(key);
      const statistics = yield* runWalker(symbol, walker, {
        backtest: (strategyName) => backtest(symbol, { strategyName, exchangeName: walker.exchangeName, frameName: walker.frameName }),
        statistics: (strategyName) => reports.backtest(symbol, strategyName),
        stopped: () => stops.has(key),
        events: ports.events,
      });
      walkerResults.set(key, { walker, statistics });
    })();

  const Walker = {
    /** Backtests each strategy of the walker over its frame and ranks them by its metric; yields one `walker` event per strategy. */
    run: walk,
    background: (symbol: string, target: { readonly walkerName: string }) =>
      background(() => walk(symbol, target), () => Walker.stop(symbol, target.walkerName)),
    /** Stops before the next strategy. */
    stop: (symbol: string, walkerName: string): void => {
      stops.add(stopKey(symbol, walkerName));
      void ports.events.emit("walkerStop", { symbol, walkerName, strategyName: "" });
    },
    /** The ranking of the walker's last run on `symbol`, best first, with each strategy's key statistics. */
    getData: (symbol: string, walkerName: string): WalkerStatistics => walkerResult("Walker.getData", symbol, walkerName).statistics,
    getReport: (symbol: string, walkerName: string): string => walkerMarkdown(walkerName, walkerResult("Walker.getReport", symbol, walkerName).statistics),
    /** The comparison page: every strategy's equity curve and the ranking. */
    getHtml: (symbol: string, walkerName: string, chartScript: string): string => {
      const { statistics, walker } = walkerResult("Walker.getHtml", symbol, walkerName);
      const trades = Object.fromEntries(walker.strategies.filter((name) => statistics.ranking.some((row) => row.strategyName === name)).map((name) => [name, reports.trades(symbol, name)]));
      return walkerHtml({ walkerName, symbol, statistics, trades, chartScript });
    },
  };

  /** Seed-style history inside a strategy: the candles before the tick of the strategy being asked. */
  const getCandles = (symbol: string, interval: CandleInterval, limit: number): Candle[] => {
    const current = syncContext.current() ?? context.current();
    if (current === undefined) throw new HistoryRequestError("getCandles: called outside a strategy's getSignal (there is no tick to read history before)");
    if (symbol !== current.symbol) {
      throw new HistoryRequestError(`getCandles: symbol = ${JSON.stringify(symbol)} is not the symbol being run (${JSON.stringify(current.symbol)})`);
    }
    return current.getCandles(interval, limit);
  };

  return {
    addStrategy: (schema: StrategySchema) => void registry.addStrategy(schema),
    addExchange: (schema: ExchangeSchema) => void registry.addExchange(schema),
    addFrame: (schema: FrameSchema) => void registry.addFrame(schema),
    addRisk: (schema: RiskSchema) => void registry.addRisk(schema),
    addWalker: (schema: WalkerSchema) => void registry.addWalker(schema),
    setConfig: (overrides: Record<string, unknown>): void => void setConfig(overrides),
    getConfig: (): Config => config,
    getCandles,
    Backtest,
    Live,
    Walker,
    Partial,
    Schedule,
    Risk,
    /** Every event the engine's runs publish, synchronously and in order (reports subscribe here). */
    observe: (listener: EngineObserver): (() => void) => {
      observers.add(listener);
      return () => void observers.delete(listener);
    },
    /** Forgets every registration, the config, cached candles and risk books: a clean engine. */
    clear: (): void => {
      registry.clear();
      candles.clear();
      reports.clear();
      walkerResults.clear();
      config = DEFAULT_CONFIG;
      backtestBooks = createRiskBookStore();
      // Running instances keep theirs; the next live instance loads the books from storage again.
      liveBooks = undefined;
      stops.clear();
      liveStops.clear();
      running.clear();
    },
    /** What is registered, by kind. */
    list: () => ({
      strategies: registry.strategies.names(),
      exchanges: registry.exchanges.names(),
      frames: registry.frames.names(),
      risks: registry.risks.names(),
      walkers: registry.walkers.names(),
    }),
  };
};

export type Engine = ReturnType<typeof createEngine>;
