import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../../journal/entry.js";
import type { Candle } from "../../model/candle.js";
import { createEngine } from "../engine.js";
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
const journalOf = async (cursor: number | null): Promise<JournalEntry[]> => {
  const journal: JournalEntry[] = [];
  const storage: LiveStorage = {
    recover: async () => ({ restored: { signal: null, schedule: null, lastSignalId: null, askedBucket: null }, cursor, redeliver: [] }),
    openJournal: async () => ({ append: (entry) => void journal.push(entry), flush: async () => undefined, close: async () => undefined }),
    commit: async () => {
      throw new Error("nothing commits in this test");
    },
    acknowledge: async () => undefined,
  };
  const clock = simulatedClock(START, { end: END });
  const engine = createEngine({ clock, storage, events: { emit: () => undefined, drain: async () => undefined } });
  engine.addExchange({ exchangeName: "memory", getCandles: (_symbol, _interval, since, limit) => candles.filter((c) => c.timestamp >= since.getTime()).slice(0, limit) });
  engine.addStrategy({ strategyName: "quiet", interval: "1m", getSignal: () => null });
  engine.Live.background("BTCUSDT", { strategyName: "quiet", exchangeName: "memory" });
  await clock.ended;
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
});
