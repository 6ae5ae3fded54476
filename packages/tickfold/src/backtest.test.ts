import { indexAtOrAfter, runBacktestSync, type CandleSeries, type SignalEvent } from "@tickfold/core";
import { beforeAll, describe, expect, it } from "vitest";
import { collect, engineWithData, fileExchange, momentum, TWO_WEEKS } from "./engine.fixture.js";

let series: CandleSeries;
let closeAt: (time: number) => number;
beforeAll(async () => {
  series = await fileExchange.getCandleSeries!("BTCUSDT", 0, Number.POSITIVE_INFINITY);
  closeAt = (time) => series.close[indexAtOrAfter(series, time)] ?? Number.NaN;
});

const target = { strategyName: "momentum", exchangeName: "binance-file", frameName: "two-weeks" };

describe("Backtest.run", () => {
  it("gives exactly the events of the core fold, on the bus and as results, and then doneBacktest", async () => {
    const engine = engineWithData();
    const strategy = momentum((t) => closeAt(t));
    engine.addStrategy({ strategyName: "momentum", interval: "1h", getSignal: (symbol, when, price) => strategy(symbol, when.getTime(), price) });
    const onBus: Array<{ topic: string; id: string }> = [];
    const order: string[] = [];
    engine.listenSignal(async (event) => {
      // A slow subscriber: doneBacktest must still come after every one of its deliveries.
      await new Promise((resolve) => setTimeout(resolve, 0));
      onBus.push({ topic: "signal", id: "id" in event ? event.id : event.action });
      order.push("signal");
    });
    engine.listenPartialProfit((event) => void onBus.push({ topic: "partialProfit", id: event.id }));
    engine.listenPartialLoss((event) => void onBus.push({ topic: "partialLoss", id: event.id }));
    engine.listenDoneBacktest(() => void order.push("done"));

    const results = await collect(engine.Backtest.run("BTCUSDT", target));
    await engine.bus.drain();

    const reference = runBacktestSync(series, { symbol: "BTCUSDT", strategyName: "momentum", exchangeName: "binance-file", interval: "1h", frame: TWO_WEEKS, getSignal: strategy });
    const referenceSignals = reference.emitted.flatMap((e) => (e.topic === "signal" ? [e.event] : []));
    expect(referenceSignals.length).toBeGreaterThan(50);
    expect(results).toEqual(referenceSignals);
    // Each subscriber gets its topic in order (topics are delivered independently of each other).
    for (const topic of ["partialProfit", "partialLoss"] as const) {
      const expected = reference.emitted.flatMap((e) => (e.topic === topic ? [{ topic, id: e.event.id }] : []));
      expect(expected.length).toBeGreaterThan(10);
      expect(onBus.filter((e) => e.topic === topic)).toEqual(expected);
    }
    expect(order.at(-1)).toBe("done");
    expect(order.filter((o) => o === "signal")).toHaveLength(referenceSignals.length);
  });

  it("reports progress a bounded number of times, ending at 1", async () => {
    const engine = engineWithData();
    engine.addStrategy({ strategyName: "momentum", interval: "1h", getSignal: () => null });
    const progress: number[] = [];
    engine.listenBacktestProgress((event) => void progress.push(event.progress));
    await collect(engine.Backtest.run("BTCUSDT", target));
    await engine.bus.drain();
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.length).toBeLessThanOrEqual(102);
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it("reports a getSignal that throws with the strategy, symbol and tick time, and goes on (the bucket counts as asked)", async () => {
    const engine = engineWithData();
    const asked: number[] = [];
    engine.addStrategy({
      strategyName: "momentum",
      interval: "1h",
      getSignal: (_symbol, when) => {
        asked.push(when.getTime());
        if (asked.length === 2) throw new Error("indicator not ready");
        return null;
      },
    });
    const errors: string[] = [];
    engine.listenError((event) => void errors.push(event.message));
    await collect(engine.Backtest.run("BTCUSDT", target));
    await engine.bus.drain();
    expect(errors).toEqual([`getSignal failed for momentum on BTCUSDT at ${new Date(asked[1]!).toISOString()}: indicator not ready`]);
    // One ask per hour bucket, the failed one included: the run went on and did not ask again in that hour.
    expect(asked[2]! - asked[1]!).toBe(3_600_000);
    expect(asked.length).toBeGreaterThan(300);
  });

  it("reports an async getSignal that takes longer than maxSignalGenerationSeconds and goes on", async () => {
    const engine = engineWithData();
    engine.setConfig({ CC_MAX_SIGNAL_GENERATION_SECONDS: 0.05 });
    let calls = 0;
    engine.addStrategy({
      strategyName: "momentum",
      interval: "1h",
      getSignal: async () => {
        calls++;
        if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 1_000));
        return null;
      },
    });
    const errors: string[] = [];
    engine.listenError((event) => void errors.push(event.message));
    await collect(engine.Backtest.run("BTCUSDT", target));
    await engine.bus.drain();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/getSignal failed for momentum on BTCUSDT at 2025-03-01T00:00:00\.000Z: getSignal took longer than maxSignalGenerationSeconds = 0\.05/);
    expect(calls).toBeGreaterThan(300);
  });

  it("ends with an explicit active result when the data runs out while a position is open", async () => {
    const engine = engineWithData();
    engine.addFrame({ frameName: "past-the-data", startDate: "2025-11-30T20:00:00Z", endDate: "2025-12-31T00:00:00Z" });
    let opened = false;
    engine.addStrategy({
      strategyName: "hold",
      interval: "1m",
      getSignal: (_symbol, _when, price) => {
        if (opened) return null;
        opened = true;
        return { position: "long", priceTakeProfit: price * 1.5, priceStopLoss: price * 0.8, minuteEstimatedTime: 1440 };
      },
    });
    const results = await collect(engine.Backtest.run("BTCUSDT", { strategyName: "hold", exchangeName: "binance-file", frameName: "past-the-data" }));
    expect(results.map((r) => r.action)).toEqual(["opened", "active"]);
    const last = results.at(-1) as Extract<SignalEvent, { action: "active" }>;
    expect(last.timestamp).toBe(Date.parse("2025-11-30T23:59:00Z"));
    expect(last.signal.id).toBe(results[0]!.signal!.id);
    expect(last.percentTp + last.percentSl).toBeGreaterThanOrEqual(0);
  });

  it("calls the strategy callbacks in order with the seed signatures, and a throwing callback is reported, never fatal", async () => {
    const engine = engineWithData();
    const strategy = momentum((t) => closeAt(t));
    const calls: string[] = [];
    engine.addStrategy({
      strategyName: "momentum",
      interval: "1h",
      getSignal: (symbol, when, price) => strategy(symbol, when.getTime(), price),
      callbacks: {
        onOpen: (symbol, signal, priceOpen, backtest) => void calls.push(`open ${symbol} ${signal.id} ${priceOpen === signal.priceOpen} ${backtest}`),
        onClose: (_symbol, signal) => {
          calls.push(`close ${signal.id}`);
          throw new Error("callback bug");
        },
        onTick: (_symbol, result) => void calls.push(`tick ${result.action}`),
      },
    });
    const errors: string[] = [];
    engine.listenError((event) => void errors.push(event.message));
    const results = await collect(engine.Backtest.run("BTCUSDT", target));
    await engine.bus.drain();
    const first = results[0]!;
    expect(calls.slice(0, 4)).toEqual([`open BTCUSDT ${first.signal!.id} true true`, "tick opened", `close ${first.signal!.id}`, "tick closed"]);
    const closes = results.filter((r) => r.action === "closed").length;
    expect(errors).toHaveLength(closes);
    expect(errors[0]).toMatch(/^callback onClose failed for momentum on BTCUSDT at .*: callback bug$/);
  });

  it("stops asking after Backtest.stop and watches the open position until it closes", async () => {
    const engine = engineWithData();
    const strategy = momentum((t) => closeAt(t));
    let asked = 0;
    engine.addStrategy({
      strategyName: "momentum",
      interval: "1h",
      getSignal: (symbol, when, price) => {
        asked++;
        if (asked === 20) engine.Backtest.stop("BTCUSDT", "momentum");
        return strategy(symbol, when.getTime(), price);
      },
    });
    const results = await collect(engine.Backtest.run("BTCUSDT", target));
    expect(asked).toBe(20);
    expect(results.at(-1)!.action).toMatch(/closed|cancelled/);
  });
});

describe("instances and background runs", () => {
  it("keeps one instance per symbol and strategy: a second run of the same pair is refused until the first ends", async () => {
    const engine = engineWithData();
    const strategy = momentum((t) => closeAt(t));
    engine.addStrategy({ strategyName: "momentum", interval: "1h", getSignal: (symbol, when, price) => strategy(symbol, when.getTime(), price) });
    const first = engine.Backtest.run("BTCUSDT", target);
    expect((await first.next()).done).toBe(false);
    await expect(collect(engine.Backtest.run("BTCUSDT", target))).rejects.toThrow(
      'Backtest.run: strategyName = "momentum": is already running on BTCUSDT; stop it (Backtest.stop) or let it finish first',
    );
    await collect(first);
    expect((await collect(engine.Backtest.run("BTCUSDT", target))).length).toBeGreaterThan(50);
    // Leaving a run early frees its instance too.
    const left = engine.Backtest.run("BTCUSDT", target);
    await left.next();
    await left.return(undefined);
    expect((await collect(engine.Backtest.run("BTCUSDT", target))).length).toBeGreaterThan(50);
  });

  it("runs in the background, reports doneBacktest, and the returned function stops it", async () => {
    const engine = engineWithData();
    const strategy = momentum((t) => closeAt(t));
    let asked = 0;
    engine.addStrategy({
      strategyName: "momentum",
      interval: "1h",
      getSignal: async (symbol, when, price) => {
        asked++;
        await new Promise((resolve) => setTimeout(resolve, 0));
        return strategy(symbol, when.getTime(), price);
      },
    });
    const done = new Promise((resolve) => engine.listenDoneBacktestOnce(() => true, resolve));
    const stop = engine.Backtest.background("BTCUSDT", target);
    while (asked < 5) await new Promise((resolve) => setTimeout(resolve, 1));
    stop();
    await expect(done).resolves.toMatchObject({ symbol: "BTCUSDT", strategyName: "momentum", backtest: true, frameName: "two-weeks" });
    expect(asked).toBeLessThan(30);
  });

  it("puts a background run's failure on the exit topic", async () => {
    const engine = engineWithData();
    const exits: string[] = [];
    engine.listenExit((event) => void exits.push(event.message));
    engine.Backtest.background("BTCUSDT", { ...target, strategyName: "missing" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await engine.bus.drain();
    expect(exits).toEqual(['Backtest.run: strategyName = "missing": is not a registered strategy (none is registered)']);
  });
});
