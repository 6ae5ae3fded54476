import * as E from "#fp-ts/Either";
import { tickAt } from "../../backtest/advance.js";
import { STRATEGY_INTERVALS } from "../../backtest/run.js";
import type { CommitEffect, Effect, EmitEffect } from "../../effects.js";
import { restoreLifecycle } from "../../lifecycle/restore.js";
import type { LifecycleInput, LifecycleParams, LifecycleState, Tick } from "../../lifecycle/state.js";
import { stepLifecycle } from "../../lifecycle/step.js";
import { MINUTE_MS } from "../../model/candle.js";
import type { Config } from "../../model/config.js";
import type { LifecycleEvent } from "../../model/events.js";
import { candleSeries, indexAtOrAfter, vwapAt, type CandleSeries } from "../../series/candle-series.js";
import { isThenable } from "../../thenable.js";
import type { ShellPorts } from "../backtest-runner.js";
import { describe, iso, withTimeout } from "../backtest-runner.js";
import { CANDLE_CHUNK, loadMinuteSeries } from "../market.js";
import type { Exchange, Risk, Strategy, StrategyCallbacks } from "../schemas.js";
import { candlesBefore, type CandleInterval, type StrategyContext } from "../strategy-context.js";
import { LIVE_META_TOPIC, type CommittedRecord, type LiveJournal, type LiveMeta, type LiveStorage } from "./storage-port.js";
import { openLiveRiskGate, type LiveRiskBooks } from "./live-risk.js";
import { checkVenue } from "./venue.js";
import { DEFAULT_PRICE_UPDATE_INTERVAL_MS, priceTicksBetween } from "./price-updates.js";

/** What `Live.run` yields: the results a live loop reports (reference §4.9): opened, closed, cancelled. */
export type LiveResult = Extract<LifecycleEvent, { action: "opened" | "closed" | "cancelled" }>;

export interface LiveJob {
  readonly symbol: string;
  readonly strategy: Strategy;
  readonly exchange: Exchange;
  readonly config: Config;
  readonly storage: LiveStorage;
  readonly stopRequested: () => boolean;
  /** Resolves when a stop is requested: a wait for the next candle ends early then. */
  readonly stopSignal?: Promise<void>;
  /** Sees every event this process delivers for the instance, redeliveries included (the engine's Live reports). */
  readonly observe?: (effect: EmitEffect) => void;
  /** The strategy's risk profiles (riskName, then riskList) and the engine's live books they share. */
  readonly risk?: { readonly risks: ReadonlyArray<Risk>; readonly books: LiveRiskBooks };
}

/** A live instance stopped because going on could trade on state that is not what storage (or the venue) holds. */
export class LiveInstanceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LiveInstanceError";
  }
}

/** Reused for every tick: a live run over a day asks the reducer ~1440 times and a bench a million. */
const isWaiting = (state: LifecycleState): boolean => state.phase === "asking" || state.phase === "checking" || state.phase === "activating";

/**
 * One live instance (seed 004, reference §4.9–4.10): restore from storage, reconcile with the
 * venue, redeliver what was committed but not delivered, then one tick per closed 1-minute candle
 * of the exchange, forever or until stopped. Every input goes to the journal before the reducer
 * sees it; every step with a `commit` effect is committed before any of its events is delivered;
 * a record is acknowledged once its events were delivered. Time comes only from `ports.clock`.
 *
 * Prices are the exchange's closed candles, ticked exactly as a backtest ticks them (VWAP of the
 * last N candles), so live and backtest agree candle for candle; and, when the exchange offers
 * them (`getPriceUpdates`), its price updates between candle closes. Those are fed in time order
 * around the candles: the updates of minute t after candle t − 1 and before candle t. An update
 * watches what is scheduled or open (it never asks the strategy: candles do); a minute whose
 * updates watched a signal is not judged again by its candle, which would repeat those prices
 * at an earlier time.
 */
export async function* runLive(job: LiveJob, ports: ShellPorts): AsyncGenerator<LiveResult, void, undefined> {
  let waitPastEnd: number | undefined;
  try {
    waitPastEnd = yield* runInstance(job, ports);
  } finally {
    // However the instance ended, what recovery took for it (a lease) is given back.
    try {
      await job.storage.release?.({ symbol: job.symbol, strategyName: job.strategy.strategyName });
    } catch (error) {
      await ports.events.emit("error", { error, message: `releasing ${job.strategy.strategyName} on ${job.symbol} failed: ${describe(error)}` });
    }
    // Ended by the clock's end: the wait it did not make is made now, not awaited (a simulated
    // clock resolves `ended` there), once the journal is on disk and the storage released.
    if (waitPastEnd !== undefined) void ports.clock.sleep?.(waitPastEnd);
  }
}

/** Returns the wait it did not make when it ended because that wait would pass `Clock.end`. */
async function* runInstance(job: LiveJob, ports: ShellPorts): AsyncGenerator<LiveResult, number | undefined, undefined> {
  const { symbol, strategy, exchange, config, storage } = job;
  const names = { symbol, strategyName: strategy.strategyName, exchangeName: exchange.exchangeName };
  const pair = { symbol, strategyName: strategy.strategyName };
  const callbacks: StrategyCallbacks = strategy.callbacks ?? {};
  const params: LifecycleParams = {
    ...names,
    backtest: false,
    config: { ...config },
    intervalMs: STRATEGY_INTERVALS[strategy.interval] * MINUTE_MS,
    endDate: Number.POSITIVE_INFINITY,
    riskNames: (job.risk?.risks ?? []).map((risk) => risk.riskName),
    progressCallbacks: callbacks.onPartialProfit !== undefined || callbacks.onPartialLoss !== undefined,
  };
  const n = config.avgPriceCandles;
  // History the ticks' VWAP and the strategy's getCandles read before each candle.
  const warmUp = Math.max(config.historyMinutes, n) * MINUTE_MS;
  const where = `${strategy.strategyName} on ${symbol}`;

  const fail = async (message: string, cause?: unknown): Promise<never> => {
    const error = new LiveInstanceError(`Live ${where} stopped: ${message}`, { cause });
    await ports.events.emit("exit", { error, message: error.message });
    throw error;
  };
  const reportError = (error: unknown, what: string, time: number): unknown =>
    ports.events.emit("error", { error, message: `${what} failed for ${where} at ${iso(time)}: ${describe(error)}` });
  /** A storage step that fails (a journal that takes no more input, another process owning the instance now) stops the instance. */
  const orStop = async <T>(what: string, step: () => T | Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      return fail(`${what} failed: ${describe(error)}`, error);
    }
  };
  const call = async (name: keyof StrategyCallbacks, time: number, args: unknown[]): Promise<void> => {
    const callback = callbacks[name] as ((...a: unknown[]) => unknown) | undefined;
    if (callback === undefined) return;
    try {
      await callback(...args);
    } catch (error) {
      await reportError(error, `callback ${name}`, time);
    }
  };

  // 1. Recovery: the files resolved, the committed truth read back and validated.
  let recovered;
  try {
    recovered = await storage.recover(pair, params);
  } catch (error) {
    return void (await fail(`recovery of its storage failed: ${describe(error)}`, error));
  }
  const restoredState = restoreLifecycle(recovered.restored, params);
  if (E.isLeft(restoredState)) return void (await fail(`its stored state is invalid: ${restoredState.left.message}`, restoredState.left));
  let state: LifecycleState = restoredState.right;

  // 2. The venue must hold what storage says (fail closed: a missing report is not "flat").
  const venueProblem = await checkVenue(exchange, symbol, state);
  if (venueProblem !== null) return void (await fail(venueProblem));

  // The profiles' shared books, with this instance's slot as its recovery resolved it.
  const riskEvents: Effect[] = [];
  let gate;
  try {
    gate = params.riskNames.length === 0 ? undefined : await openLiveRiskGate(job.risk!.books, job.risk!.risks, state, pair, (effect) => void riskEvents.push(effect));
  } catch (error) {
    return void (await fail(`loading its risk books (${params.riskNames.join(", ")}) failed: ${describe(error)}`, error));
  }

  const journal: LiveJournal = await orStop("opening its journal", () => storage.openJournal(pair, params));
  try {
    // The last minute done: a commit from a price update is inside its minute, whose candle is then skipped.
    let cursor = recovered.cursor === null ? Math.floor(ports.clock.now() / MINUTE_MS) * MINUTE_MS - 2 * MINUTE_MS : Math.floor(recovered.cursor / MINUTE_MS) * MINUTE_MS;
    const updateEvery = exchange.getPriceUpdates === undefined ? null : (exchange.priceUpdateIntervalMs ?? DEFAULT_PRICE_UPDATE_INTERVAL_MS);
    /** Price updates before this time were fed (or found nothing to watch). */
    let updatesFrom = recovered.updatesFrom ?? (recovered.cursor !== null && recovered.cursor !== cursor ? recovered.cursor + 1 : cursor + MINUTE_MS);
    /** The minute of the last price update that watched a scheduled or open signal: its candle is not fed. */
    let watchedMinute = Number.NaN;

    // 3. What was restored is announced to the strategy, at the last price it saw.
    if (state.phase === "open" || state.phase === "scheduled") {
      const history = await loadMinuteSeries(exchange, symbol, cursor - warmUp, cursor);
      const price = history.length > 0 ? vwapAt(history, history.length - 1, n) : Number.NaN;
      await call(state.phase === "open" ? "onActive" : "onSchedule", cursor, [symbol, state.signal, price, false]);
    }

    // 4. Committed but undelivered events go out again with their original ids, in order.
    for (const record of recovered.redeliver) await deliver(record, (r) => orStop("acknowledging redelivered events", () => storage.acknowledge(pair, r)));

    await orStop("journaling the restart", () => journal.append({ type: "restored", restored: recovered.restored, cursor: recovered.cursor ?? null }));

    const results: LiveResult[] = [];
    let tickTime = cursor;

    /** Delivers a committed record's events on the bus, waits until they were delivered, acknowledges it. */
    async function deliver(record: CommittedRecord, acknowledge: (record: CommittedRecord) => Promise<void>): Promise<void> {
      for (const event of record.events) {
        if (event.topic === LIVE_META_TOPIC) continue;
        job.observe?.({ type: "emit", topic: event.topic, event: event.payload } as EmitEffect);
        await ports.events.emit(event.topic as "signal", event.payload as never);
      }
      await ports.events.drain();
      await acknowledge(record);
    }

    const metaNow = (): LiveMeta => ({
      cursor: tickTime,
      lastSignalId: state.lastSignalId,
      askedBucket: Number.isNaN(state.askedBucket) ? null : state.askedBucket,
      ...(updateEvery === null ? {} : { updatesFrom }),
    });

    const commit = async (effect: CommitEffect): Promise<void> => {
      let record: CommittedRecord;
      try {
        record = await storage.commit(effect, metaNow(), journal);
      } catch (error) {
        // Nothing of this step was delivered, and nothing more will be: the state is not saved.
        return void (await fail(`the commit of ${effect.changes.map((c) => c.kind).join("+")} at ${iso(tickTime)} failed: ${describe(error)}`, error));
      }
      await deliver(record, async (r) => {
        try {
          await storage.acknowledge(pair, r);
        } catch (error) {
          await fail(`acknowledging delivered events failed: ${describe(error)}`, error);
        }
      });
      for (const emitted of effect.events) {
        if (emitted.topic !== "signal") continue;
        const event = emitted.event;
        await call(CALLBACK_OF[event.action], event.timestamp, [symbol, event.signal, event.currentPrice, false]);
        await call("onTick", event.timestamp, [symbol, event, false]);
        if (event.action !== "scheduled") results.push(event);
      }
    };

    const perform = async (effects: ReadonlyArray<Effect>, series: CandleSeries): Promise<void> => {
      for (const effect of effects) {
        switch (effect.type) {
          case "commit":
            await commit(effect);
            break;
          case "emit":
            await ports.events.emit(effect.topic, effect.event as never);
            break;
          case "callback":
            await call(effect.name, effect.time, [symbol, effect.signal, effect.price, effect.percent, false]);
            break;
          case "requestProposal":
            await feed({ kind: "proposal", proposal: await ask(effect.time, effect.price, series) }, series);
            break;
          case "log":
            ports.logger?.[effect.level](effect.message);
            break;
          case "checkRisk": {
            // Checked and reserved in one step against the books every instance shares.
            const allowed = await gate!.answer(effect);
            for (const refusal of riskEvents.splice(0)) if (refusal.type === "emit") await ports.events.emit(refusal.topic, refusal.event as never);
            await feed({ kind: "risk", allowed }, series);
            break;
          }
          case "releaseRisk":
            // After the close's commit (its effect comes first): the slot is free on disk already.
            gate!.onEffect(effect);
            break;
        }
      }
    };

    /** Journals the input, then steps the reducer with it and performs what it asks. */
    const feed = async (input: LifecycleInput, series: CandleSeries): Promise<void> => {
      await orStop("journaling an input", () => journal.append({ type: "input", input }));
      const [next, effects] = stepLifecycle(state, input, params);
      state = next;
      if (effects.length > 0) await perform(effects, series);
    };

    /** The exchange's price updates in [updatesFrom, to); unusable ones stop the instance loudly (never trade on them). */
    const updatesUpTo = async (to: number): Promise<Tick[]> => {
      try {
        return await priceTicksBetween(exchange, symbol, updatesFrom, to);
      } catch (error) {
        return await fail(`its price updates could not be used: ${describe(error)}`, error);
      }
    };

    /** Feeds one price update's tick; while nothing is scheduled or open it changes nothing and is skipped. */
    const feedUpdate = async (tick: Tick): Promise<void> => {
      updatesFrom = tick.time + 1;
      if (state.phase === "idle") return;
      watchedMinute = Math.floor(tick.time / MINUTE_MS) * MINUTE_MS;
      tickTime = tick.time;
      await feed({ kind: "tick", ...tick }, EMPTY_SERIES);
      if (isWaiting(state)) throw new Error(`Live ${where}: the reducer waits for an answer after the price update at ${iso(tick.time)} (a shell bug)`);
    };

    const ask = async (time: number, price: number, series: CandleSeries): Promise<unknown> => {
      const context = new LiveContext(series, names, time);
      try {
        const answer = ports.context.run(context, () => strategy.getSignal(symbol, new Date(time), price, context));
        return isThenable(answer) ? await withTimeout(answer, config, ports) : answer;
      } catch (error) {
        await reportError(error, "getSignal", time);
        return null;
      }
    };

    // A stop wakes the instance: when nothing is open it ends at once instead of at the next close.
    // One reaction on the stop signal for the whole run, waking whichever wait is current: a
    // Promise.race per wait left a reaction on it per candle (a million-tick run held ~90 MB).
    let wake: (() => void) | undefined;
    void job.stopSignal?.then(() => wake?.());
    /** True when waiting `ms` would pass the clock's end: the instance ends there instead. */
    const passesEnd = (ms: number): boolean => ports.clock.end !== undefined && ports.clock.now() + ms > ports.clock.end;
    const sleep = (ms: number): Promise<void> => {
      const waited = ports.clock.sleep !== undefined ? ports.clock.sleep(ms) : new Promise<void>((resolve) => void ports.clock.setTimer(resolve, ms));
      if (job.stopSignal === undefined || job.stopRequested()) return waited;
      return new Promise<void>((resolve) => {
        wake = resolve;
        void waited.then(resolve);
      });
    };

    // 5. The loop: each closed candle after the cursor, in order; a wait when there is none yet.
    for (;;) {
      if (job.stopRequested() && !state.stopped) await feed({ kind: "stop" }, EMPTY_SERIES);
      if (state.stopped && state.phase === "idle") return;
      const now = ports.clock.now();
      const lastClosed = Math.floor(now / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
      const from = cursor + MINUTE_MS;
      let processed = false;
      if (from <= lastClosed) {
        const to = Math.min(lastClosed, from + (CANDLE_CHUNK - 1) * MINUTE_MS);
        const series = await loadMinuteSeries(exchange, symbol, from - warmUp, to);
        const updates = updateEvery === null ? NO_TICKS : await updatesUpTo(to + MINUTE_MS);
        let u = 0;
        for (let j = indexAtOrAfter(series, from); j < series.length; j++) {
          const tick = tickAt(series, j, n);
          if (updateEvery !== null) {
            // The minute's updates first, then its candle, unless they watched a signal already.
            const end = tick.time + MINUTE_MS;
            for (; u < updates.length && updates[u]!.time < end; u++) {
              await feedUpdate(updates[u]!);
              if (results.length > 0) yield* results.splice(0);
              if (job.stopRequested() && !state.stopped) await feed({ kind: "stop" }, series);
              if (state.stopped && state.phase === "idle") return;
            }
            updatesFrom = Math.max(updatesFrom, end);
            if (watchedMinute === tick.time) {
              cursor = tick.time;
              processed = true;
              continue;
            }
          }
          tickTime = tick.time;
          await feed(tick, series);
          if (isWaiting(state)) throw new Error(`Live ${where}: the reducer waits for an answer after ${iso(tick.time)} (a shell bug)`);
          cursor = tick.time;
          processed = true;
          if (results.length > 0) yield* results.splice(0);
          if (job.stopRequested() && !state.stopped) await feed({ kind: "stop" }, series);
          if (state.stopped && state.phase === "idle") return;
        }
      }
      if (processed) continue;
      if (updateEvery !== null) {
        // The minute after the last candle, as its updates come (a late candle holds them back).
        for (const update of await updatesUpTo(Math.min(now, cursor + 2 * MINUTE_MS))) {
          await feedUpdate(update);
          if (results.length > 0) yield* results.splice(0);
          if (job.stopRequested() && !state.stopped) await feed({ kind: "stop" }, EMPTY_SERIES);
          if (state.stopped && state.phase === "idle") return;
        }
        updatesFrom = Math.max(updatesFrom, Math.min(now, cursor + 2 * MINUTE_MS));
        if (ports.clock.simulated !== true) await orStop("making the journal durable", () => journal.flush());
        const untilClose = cursor + 2 * MINUTE_MS - now;
        const wait = untilClose > 0 ? Math.min(updateEvery, untilClose) : updateEvery;
        if (passesEnd(wait)) return wait;
        await sleep(wait);
        continue;
      }
      // Nothing new closed yet: what was journaled becomes durable (before a real wait: a simulated
      // one lasts no time), then wait for the next close, exactly: a longer wait took two candles
      // per wake, so the candles a run had ticked by a time depended on the minute it last
      // restarted at (the crash torture's last candle came or not).
      if (ports.clock.simulated !== true) await orStop("making the journal durable", () => journal.flush());
      const nextClose = from + MINUTE_MS;
      const wait = nextClose > now ? nextClose - now : LATE_CANDLE_RETRY_MS;
      if (passesEnd(wait)) return wait;
      await sleep(wait);
    }
  } finally {
    await journal.close();
  }
}

/** A candle that closed but the exchange does not serve yet is asked for again this much later. */
const LATE_CANDLE_RETRY_MS = 1_000;

const CALLBACK_OF = { scheduled: "onSchedule", opened: "onOpen", closed: "onClose", cancelled: "onCancel" } as const;

const EMPTY_SERIES: CandleSeries = candleSeries([]);
const NO_TICKS: ReadonlyArray<Tick> = [];

/** A live strategy's view at `when`: the exchange's candles strictly before the tick. */
class LiveContext implements StrategyContext {
  readonly backtest = false;
  readonly symbol: string;
  readonly strategyName: string;
  readonly exchangeName: string;
  constructor(
    private readonly series: CandleSeries,
    names: { readonly symbol: string; readonly strategyName: string; readonly exchangeName: string },
    readonly when: number,
  ) {
    this.symbol = names.symbol;
    this.strategyName = names.strategyName;
    this.exchangeName = names.exchangeName;
  }

  readonly getCandles = (interval: CandleInterval, limit: number) => candlesBefore(this.series, this.when, interval, limit);
}

