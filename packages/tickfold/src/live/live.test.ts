import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseJournal, replayJournal } from "@tickfold/core";
import type { RedisLiveStorage } from "@tickfold/redis";
import { afterAll, describe, expect, it } from "vitest";
import { createEngine } from "../create-engine.js";
import { fileExchange } from "../engine.fixture.js";
import { closeLiveBackends, DAY_END, DAY_START, LIVE_BACKENDS, LIVE_TARGET, liveEngine, swing, tempDir } from "./live.fixture.js";

afterAll(closeLiveBackends);

const withoutMode = (payload: unknown): unknown => {
  const { backtest: _backtest, ...rest } = payload as Record<string, unknown>;
  return rest;
};

describe.each(LIVE_BACKENDS)("Live.run over a recorded day, state in $name", (backend) => {
  it("gives the same lifecycle and milestone events as a backtest of the same candles", async () => {
    const { engine, clock, delivered } = liveEngine(tempDir(), { backend });
    const stop = engine.Live.background("BTCUSDT", LIVE_TARGET);
    await clock.ended;
    stop();

    const reference = createEngine();
    reference.addExchange(fileExchange);
    reference.addStrategy({ strategyName: "swing", interval: "15m", getSignal: (symbol, when, price) => swing(symbol, when.getTime(), price) });
    reference.addFrame({ frameName: "day", startDate: new Date(DAY_START), endDate: new Date(DAY_END - 60_000) });
    const backtest: Array<{ topic: string; id: string; payload: unknown }> = [];
    reference.listenSignal((event) => void backtest.push({ topic: "signal", id: (event as { id: string }).id, payload: event }));
    reference.listenPartialProfit((event) => void backtest.push({ topic: "partialProfit", id: event.id, payload: event }));
    reference.listenPartialLoss((event) => void backtest.push({ topic: "partialLoss", id: event.id, payload: event }));
    for await (const _ of reference.Backtest.run("BTCUSDT", { ...LIVE_TARGET, frameName: "day" })) {
      // events are collected from the bus
    }
    await reference.bus.drain();
    // The frame's end closes what is left in a backtest; live has no end.
    const inDay = backtest.filter((e) => (e.payload as { timestamp: number }).timestamp < DAY_END && (e.payload as { action?: string }).action !== "active");

    const signals = (events: typeof backtest) => events.filter((e) => e.topic === "signal").length;
    expect(signals(inDay)).toBeGreaterThan(20);
    expect(delivered.some((e) => e.topic !== "signal")).toBe(true);
    // Each topic is delivered in order; topics are independent of each other on the bus.
    for (const topic of ["signal", "partialProfit", "partialLoss"]) {
      const of = (events: typeof backtest) => events.filter((e) => e.topic === topic).map((e) => ({ id: e.id, payload: withoutMode(e.payload) }));
      expect(of(delivered)).toEqual(of(inDay));
    }
    expect(delivered.every((e) => (e.payload as { backtest: boolean }).backtest === false)).toBe(true);

    // Live reports read the delivered events: every close counts, with the backtest's PnL.
    const closes = delivered.filter((e) => e.topic === "signal" && (e.payload as { action: string }).action === "closed");
    const stats = engine.Live.getData("BTCUSDT", "swing");
    expect(stats.totalSignals).toBe(closes.length);
    const pnlSum = closes.reduce((sum, e) => sum + (e.payload as { pnl: { pnlPercentage: number } }).pnl.pnlPercentage, 0);
    expect(stats.totalPnl).toBeCloseTo(pnlSum, 9);
    expect(stats.totalPnl).toBeCloseTo(reference.Backtest.getTrades("BTCUSDT", "swing").filter((t) => t.closeTimestamp < DAY_END).reduce((sum, t) => sum + t.pnl.pnlPercentage, 0), 9);
    const report = engine.Live.getReport("BTCUSDT", "swing");
    expect(report).toMatch(/^# Live Trading Report: swing\n/);
    const [path] = engine.Live.dump("BTCUSDT", "swing", tempDir());
    expect(readFileSync(path!, "utf8")).toBe(report);
    expect(() => engine.Live.getData("ETHUSDT", "swing")).toThrow(/Live\.getData: symbol = "ETHUSDT": has no live run of "swing" yet/);
    expect(() => engine.Live.getData("BTCUSDT", "nope")).toThrow(/strategyName = "nope": is not a registered strategy \(registered: "swing"\)/);
  });

  it("ends where the recorded data ends: the run completes, its journal is whole on disk, the pair runs again", async () => {
    const dir = tempDir();
    const { engine, clock, storage } = liveEngine(dir, { backend });
    let ended = false;
    void clock.ended.then(() => (ended = true));
    const results = [];
    for await (const result of engine.Live.run("BTCUSDT", LIVE_TARGET)) results.push(result);
    expect(results.length).toBeGreaterThan(20);
    await clock.ended;
    expect(ended).toBe(true);

    // Read the moment the run is over: the lines after its last commit are there too.
    const pair = { symbol: "BTCUSDT", strategyName: "swing" };
    const journal = backend.name === "redis" ? await (storage as RedisLiveStorage).readJournal(pair) : readFileSync(join(dir, "journal", "BTCUSDT_swing.jsonl"));
    const ticks = parseJournal(journal).flatMap((entry) => (entry.type === "input" && entry.input.kind === "tick" ? [entry.input.time] : []));
    expect(ticks.at(-1)).toBe(DAY_END);
    expect(ticks.every((time, i) => i === 0 || time === ticks[i - 1]! + 60_000)).toBe(true);
    expect(replayJournal(journal).inputsByKind.tick).toBe(ticks.length);

    // The instance is over (not parked): the same pair may run again, and ends at once too.
    const again = [];
    for await (const result of engine.Live.run("BTCUSDT", LIVE_TARGET)) again.push(result);
    expect(again).toEqual([]);
  });
});
