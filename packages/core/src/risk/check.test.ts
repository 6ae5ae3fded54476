import { afterEach, describe, expect, it, vi } from "vitest";
import { NO_EFFECTS } from "../effects.js";
import { checkRisk, riskEventId } from "./check.js";
import { check, live, MIN, signal, T0 } from "./signals.fixture.js";
import { riskState, type RiskState } from "./state.js";
import { reserveRiskSlot } from "./book.js";

const holding = (...rows: ReturnType<typeof signal>[]): RiskState =>
  rows.reduce((state, row) => reserveRiskSlot(state, row, T0), riskState());

const eth = signal({ id: "eth-1", symbol: "ETHUSDT" });
const sol = signal({ id: "sol-1", symbol: "SOLUSDT", strategyName: "mean-revert" });

describe("checkRisk: the built-in maxConcurrentPositions", () => {
  it("refuses when the limit is reached and emits one risk event naming the profile and the reason", () => {
    const request = check(signal(), { price: 101, time: T0 + 3 * MIN });
    const verdict = checkRisk(holding(eth), request, live({ maxConcurrentPositions: 1 }), []);
    expect(verdict.allowed).toBe(false);
    expect(verdict.effects).toHaveLength(1);
    expect(verdict.effects[0]).toMatchObject({
      type: "emit",
      topic: "risk",
      event: {
        riskName: "portfolio",
        symbol: "BTCUSDT",
        strategyName: "trend",
        exchangeName: "binance",
        currentPrice: 101,
        activePositionCount: 1,
        comment: "maxConcurrentPositions = 1 reached: 1 position is already open in this profile",
        backtest: false,
      },
    });
  });

  it("allows below the limit and reports nothing", () => {
    const verdict = checkRisk(holding(eth), check(signal()), live({ maxConcurrentPositions: 2 }), []);
    expect(verdict).toEqual({ allowed: true, effects: NO_EFFECTS });
  });

  it("does not count the requester's own slot against the limit", () => {
    const own = signal({ id: "old" });
    const verdict = checkRisk(holding(own, eth), check(signal({ id: "new" })), live({ maxConcurrentPositions: 2 }), []);
    expect(verdict.allowed).toBe(true);
  });

  it("counts a slot of the same strategy on another symbol", () => {
    const verdict = checkRisk(holding(eth, sol), check(signal()), live({ maxConcurrentPositions: 2 }), []);
    expect(verdict.allowed).toBe(false);
  });

  it("has no limit when maxConcurrentPositions is absent", () => {
    expect(checkRisk(holding(eth, sol), check(signal()), live(), []).allowed).toBe(true);
  });
});

describe("checkRisk: user validations", () => {
  it("refuses with the validations' comments and emits one event", () => {
    const verdict = checkRisk(riskState(), check(signal()), live(), ["too volatile"]);
    expect(verdict.allowed).toBe(false);
    expect(verdict.effects).toHaveLength(1);
    expect(verdict.effects[0]).toMatchObject({ topic: "risk", event: { comment: "too volatile", activePositionCount: 0 } });
  });

  it("joins the built-in reason and the user reasons in one event", () => {
    const verdict = checkRisk(holding(eth), check(signal()), live({ maxConcurrentPositions: 1 }), ["too volatile"]);
    expect(verdict.effects).toHaveLength(1);
    expect(verdict.effects[0]).toMatchObject({
      event: { comment: "maxConcurrentPositions = 1 reached: 1 position is already open in this profile; too volatile" },
    });
  });

  it("does not change the book, even when the request asks to reserve", () => {
    const state = holding(eth);
    const before = [...state.positions.entries()];
    checkRisk(state, check(signal()), live(), []);
    checkRisk(state, check(signal()), live(), ["no"]);
    expect([...state.positions.entries()]).toEqual(before);
  });
});

describe("risk events", () => {
  afterEach(() => vi.useRealTimers());

  it("carry the simulated time of the request, never the wall clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2030, 5, 1));
    const time = T0 + 42 * MIN;
    const verdict = checkRisk(riskState(), check(signal(), { time }), live(), ["no"]);
    expect(verdict.effects[0]).toMatchObject({ event: { timestamp: time } });
  });

  it("have an id derived from profile, signal, stage and time, so a replay repeats it", () => {
    const request = check(signal(), { stage: "activation", time: T0 + MIN });
    const first = checkRisk(riskState(), request, live(), ["no"]);
    const again = checkRisk(riskState(), request, live(), ["no"]);
    expect(riskEventId("portfolio", request)).toBe(`portfolio:sig-1:activation:${T0 + MIN}`);
    expect(first.effects[0]).toMatchObject({ event: { id: `portfolio:sig-1:activation:${T0 + MIN}` } });
    expect(again).toEqual(first);
  });

  it("say whether they come from a backtest", () => {
    const verdict = checkRisk(riskState(), check(signal()), { riskName: "bt", backtest: true }, ["no"]);
    expect(verdict.effects[0]).toMatchObject({ event: { riskName: "bt", backtest: true } });
  });
});
