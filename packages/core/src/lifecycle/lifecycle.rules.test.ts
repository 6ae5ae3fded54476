import { describe, expect, it } from "vitest";
import { bar, flat, long, minute, probe, short, signalEvents } from "./scenario.fixture.js";
import { DEFAULT_CONFIG } from "../model/config.js";

/** One example per rule of SPEC §1–§5, on candles where every price can be read off the list. */

describe("§1 clock, ticks and proposals", () => {
  it("asks only on the first idle tick of each aligned interval bucket, also when the answer is null", () => {
    const { asked } = probe(flat(60, 100), () => null, { interval: "15m" });
    expect(asked).toEqual([1, 15, 30, 45]);
  });

  it("uses up the bucket when the proposal fails validation", () => {
    const { asked, story } = probe(flat(40, 100), (i) => (i === 1 ? long(99, 98) : null), { interval: "15m" });
    expect(story[0]).toBe("rejected@1");
    expect(asked).toEqual([1, 15, 30]);
  });

  it("gives the bucket back when risk rejects, so the strategy is asked again at the next tick", () => {
    const { asked } = probe(flat(20, 100), () => long(101, 99), { interval: "15m", risk: { riskNames: ["desk"], answer: () => false } });
    expect(asked.slice(0, 4)).toEqual([1, 2, 3, 4]);
  });

  it("does not ask while a signal is open and resumes on the minute after the close", () => {
    const bars = [...flat(5, 100), bar(101), ...flat(5, 100)];
    const { asked, story } = probe(bars, (i) => (i === 1 ? long(101, 99) : null));
    expect(story).toEqual(["opened@1", "closed:take_profit@5"]);
    expect(asked).toEqual([1, 6, 7, 8, 9, 10]);
  });

  it("does not ask before there is a candle to price the tick with", () => {
    const { asked } = probe(flat(3, 100), () => null, { frame: { startDate: minute(0), endDate: minute(2) } });
    expect(asked).toEqual([1, 2]);
  });
});

describe("§2 the price at a tick and signal creation", () => {
  it("hands the strategy the VWAP of the N candles before the tick and opens a market proposal there", () => {
    const prices: number[] = [];
    const bars = [bar(100), bar(104), bar(200), ...flat(5, 103)];
    const { result } = probe(
      bars,
      (i, price) => {
        prices[i] = price;
        return i === 2 ? long(110, 95) : null;
      },
      { config: { avgPriceCandles: 2 } },
    );
    expect(prices[2]).toBe(102); // (100 + 104) / 2: the tick's own candle (200) is not looked at
    const opened = signalEvents(result)[0]!;
    expect(opened).toMatchObject({ action: "opened", currentPrice: 102, timestamp: minute(2) });
    expect(opened.signal).toMatchObject({ priceOpen: 102, scheduledAt: minute(2), pendingAt: minute(2) });
  });

  it("opens a limit proposal whose price is already reached at once, at its own priceOpen", () => {
    const { result } = probe(flat(10, 100), (i) => (i === 1 ? long(103, 99, { priceOpen: 101 }) : null));
    const opened = signalEvents(result)[0]!;
    expect(opened).toMatchObject({ action: "opened", currentPrice: 101 });
    expect(opened.signal).toMatchObject({ priceOpen: 101, scheduledAt: minute(1), pendingAt: minute(1) });
  });

  it("schedules a limit proposal whose price is not reached yet", () => {
    const { result } = probe(flat(10, 100), (i) => (i === 1 ? short(97, 103, { priceOpen: 101 }) : null));
    const scheduled = signalEvents(result)[0]!;
    expect(scheduled).toMatchObject({ action: "scheduled", currentPrice: 100, timestamp: minute(1) });
    expect(scheduled.signal).toMatchObject({ priceOpen: 101, scheduledAt: minute(1), pendingAt: 0 });
  });

  it("rejects an invalid proposal with every failing field and value, and opens nothing", () => {
    const { result, story } = probe(flat(5, 100), (i) => (i === 1 ? long(100.2, 70, { minuteEstimatedTime: 2000 }) : null));
    expect(story).toEqual(["rejected@1"]);
    const rejected = result.emitted[0]!;
    expect(rejected.topic).toBe("validation");
    if (rejected.topic !== "validation") return;
    expect(rejected.event.issues.map((i) => [i.field, i.value])).toEqual([
      ["priceTakeProfit", 100.2],
      ["priceStopLoss", 70],
      ["minuteEstimatedTime", 2000],
    ]);
    expect(rejected.event.message).toContain("priceStopLoss = 70");
  });

  it("rejects a proposal that reuses the id of the previous signal", () => {
    const bars = [...flat(3, 100), bar(101), ...flat(3, 100)];
    const { story } = probe(bars, (i) => (i === 1 || i === 4 ? long(101, 99, { id: "same" }) : null));
    expect(story).toEqual(["opened@1", "closed:take_profit@3", "rejected@4"]);
  });

  it("derives ids from strategy, symbol and time, and defaults the lifetime to maxSignalLifetimeMinutes", () => {
    const { minuteEstimatedTime: _omitted, ...proposal } = long(101, 99);
    const { result } = probe(flat(5, 100), (i) => (i === 1 ? proposal : null));
    expect(signalEvents(result)[0]!.signal).toMatchObject({ id: `example:TEST:${minute(1)}`, minuteEstimatedTime: 1440 });
  });
});

describe("§3 scheduled signals", () => {
  it("cancels by timeout exactly scheduleAwaitMinutes after scheduling", () => {
    const { story } = probe(flat(130, 100), (i) => (i === 1 ? long(101, 98, { priceOpen: 99 }) : null));
    expect(story).toEqual(["scheduled@1", "cancelled:timeout@121"]);
  });

  it("cancels (price_reject) when the first candle reaching priceOpen also reaches the stop loss", () => {
    const bars = [...flat(3, 100), bar(99.5, { low: 97, high: 101 }), ...flat(3, 100)];
    const { story, result } = probe(bars, (i) => (i === 1 ? long(100, 98, { priceOpen: 99 }) : null));
    expect(story).toEqual(["scheduled@1", "cancelled:price_reject@3"]);
    expect(signalEvents(result)[1]!.currentPrice).toBe(99.5); // VWAP of the cancel candle
  });

  it("opens at priceOpen on the activation candle and checks take profit only from the next candle", () => {
    const bars = [...flat(3, 100), bar(100.5, { low: 99, high: 101.5 }), ...flat(3, 100)];
    const { story, result } = probe(bars, (i) => (i === 1 ? long(100, 98, { priceOpen: 99 }) : null));
    // The activation candle's VWAP (100.5) is above TP and would reach every milestone: ignored.
    expect(story).toEqual(["scheduled@1", "opened@3", "closed:take_profit@4"]);
    expect(signalEvents(result)[1]).toMatchObject({ currentPrice: 99, signal: { pendingAt: minute(3), priceOpen: 99 } });
  });

  it("cancels what is still scheduled on the first candle after the frame", () => {
    const { story } = probe(flat(10, 100), (i) => (i === 1 ? long(101, 98, { priceOpen: 99 }) : null), { lastMinute: 5 });
    expect(story).toEqual(["scheduled@1", "cancelled:timeout@6"]);
  });
});

describe("§4 open positions", () => {
  it("checks a market position on the tick's own candle", () => {
    const bars = [bar(100), bar(100, { low: 99, high: 101 }), ...flat(3, 100)];
    const { story, result } = probe(bars, (i) => (i === 1 ? long(101, 99.5) : null));
    expect(story).toEqual(["opened@1", "closed:stop_loss@1"]);
    expect(signalEvents(result)[1]).toMatchObject({ currentPrice: 99.5, pnl: { priceClose: 99.5 } });
  });

  it("lets the stop loss win when one candle reaches both", () => {
    const bars = [...flat(3, 100), bar(101, { low: 99, high: 103 }), ...flat(3, 100)];
    const { story } = probe(bars, (i) => (i === 1 ? long(101, 99.5) : null));
    expect(story).toEqual(["opened@1", "closed:stop_loss@3"]);
  });

  it("lets expiry win over both, closing at the candle's VWAP", () => {
    const bars = [...flat(4, 100), bar(101, { low: 99, high: 103 }), ...flat(3, 100)];
    const { story, result } = probe(bars, (i) => (i === 1 ? long(101, 99.5, { minuteEstimatedTime: 3 }) : null));
    expect(story).toEqual(["opened@1", "closed:time_expired@4"]);
    expect(signalEvents(result)[1]!.currentPrice).toBe(101);
  });

  it("closes what is still open on the first candle after the frame, at its VWAP", () => {
    const bars = [...flat(6, 100), bar(100.25), ...flat(3, 100)];
    const { story, result } = probe(bars, (i) => (i === 1 ? long(103, 97) : null), { lastMinute: 5 });
    expect(story).toEqual(["opened@1", "closed:time_expired@6"]);
    expect(signalEvents(result)[1]!.currentPrice).toBe(100.25);
  });

  it("takes profit by VWAP, not by a wick, unless configured so", () => {
    const bars = [...flat(3, 100), bar(100.5, { low: 100, high: 101.5 }), ...flat(3, 100)];
    const lifecycleOnly = (story: string[]) => story.filter((line) => !line.startsWith("profit"));
    expect(lifecycleOnly(probe(bars, (i) => (i === 1 ? long(101, 99) : null), { lastMinute: 5 }).story)).toEqual(["opened@1", "closed:time_expired@6"]);
    expect(
      lifecycleOnly(probe(bars, (i) => (i === 1 ? long(101, 99) : null), { config: { avgPriceCandles: 1, takeProfitTrigger: "wick" } }).story),
    ).toEqual(["opened@1", "closed:take_profit@3"]);
  });

  /** SPEC §4's PnL formula, written out: entry o, exit x, slippage s %, fee f %. */
  const specPnlPercent = (position: "long" | "short", o: number, x: number, s: number, f: number): number => {
    if (position === "long") {
      const O = o * (1 + s / 100);
      const X = x * (1 - s / 100);
      return ((X - O) / O) * 100 - f * (1 + X / O);
    }
    const O = o * (1 - s / 100);
    const X = x * (1 + s / 100);
    return ((O - X) / O) * 100 - f * (1 + X / O);
  };

  it("computes PnL with slippage on both sides and the fee on entry and exit (SPEC §4)", () => {
    const costs = [
      { percentFee: DEFAULT_CONFIG.percentFee, percentSlippage: DEFAULT_CONFIG.percentSlippage, positionEntryCost: DEFAULT_CONFIG.positionEntryCost },
      { percentFee: 0.2, percentSlippage: 0.05, positionEntryCost: 250 },
    ];
    for (const config of costs) {
      const up = probe([...flat(3, 100), bar(101), bar(101)], (i) => (i === 1 ? long(101, 99) : null), { config: { avgPriceCandles: 1, ...config } });
      const down = probe([...flat(3, 100), bar(99), bar(99)], (i) => (i === 1 ? short(99, 101) : null), { config: { avgPriceCandles: 1, ...config } });
      for (const [run, position, exit] of [[up, "long", 101], [down, "short", 99]] as const) {
        const closed = signalEvents(run.result).find((e) => e.action === "closed");
        if (closed?.action !== "closed") throw new Error(`the ${position} did not close`);
        const expected = specPnlPercent(position, 100, exit, config.percentSlippage, config.percentFee);
        expect(closed).toMatchObject({ closeReason: "take_profit", pnl: { priceOpen: 100, priceClose: exit, pnlEntries: config.positionEntryCost } });
        expect(closed.pnl.pnlPercentage).toBeCloseTo(expected, 12);
        expect(closed.pnl.pnlCost).toBeCloseTo((expected / 100) * config.positionEntryCost, 12);
      }
    }
  });
});

describe("§5 partial milestones", () => {
  const bars = [...flat(2, 100), bar(101), bar(103.5), bar(102), bar(99), bar(104.2), ...flat(3, 100)];

  it("emits every level reached, ascending, once per signal and side", () => {
    const { story } = probe(bars, (i) => (i === 1 ? long(110, 90, { id: "m" }) : null), { lastMinute: 8 });
    expect(story).toEqual(["opened@1", "profit10@2", "profit20@3", "profit30@3", "loss10@5", "profit40@6", "closed:time_expired@9"]);
  });

  it("carries the candle time, the VWAP and a deterministic id", () => {
    const { result } = probe(bars, (i) => (i === 1 ? long(110, 90, { id: "m" }) : null), { lastMinute: 8 });
    const first = result.emitted.find((e) => e.topic === "partialProfit")!;
    expect(first.event).toMatchObject({ id: "m:profit:10", level: 10, currentPrice: 101, timestamp: minute(2) });
  });

  it("reports raw progress to the strategy callbacks on every candle when asked to", () => {
    const progress: string[] = [];
    probe(bars, (i) => (i === 1 ? long(110, 90) : null), {
      lastMinute: 8,
      progressCallbacks: true,
      onEffect: (e) => void (e.type === "callback" && progress.push(`${e.name}:${e.percent.toFixed(1)}`)),
    });
    expect(progress).toEqual([
      "onPartialProfit:10.0",
      "onPartialProfit:35.0",
      "onPartialProfit:20.0",
      "onPartialLoss:10.0",
      "onPartialProfit:42.0",
    ]);
  });
});
