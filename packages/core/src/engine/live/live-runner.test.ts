import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../../journal/entry.js";
import type { Candle } from "../../model/candle.js";
import { DEFAULT_CONFIG } from "../../model/config.js";
import { synchronousContextCarrier } from "../ports.js";
import { createEngine } from "../engine.js";
import { runLive } from "./live-runner.js";
import { simulatedClock } from "./simulated-clock.js";
import type { LiveStorage } from "./storage-port.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 0, 1, 3, 1);
const END = Date.UTC(2025, 0, 1, 5, 1);

/** A minute candle for every minute from two hours before START to END, prices walking by the minute. */
const candles: Candle[] = [];
for (let time = START - 2 * 60 * MINUTE; time <= END; time += MINUTE) {
  const price = 100 + ((time / MINUTE) % 7);
  candles.push({ timestamp: time, open: price, high: price + 1, low: price - 1, close: price, volume: 1 });
}

/**
 * A live instance in memory whose storage says it committed up to `cursor` (null: a fresh start),
 * run on a simulated clock from START until END; what it journaled. The strategy never signals, so
 * nothing is committed and every run's inputs are its ticks and the strategy's answers.
 */
const journalOf = async (cursor: number | null, options: { readonly realClock?: boolean; readonly flushes?: number[] } = {}): Promise<JournalEntry[]> => {
  const journal: JournalEntry[] = [];
  const storage: LiveStorage = {
    recover: async () => ({ restored: { signal: null, schedule: null, lastSignalId: null, askedBucket: null }, cursor, redeliver: [] }),
    openJournal: async () => ({ append: (entry) => void journal.push(entry), flush: async () => void options.flushes?.push(journal.length), close: async () => undefined }),
    commit: async () => {
      throw new Error("nothing commits in this test");
    },
    acknowledge: async () => undefined,
  };
  const simulated = simulatedClock(START, { end: END });
  // The same clock, but not saying it is simulated: the runner must treat its waits as real ones.
  const clock = options.realClock === true ? { now: simulated.now, setTimer: simulated.setTimer, sleep: simulated.sleep } : simulated;
  const engine = createEngine({ clock, storage, events: { emit: () => undefined, drain: async () => undefined } });
  engine.addExchange({ exchangeName: "memory", getCandles: (_symbol, _interval, since, limit) => candles.filter((c) => c.timestamp >= since.getTime()).slice(0, limit) });
  engine.addStrategy({ strategyName: "quiet", interval: "1m", getSignal: () => null });
  engine.Live.background("BTCUSDT", { strategyName: "quiet", exchangeName: "memory" });
  await simulated.ended;
  return journal;
};

const tickTimes = (journal: ReadonlyArray<JournalEntry>): number[] => journal.flatMap((entry) => (entry.type === "input" && entry.input.kind === "tick" ? [entry.input.time] : []));

describe("runLive's waits", () => {
  // The crash torture's rare fingerprint mismatch: the runner slept a minute past each close, so it
  // ticked two candles per wake, and whether the last candle before the clock's end came depended on
  // the parity of the minute a restart resumed at. A restart's journal must continue exactly as the
  // uncrashed run's did after the same cursor, whichever minute that is.
  it("tick every candle closed by the clock's end, whatever minute a restart resumes after", async () => {
    const uncrashed = await journalOf(null);
    expect(tickTimes(uncrashed).at(-1)).toBe(END - MINUTE);
    for (const cursor of [START + 30 * MINUTE, START + 31 * MINUTE]) {
      const restarted = await journalOf(cursor);
      expect(restarted[0]?.type).toBe("restored");
      const resumedAt = uncrashed.findIndex((entry) => entry.type === "input" && entry.input.kind === "tick" && entry.input.time === cursor + MINUTE);
      expect(restarted.slice(1), `resumed after ${new Date(cursor).toISOString()}`).toEqual(uncrashed.slice(resumedAt));
    }
  });

  it("make the journal durable before every real wait, and before none on a simulated clock (only commits flush there)", async () => {
    const real: number[] = [];
    const journaled = await journalOf(null, { realClock: true, flushes: real });
    // One wait per candle: each flush holds everything journaled so far.
    expect(real.length).toBe(tickTimes(journaled).length);
    expect(real.at(-1)).toBe(journaled.length);
    const simulated: number[] = [];
    expect(await journalOf(null, { flushes: simulated })).toEqual(journaled);
    expect(simulated).toEqual([]);
  });

  it("put one reaction on the stop signal for the whole run, not one per wait (a reaction per candle held memory until the stop)", async () => {
    const storage: LiveStorage = {
      recover: async () => ({ restored: { signal: null, schedule: null, lastSignalId: null, askedBucket: null }, cursor: null, redeliver: [] }),
      openJournal: async () => ({ append: () => undefined, flush: async () => undefined, close: async () => undefined }),
      commit: async () => {
        throw new Error("nothing commits in this test");
      },
      acknowledge: async () => undefined,
    };
    let stop: () => void = () => undefined;
    const stopSignal = new Promise<void>((resolve) => (stop = resolve));
    let reactions = 0;
    const then = stopSignal.then.bind(stopSignal);
    stopSignal.then = ((...args: Parameters<typeof then>) => {
      reactions++;
      return then(...args);
    }) as typeof stopSignal.then;
    let stopped = false;
    const clock = simulatedClock(START, { end: END });
    const context = synchronousContextCarrier();
    const run = runLive(
      {
        symbol: "BTCUSDT",
        strategy: { strategyName: "quiet", interval: "1m", getSignal: () => null, callbacks: {} },
        exchange: { exchangeName: "memory", getCandles: (_symbol, _interval, since, limit) => candles.filter((c) => c.timestamp >= since.getTime()).slice(0, limit) },
        config: { ...DEFAULT_CONFIG },
        storage,
        stopRequested: () => stopped,
        stopSignal,
      },
      { events: { emit: () => undefined, drain: async () => undefined }, clock, context, syncContext: context },
    );
    const ended = run.next();
    // A stop while the instance waits past the clock's end (a wait that never ends by itself) wakes it.
    await clock.ended;
    stopped = true;
    stop();
    expect(await ended).toEqual({ done: true, value: undefined });
    expect(reactions).toBe(1);
  });
});
