import { describe, expect, it } from "vitest";
import { createEngine } from "./create-engine.js";
import { collect, engineWithData, fileExchange } from "./engine.fixture.js";

const noSignal = () => null;

const errorOf = (action: () => unknown): string => {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

describe("registration", () => {
  it("names the field and the value of a wrong type", () => {
    const engine = createEngine();
    expect(errorOf(() => engine.addStrategy({ strategyName: 5, interval: "1h", getSignal: noSignal } as never))).toBe(
      "addStrategy: strategyName = 5: Invalid input: expected string, received number",
    );
    expect(errorOf(() => engine.addStrategy({ strategyName: "s", interval: "2h", getSignal: noSignal } as never))).toMatch(
      /^addStrategy: interval = "2h": .*"1m".*"1h"/,
    );
    expect(errorOf(() => engine.addStrategy({ strategyName: "s", interval: "1h", getSignal: "nope" } as never))).toMatch(/^addStrategy: getSignal = "nope": must be a function/);
    expect(errorOf(() => engine.addStrategy({ strategyName: "s", interval: "1h", getSignal: noSignal, callbacks: { onOpn: () => 1 } } as never))).toMatch(
      /callbacks\.onOpn = .*: is not a callback \(known: onTick, onOpen/,
    );
    expect(errorOf(() => engine.addExchange({ exchangeName: "x" } as never))).toMatch(/^addExchange: getCandles = undefined: must be a function/);
    expect(errorOf(() => engine.addFrame({ frameName: "f", startDate: "yesterday", endDate: "2025-01-01" }))).toMatch(/^addFrame: startDate = "yesterday": must be a valid date/);
    expect(errorOf(() => engine.addFrame({ frameName: "f", startDate: "2025-02-01", endDate: "2025-01-01" }))).toMatch(/^addFrame: endDate = .*: must not be before startDate/);
    expect(errorOf(() => engine.addRisk({ riskName: "r", maxConcurrentPositions: 0 }))).toMatch(/^addRisk: maxConcurrentPositions = 0: /);
    expect(errorOf(() => engine.addStrategy({ strategyName: "s", interval: "1h", getSignal: noSignal, intervall: "1h" } as never))).toMatch(/intervall/);
    expect(errorOf(() => engine.addStrategy({ strategyName: "a:b", interval: "1h", getSignal: noSignal }))).toBe(
      "addStrategy: strategyName = \"a:b\": must not contain ':' (risk slots are keyed strategyName:symbol)",
    );
  });

  it("refuses a duplicate name and lists what is registered", () => {
    const engine = createEngine();
    engine.addStrategy({ strategyName: "alpha", interval: "1h", getSignal: noSignal });
    expect(errorOf(() => engine.addStrategy({ strategyName: "alpha", interval: "5m", getSignal: noSignal }))).toBe(
      'addStrategy: strategyName = "alpha": is already registered (registered: "alpha")',
    );
  });

  it("refuses a reference to something unregistered, listing what is", () => {
    const engine = createEngine();
    engine.addRisk({ riskName: "desk" });
    expect(errorOf(() => engine.addStrategy({ strategyName: "s", interval: "1h", getSignal: noSignal, riskName: "firm", riskList: ["desk", "desk"] }))).toBe(
      'addStrategy: riskName = "firm": is not a registered risk (registered: "desk"); riskList.1 = "desk": appears twice',
    );
    expect(errorOf(() => engine.addWalker({ walkerName: "w", exchangeName: "nowhere", frameName: "f", strategies: ["s"] }))).toBe(
      'addWalker: exchangeName = "nowhere": is not a registered exchange (none is registered); frameName = "f": is not a registered frame (none is registered); strategies.0 = "s": is not a registered strategy (none is registered)',
    );
    expect(engine.list()).toEqual({ strategies: [], exchanges: [], frames: [], risks: ["desk"], walkers: [] });
  });

  it("refuses a run that names unknown parts, naming every one", async () => {
    const engine = engineWithData();
    engine.addStrategy({ strategyName: "alpha", interval: "1h", getSignal: noSignal });
    await expect(collect(engine.Backtest.run("BTCUSDT", { strategyName: "beta", exchangeName: "binance-file", frameName: "week" }))).rejects.toThrow(
      'Backtest.run: strategyName = "beta": is not a registered strategy (registered: "alpha"); frameName = "week": is not a registered frame (registered: "two-weeks")',
    );
  });

  it("refuses a frame wholly outside the data, naming the frame and the data's range", async () => {
    const engine = createEngine();
    engine.addExchange(fileExchange);
    engine.addFrame({ frameName: "2019", startDate: "2019-01-01T00:00:00Z", endDate: "2019-01-31T00:00:00Z" });
    engine.addStrategy({ strategyName: "alpha", interval: "1h", getSignal: noSignal });
    await expect(collect(engine.Backtest.run("BTCUSDT", { strategyName: "alpha", exchangeName: "binance-file", frameName: "2019" }))).rejects.toThrow(
      /frameName = "2019": covers 2019-01-01T00:00:00\.000Z … 2019-01-31T00:00:00\.000Z, where binance-file has no BTCUSDT candles/,
    );
  });
});

describe("setConfig", () => {
  it("takes our names and backtest-kit's CC_ names alike", () => {
    const engine = createEngine();
    engine.setConfig({ CC_PERCENT_FEE: 0.05, avgPriceCandles: 3 });
    expect(engine.getConfig()).toMatchObject({ percentFee: 0.05, avgPriceCandles: 3, percentSlippage: 0.1 });
  });

  it("lists every problem and changes nothing on error", () => {
    const engine = createEngine();
    engine.setConfig({ percentFee: 0.05 });
    const before = engine.getConfig();
    const message = errorOf(() => engine.setConfig({ CC_PERCENT_FEEE: 1, avgPriceCandles: 0 }));
    expect(message).toMatch(/CC_PERCENT_FEEE = 1: is not a known backtest-kit setting/);
    expect(message).toMatch(/avgPriceCandles = 0/);
    expect(engine.getConfig()).toBe(before);
  });
});

describe("two engines in one process", () => {
  it("share no registration, config, bus or run", async () => {
    const a = engineWithData();
    const b = engineWithData();
    a.addStrategy({ strategyName: "same-name", interval: "1h", getSignal: (_s, _w, price) => ({ position: "long", priceTakeProfit: price * 1.01, priceStopLoss: price * 0.99, minuteEstimatedTime: 60 }) });
    b.addStrategy({ strategyName: "same-name", interval: "1h", getSignal: noSignal });
    b.setConfig({ percentFee: 0 });
    const seenByB: unknown[] = [];
    b.listenSignal((event) => void seenByB.push(event));
    const results = await collect(a.Backtest.run("BTCUSDT", { strategyName: "same-name", exchangeName: "binance-file", frameName: "two-weeks" }));
    await a.bus.drain();
    await b.bus.drain();
    expect(results.length).toBeGreaterThan(10);
    expect(seenByB).toEqual([]);
    expect(a.getConfig().percentFee).toBe(0.1);
  });
});
