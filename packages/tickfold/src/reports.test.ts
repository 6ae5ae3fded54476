import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { indexAtOrAfter, runBacktestSync, type CandleSeries } from "@tickfold/core";
import { addTradeStats, backtestStatistics, emptyBacktestStats, walkerStatistics } from "@tickfold/core/report";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, engineWithData, fileExchange, momentum, TWO_WEEKS } from "./engine.fixture.js";

let series: CandleSeries;
let closeAt: (time: number) => number;
const out = mkdtempSync(join(tmpdir(), "tickfold-dump-"));
beforeAll(async () => {
  series = await fileExchange.getCandleSeries!("BTCUSDT", 0, Number.POSITIVE_INFINITY);
  closeAt = (time) => series.close[indexAtOrAfter(series, time)] ?? Number.NaN;
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const target = { strategyName: "momentum", exchangeName: "binance-file", frameName: "two-weeks" };

describe("Backtest reports", () => {
  it("getData gives the statistics of every closed signal of the run, as the pure fold computes them", async () => {
    const engine = engineWithData();
    const strategy = momentum((t) => closeAt(t));
    engine.addStrategy({ strategyName: "momentum", interval: "1h", getSignal: (symbol, when, price) => strategy(symbol, when.getTime(), price) });
    await collect(engine.Backtest.run("BTCUSDT", target));
    const data = engine.Backtest.getData("BTCUSDT", "momentum");

    const reference = runBacktestSync(series, { symbol: "BTCUSDT", strategyName: "momentum", exchangeName: "binance-file", interval: "1h", frame: TWO_WEEKS, getSignal: strategy });
    const folded = emptyBacktestStats({ percentFee: 0.1, percentSlippage: 0.1, eventLimit: 250 });
    for (const effect of reference.emitted) addTradeStats(folded, effect);
    const expected = backtestStatistics(folded, { startTime: Date.parse(TWO_WEEKS.startDate), endTime: Date.parse(TWO_WEEKS.endDate) });
    expect(data).toEqual(expected);
    expect(data.totalSignals).toBe(reference.emitted.filter((e) => e.topic === "signal" && e.event.action === "closed").length);
    expect(engine.Backtest.getTrades("BTCUSDT", "momentum")).toHaveLength(data.totalSignals);
    expect(engine.Backtest.getReport("BTCUSDT", "momentum")).toMatch(/^# Backtest Report: momentum/);
    expect(engine.Partial.getData("BTCUSDT", "momentum").totalProfit).toBeGreaterThan(0);
    expect(engine.Schedule.getData("BTCUSDT", "momentum").totalScheduled).toBe(0);
  });

  it("names what is wrong with a report request", async () => {
    const engine = engineWithData();
    engine.addStrategy({ strategyName: "momentum", interval: "1h", getSignal: () => null });
    expect(() => engine.Backtest.getData("BTCUSDT", "other")).toThrow('Backtest.getData: strategyName = "other": is not a registered strategy (registered: "momentum")');
    expect(() => engine.Backtest.getData("BTCUSDT", "momentum")).toThrow('Backtest.getData: symbol = "BTCUSDT": has no backtest of "momentum" yet (run Backtest.run first)');
  });

  it("dump writes the markdown report and a self-contained HTML page", async () => {
    const engine = engineWithData();
    const strategy = momentum((t) => closeAt(t));
    engine.addStrategy({ strategyName: "momentum", interval: "1h", getSignal: (symbol, when, price) => strategy(symbol, when.getTime(), price) });
    await collect(engine.Backtest.run("BTCUSDT", target));
    const paths = engine.Backtest.dump("BTCUSDT", "momentum", join(out, "backtest"));
    expect(paths.map((p) => p.slice(out.length))).toEqual(["/backtest/momentum.md", "/backtest/momentum.html"]);
    expect(readFileSync(paths[0]!, "utf8")).toBe(engine.Backtest.getReport("BTCUSDT", "momentum"));
    const html = readFileSync(paths[1]!, "utf8");
    expect(html).toContain("TradingView Lightweight Charts");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)/); // nothing to fetch
    expect(engine.Partial.dump("BTCUSDT", "momentum", join(out, "partial"))[0]).toMatch(/partial\/BTCUSDT_momentum\.md$/);
  });
});

describe("Walker", () => {
  const walkerEngine = () => {
    const engine = engineWithData();
    let loads = 0;
    engine.addExchange({
      ...fileExchange,
      exchangeName: "counted",
      getCandleSeries: (symbol, from, to) => {
        loads++;
        return fileExchange.getCandleSeries!(symbol, from, to);
      },
    });
    const trend = (factor: number) => {
      const strategy = momentum((t) => closeAt(t));
      return (symbol: string, when: Date, price: number) => {
        const signal = strategy(symbol, when.getTime(), price) as { position: "long" | "short" } | null;
        if (signal === null) return null;
        const long = signal.position === "long";
        return { ...signal, priceTakeProfit: price * (long ? 1 + factor : 1 - factor), priceStopLoss: price * (long ? 1 - factor : 1 + factor) };
      };
    };
    engine.addStrategy({ strategyName: "tight", interval: "1h", getSignal: trend(0.006) });
    engine.addStrategy({ strategyName: "wide", interval: "1h", getSignal: trend(0.02) });
    engine.addStrategy({ strategyName: "broken", interval: "1h", getSignal: () => null, callbacks: { onTick: () => undefined } });
    engine.addStrategy({ strategyName: "flat", interval: "1h", getSignal: () => null });
    return { engine, loads: () => loads };
  };

  it("ranks the strategies by the metric, publishes its events in order, and loads the candles once", async () => {
    const { engine, loads } = walkerEngine();
    engine.addWalker({ walkerName: "compare", exchangeName: "counted", frameName: "two-weeks", strategies: ["tight", "wide", "flat"], metric: "totalPnl" });
    const topics: string[] = [];
    engine.listenWalker((e) => void topics.push(`walker ${e.strategyName}`));
    engine.listenWalkerProgress((e) => void topics.push(`progress ${e.processedStrategies}/${e.totalStrategies}`));
    engine.listenWalkerComplete((e) => void topics.push(`complete ${e.bestStrategy}`));
    engine.listenDoneWalker((e) => void topics.push(`done ${e.walkerName}`));
    const events = await collect(engine.Walker.run("BTCUSDT", { walkerName: "compare" }));
    await engine.bus.drain();

    expect(events.map((e) => e.strategyName)).toEqual(["tight", "wide", "flat"]);
    expect(loads()).toBe(1);
    const ranking = engine.Walker.getData("BTCUSDT", "compare");
    const pnl = (name: string) => engine.Backtest.getData("BTCUSDT", name).totalPnl;
    const valued = ["tight", "wide"].sort((a, b) => pnl(b)! - pnl(a)!);
    expect(ranking.ranking.map((row) => row.strategyName)).toEqual([...valued, "flat"]); // no trades: no value, last
    expect(ranking.bestStrategy).toBe(valued[0]);
    expect(events.at(-1)!.bestStrategy).toBe(valued[0]);
    expect(topics.filter((t) => t.startsWith("walker"))).toEqual(["walker tight", "walker wide", "walker flat"]);
    expect(topics.filter((t) => t.startsWith("progress"))).toEqual(["progress 1/3", "progress 2/3", "progress 3/3"]);
    expect(topics.slice(-2)).toEqual([`complete ${valued[0]}`, "done compare"]);
    expect(walkerStatistics).toBeTypeOf("function");
    const [md, html] = engine.Walker.dump("BTCUSDT", "compare", join(out, "walker"));
    expect(readFileSync(md!, "utf8")).toContain("compare");
    expect(readFileSync(html!, "utf8")).toContain("equity-chart");
  });

  it("skips and reports a strategy that fails, and stops before the next strategy", async () => {
    const { engine } = walkerEngine();
    engine.addFrame({ frameName: "nowhere", startDate: "2019-01-01T00:00:00Z", endDate: "2019-01-02T00:00:00Z" });
    engine.addWalker({ walkerName: "with-failure", exchangeName: "counted", frameName: "two-weeks", strategies: ["flat", "tight", "wide"] });
    const errors: string[] = [];
    engine.listenError((e) => void errors.push(e.message));
    // "tight" is already running on BTCUSDT, so the walker's backtest of it fails and is skipped.
    const holder = engine.Backtest.run("BTCUSDT", { strategyName: "tight", exchangeName: "counted", frameName: "two-weeks" });
    await holder.next();
    const events = await collect(engine.Walker.run("BTCUSDT", { walkerName: "with-failure" }));
    await holder.return(undefined);
    await engine.bus.drain();
    expect(events.map((e) => e.strategyName)).toEqual(["flat", "wide"]);
    expect(errors).toEqual([expect.stringMatching(/^Walker with-failure: strategy tight failed on BTCUSDT and is skipped: .*already running/)]);

    engine.addWalker({ walkerName: "stopped", exchangeName: "counted", frameName: "two-weeks", strategies: ["flat", "tight", "wide"] });
    const walk = engine.Walker.run("BTCUSDT", { walkerName: "stopped" });
    const first = await walk.next();
    engine.Walker.stop("BTCUSDT", "stopped");
    const rest = await collect(walk);
    expect([first.value, ...rest].map((e) => e && e.strategyName)).toEqual(["flat"]);
  });
});
