import { describe, expect, it } from "vitest";
import { runBacktest } from "../backtest/run.js";
import { bar, flat, long, market, minute, probe, T0 } from "../lifecycle/scenario.fixture.js";
import { MINUTE_MS } from "../model/candle.js";
import { createBacktestRiskGate, type BacktestRiskGate } from "./backtest-gate.js";
import { RiskProfileError } from "./params.js";
import type { RiskValidationPayload } from "./payload.js";
import { check, signal } from "./signals.fixture.js";

const risky = (gate: BacktestRiskGate) => ({ risk: gate, onEffect: gate.onEffect });
const riskStory = (gate: BacktestRiskGate) =>
  gate.emitted.map((e) => `${e.event.riskName}@${(e.event.timestamp - T0) / MINUTE_MS}: ${e.event.comment}`);

describe("createBacktestRiskGate with runBacktestSync", () => {
  it("refuses a proposal a validation rejects: nothing opens, the strategy is asked again in the same bucket, a risk event is emitted", () => {
    const gate = createBacktestRiskGate([
      {
        riskName: "portfolio",
        validations: [(p: RiskValidationPayload) => (p.timestamp === minute(1) ? { reject: "no entries in the first minute" } : undefined)],
      },
    ]);
    const { asked, story } = probe(flat(12, 100), () => long(101, 99), { interval: "5m", ...risky(gate) });
    expect(asked).toEqual([1, 2]);
    expect(story).toEqual(["opened@2"]);
    expect(riskStory(gate)).toEqual(["portfolio@1: no entries in the first minute"]);
    expect(gate.emitted[0]!.event).toMatchObject({ strategyName: "example", symbol: "TEST", backtest: true, currentPrice: 100 });
    expect([...gate.stateOf("portfolio").positions.keys()]).toEqual(["example:TEST"]);
  });

  it("cancels a scheduled signal whose activation is refused, with reason risk_reject", () => {
    const gate = createBacktestRiskGate([
      {
        riskName: "portfolio",
        validations: [
          {
            note: "entries only at the proposal minute",
            validate: (p: RiskValidationPayload) => {
              if (p.timestamp > p.signal.scheduledAt) throw new Error(`activation at ${p.currentPrice}`);
            },
          },
        ],
      },
    ]);
    const bars = [...flat(3, 100), bar(100, { low: 98.5, high: 101.5 }), ...flat(3, 100)];
    const { story } = probe(bars, (i) => (i === 1 ? long(101, 97, { priceOpen: 99 }) : null), risky(gate));
    expect(story).toEqual(["scheduled@1", "cancelled:risk_reject@3"]);
    expect(riskStory(gate)).toEqual(["portfolio@3: entries only at the proposal minute: activation at 99"]);
    expect(gate.emitted[0]!.event.id).toMatch(/^portfolio:.+:activation:\d+$/);
    expect(gate.stateOf("portfolio").positions.size).toBe(0);
  });

  it("counts a position another run still holds against maxConcurrentPositions of a shared profile", () => {
    const gate = createBacktestRiskGate([{ riskName: "portfolio", maxConcurrentPositions: 1 }]);
    const first = probe(flat(8, 100), (i) => (i === 1 ? long(101, 99) : null), { strategyName: "alpha", ...risky(gate) });
    const second = probe(flat(8, 100), () => long(101, 99), { strategyName: "beta", ...risky(gate) });
    expect(first.story).toEqual(["opened@1"]);
    expect(second.story).toEqual([]);
    expect(second.asked).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(riskStory(gate)[0]).toBe("portfolio@1: maxConcurrentPositions = 1 reached: 1 position is already open in this profile");
    expect(gate.emitted.map((e) => e.event.strategyName)).toEqual(Array(7).fill("beta"));
    expect([...gate.stateOf("portfolio").positions.keys()]).toEqual(["alpha:TEST"]);
  });

  it("gives the slot back when the lifecycle's releaseRisk effect reaches onEffect on close", () => {
    const gate = createBacktestRiskGate([{ riskName: "portfolio", maxConcurrentPositions: 1 }]);
    const bars = [...flat(5, 100), bar(101), ...flat(5, 100)];
    const first = probe(bars, (i) => (i === 1 ? long(101, 99) : null), { strategyName: "alpha", ...risky(gate) });
    expect(first.story).toEqual(["opened@1", "closed:take_profit@5"]);
    expect(gate.stateOf("portfolio").positions.size).toBe(0);
    const second = probe(bars, (i) => (i === 1 ? long(101, 99) : null), { strategyName: "beta", ...risky(gate) });
    expect(second.story).toEqual(["opened@1", "closed:take_profit@5"]);
    expect(gate.emitted).toEqual([]);
  });

  it("keeps the slot when onEffect is not wired, so the next run is refused", () => {
    const gate = createBacktestRiskGate([{ riskName: "portfolio", maxConcurrentPositions: 1 }]);
    const bars = [...flat(5, 100), bar(101), ...flat(5, 100)];
    probe(bars, (i) => (i === 1 ? long(101, 99) : null), { strategyName: "alpha", risk: gate });
    const second = probe(bars, (i) => (i === 1 ? long(101, 99) : null), { strategyName: "beta", risk: gate });
    expect(second.story).toEqual([]);
  });

  it("merges profiles: one refusing profile refuses, reports alone, and the other reserves nothing", () => {
    const gate = createBacktestRiskGate([
      { riskName: "desk" },
      { riskName: "firm", validations: [(p: RiskValidationPayload) => (p.timestamp === minute(1) ? { reject: "firm closed" } : undefined)] },
    ]);
    const { story } = probe(flat(6, 100), (i) => (i === 1 ? long(101, 99) : null), risky(gate));
    expect(story).toEqual([]);
    expect(riskStory(gate)).toEqual(["firm@1: firm closed"]);
    expect(gate.stateOf("desk").positions.size).toBe(0);
  });

  it("forwards its risk events to options.onEffect", () => {
    const seen: string[] = [];
    const gate = createBacktestRiskGate([{ riskName: "portfolio", validations: [() => ({ reject: "never" })] }], {
      onEffect: (e) => void seen.push(e.type === "emit" ? `${e.topic}:${e.event.id}` : e.type),
    });
    probe(flat(3, 100), () => long(101, 99), risky(gate));
    expect(seen).toEqual(gate.emitted.map((e) => `risk:${e.event.id}`));
    expect(seen).toHaveLength(2);
  });
});

describe("createBacktestRiskGate with runBacktest (async validations)", () => {
  it("awaits async validations and reaches the same outcome as the synchronous run", async () => {
    const gate = createBacktestRiskGate([
      {
        riskName: "portfolio",
        validations: [async (p: RiskValidationPayload) => (p.timestamp === minute(1) ? { reject: "later" } : undefined)],
      },
    ]);
    const asked: number[] = [];
    const result = await runBacktest(market(flat(12, 100)), {
      symbol: "TEST",
      strategyName: "example",
      interval: "5m",
      frame: { startDate: minute(1), endDate: minute(11) },
      config: { avgPriceCandles: 1 },
      getSignal: async (_symbol, when) => {
        asked.push((when - T0) / MINUTE_MS);
        return long(101, 99);
      },
      ...risky(gate),
    });
    expect(asked).toEqual([1, 2]);
    expect(result.emitted.map((e) => (e.topic === "signal" ? e.event.action : e.topic))).toEqual(["opened"]);
    expect(riskStory(gate)).toEqual(["portfolio@1: later"]);
  });
});

describe("createBacktestRiskGate under concurrent async checks", () => {
  it("lets validations see the count at validation time and re-checks the limit atomically at reservation", async () => {
    const seenCounts: number[] = [];
    const gate = createBacktestRiskGate([
      {
        riskName: "portfolio",
        maxConcurrentPositions: 1,
        validations: [async (p: RiskValidationPayload) => void seenCounts.push(p.activePositionCount)],
      },
    ]);
    const ask = (strategyName: string) => gate.answer({ type: "checkRisk", ...check(signal({ id: strategyName, strategyName })) });
    const verdicts = await Promise.all([ask("alpha"), ask("beta")]);
    expect(seenCounts).toEqual([0, 0]);
    expect(verdicts).toEqual([true, false]);
    expect(gate.emitted.map((e) => [e.event.strategyName, e.event.comment])).toEqual([
      ["beta", "maxConcurrentPositions = 1 reached: 1 position is already open in this profile"],
    ]);
    expect([...gate.stateOf("portfolio").positions.keys()]).toEqual(["alpha:BTCUSDT"]);
  });
});

describe("createBacktestRiskGate input errors", () => {
  it("names the field and value of a bad limit", () => {
    expect(() => createBacktestRiskGate([{ riskName: "portfolio", maxConcurrentPositions: 0 }])).toThrow(RiskProfileError);
    expect(() => createBacktestRiskGate([{ riskName: "portfolio", maxConcurrentPositions: 1.5 }])).toThrow(
      /^Invalid risk profile: 0\.maxConcurrentPositions = 1\.5: /,
    );
  });

  it("names a validation that is not a function", () => {
    expect(() => createBacktestRiskGate([{ riskName: "p", validations: [{ validate: "yes" } as never] }])).toThrow(
      'Invalid risk profile: 0.validations.0 = {"validate":"yes"}: must be a function or { validate: function, note?: string }',
    );
  });

  it("refuses two profiles with the same name", () => {
    expect(() => createBacktestRiskGate([{ riskName: "p" }, { riskName: "p" }])).toThrow(
      'Invalid risk profile: 1.riskName = "p": names a profile that is already declared',
    );
  });

  it("says which profiles it holds when asked for another", () => {
    const gate = createBacktestRiskGate([{ riskName: "desk" }, { riskName: "firm" }]);
    expect(() => gate.stateOf("fund")).toThrow('Risk gate: riskName = "fund" is not one of its profiles ("desk", "firm")');
  });
});
