import {
  emittedEvents,
  encodeJournalLine,
  fingerprintReplay,
  indexAtOrAfter,
  parseJournal,
  replayJournal,
  type CandleSeries,
  type EmitEffect,
  type JournalEntry,
} from "@tickfold/core";
import { beforeAll, describe, expect, it } from "vitest";
import { collect, engineWithData, fileExchange, momentum } from "./engine.fixture.js";

let series: CandleSeries;
let closeAt: (time: number) => number;
beforeAll(async () => {
  series = await fileExchange.getCandleSeries!("BTCUSDT", 0, Number.POSITIVE_INFINITY);
  closeAt = (time) => series.close[indexAtOrAfter(series, time)] ?? Number.NaN;
});

const target = { strategyName: "momentum", exchangeName: "binance-file", frameName: "two-weeks" };

/** A backtest with a risk profile that refuses some entries and a user stop on its 40th result. */
const runOnce = async (journal?: { append: (entry: JournalEntry) => void | Promise<void> }) => {
  const engine = engineWithData();
  const strategy = momentum((t) => closeAt(t));
  engine.addRisk({ riskName: "odd-hours", validations: [({ timestamp }: { timestamp: number }) => {
    if (new Date(timestamp).getUTCHours() % 5 === 0) throw new Error("not at this hour");
  }] });
  engine.addStrategy({ strategyName: "momentum", interval: "1h", riskName: "odd-hours", getSignal: (symbol, when, price) => strategy(symbol, when.getTime(), price) });
  const observed: EmitEffect[] = [];
  engine.observe((event) => {
    // The reducers' events; `active` (the data ended first) is the shell's, not an input's.
    if (!(event.topic === "signal" && event.event.action === "active")) observed.push({ type: "emit", topic: event.topic, event: event.event } as EmitEffect);
  });
  let results = 0;
  for await (const _ of engine.Backtest.run("BTCUSDT", target, journal === undefined ? undefined : { journal })) {
    if (++results === 40) engine.Backtest.stop("BTCUSDT", "momentum");
  }
  await engine.bus.drain();
  return { observed, results };
};

describe("Backtest.run with a journal", () => {
  it("records a journal that replays to exactly the run's events, and runs as it does without one", async () => {
    const lines: string[] = [];
    const withJournal = await runOnce({ append: (entry) => void lines.push(encodeJournalLine(entry)) });
    const without = await runOnce();
    expect(withJournal.observed).toEqual(without.observed);
    expect(withJournal.results).toBe(without.results);

    const entries = parseJournal(lines);
    const kinds = new Set(entries.flatMap((entry) => (entry.type === "input" ? [entry.input.kind] : [])));
    expect([...kinds].sort()).toEqual(["proposal", "risk", "stop", "tick"]);
    const replay = replayJournal(lines);
    const replayed = emittedEvents(replay.effects);
    expect(replayed.filter((e) => e.topic === "signal").length).toBeGreaterThan(30);
    expect(replayed).toEqual(withJournal.observed.filter((e) => e.topic !== "risk"));
    // Only the candles the reducer saw are journaled: far fewer lines than candles in two weeks.
    expect(entries.length).toBeLessThan(14 * 1440);
  });

  it("waits for a journal whose append is asynchronous, and records the same lines", async () => {
    const sync: string[] = [];
    await runOnce({ append: (entry) => void sync.push(encodeJournalLine(entry)) });
    const async: string[] = [];
    await runOnce({ append: async (entry) => {
      await Promise.resolve();
      async.push(encodeJournalLine(entry));
    } });
    expect(async).toEqual(sync);
    expect(fingerprintReplay(replayJournal(async))).toBe(fingerprintReplay(replayJournal(sync)));
  });
});
