import type { SignalEvent } from "@tickfold/core";
import { describe, expect, it } from "vitest";
import { collect, engineWithData, fileExchange } from "./engine.fixture.js";

/** Every hour a long (or short) bracket of ±1 % for up to 6 hours. */
const bracket = (position: "long" | "short") => (_symbol: string, _when: Date, price: number) => ({
  position,
  priceTakeProfit: position === "long" ? price * 1.01 : price * 0.99,
  priceStopLoss: position === "long" ? price * 0.99 : price * 1.01,
  minuteEstimatedTime: 360,
});

type Opened = Extract<SignalEvent, { action: "opened" }>;
type Closed = Extract<SignalEvent, { action: "closed" }>;

/** The largest number of positions open at one moment, from the opened and closed events. */
const mostOpenAtOnce = (events: ReadonlyArray<SignalEvent>): number => {
  const edges = events.flatMap((e): Array<[number, number]> =>
    e.action === "opened" ? [[(e as Opened).timestamp, +1]] : e.action === "closed" ? [[(e as Closed).closeTimestamp, -1]] : [],
  );
  // A slot freed at t is free for a signal opening at t: closes first on equal times.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, delta] of edges) most = Math.max(most, (open += delta));
  return most;
};

const portfolioEngine = () => {
  const engine = engineWithData();
  // A second symbol: the same real candles under another name, so both markets move at once.
  engine.addExchange({ ...fileExchange, exchangeName: "two-symbols", getCandleSeries: (_symbol, from, to) => fileExchange.getCandleSeries!("BTCUSDT", from, to) });
  engine.addRisk({ riskName: "one-at-a-time", maxConcurrentPositions: 1 });
  engine.addStrategy({ strategyName: "longs", interval: "1h", getSignal: bracket("long"), riskName: "one-at-a-time" });
  engine.addStrategy({ strategyName: "shorts", interval: "1h", getSignal: bracket("short"), riskName: "one-at-a-time" });
  engine.addStrategy({ strategyName: "free-longs", interval: "1h", getSignal: bracket("long") });
  engine.addStrategy({ strategyName: "free-shorts", interval: "1h", getSignal: bracket("short") });
  return engine;
};
const market = { exchangeName: "two-symbols", frameName: "two-weeks" };

describe("Backtest.runPortfolio", () => {
  it("holds a shared maxConcurrentPositions at every moment across symbols and strategies", async () => {
    const engine = portfolioEngine();
    const rejections: string[] = [];
    engine.listenRisk((event) => void rejections.push(`${event.symbol}/${event.strategyName}`));
    const results = await collect(
      engine.Backtest.runPortfolio(
        [
          { symbol: "BTCUSDT", strategyName: "longs" },
          { symbol: "ETHUSDT", strategyName: "shorts" },
        ],
        market,
      ),
    );
    await engine.bus.drain();
    expect(results.filter((r) => r.action === "opened").length).toBeGreaterThan(20);
    expect(mostOpenAtOnce(results)).toBe(1);
    expect(new Set(rejections)).toEqual(new Set(["BTCUSDT/longs", "ETHUSDT/shorts"]));

    // Without the shared profile the same strategies overlap: the limit is what kept them apart.
    const free = await collect(
      engine.Backtest.runPortfolio(
        [
          { symbol: "BTCUSDT", strategyName: "free-longs" },
          { symbol: "ETHUSDT", strategyName: "free-shorts" },
        ],
        market,
      ),
    );
    expect(mostOpenAtOnce(free)).toBe(2);
  });

  it("is deterministic: the same portfolio gives the same results, byte for byte", async () => {
    const members = [
      { symbol: "BTCUSDT", strategyName: "longs" },
      { symbol: "ETHUSDT", strategyName: "shorts" },
    ];
    const first = JSON.stringify(await collect(portfolioEngine().Backtest.runPortfolio(members, market)));
    const second = JSON.stringify(await collect(portfolioEngine().Backtest.runPortfolio(members, market)));
    expect(second).toBe(first);
  });

  it("keeps check-and-reserve atomic when separate backtests share a profile concurrently", async () => {
    const engine = portfolioEngine();
    const seenCounts: number[] = [];
    engine.addRisk({
      riskName: "watched",
      maxConcurrentPositions: 1,
      validations: [
        async (payload) => {
          seenCounts.push(payload.activePositionCount);
          // Validations that take a while let the two runs interleave at every check.
          await new Promise((resolve) => setTimeout(resolve, 0));
        },
      ],
    });
    engine.addStrategy({ strategyName: "watched-longs", interval: "1h", getSignal: bracket("long"), riskName: "watched" });
    engine.addStrategy({ strategyName: "watched-shorts", interval: "1h", getSignal: bracket("short"), riskName: "watched" });
    const held: number[] = [];
    engine.listenSignal((event) => void (event.action === "opened" && held.push(1)));
    await Promise.all([
      collect(engine.Backtest.run("BTCUSDT", { strategyName: "watched-longs", ...market })),
      collect(engine.Backtest.run("ETHUSDT", { strategyName: "watched-shorts", ...market })),
    ]);
    expect(seenCounts.length).toBeGreaterThan(40);
    // The built-in limit is checked with the reservation in one step: the book never held two.
    expect(Math.max(...seenCounts)).toBeLessThanOrEqual(1);
  });
});
