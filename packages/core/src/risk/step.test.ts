import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { decodeRiskPositions } from "../codec/risk-positions.js";
import { NO_EFFECTS } from "../effects.js";
import { backtest, live, MIN, signal, T0 } from "./signals.fixture.js";
import { riskState } from "./state.js";
import { stepRisk } from "./step.js";

const btc = signal();
const eth = signal({ id: "eth-1", symbol: "ETHUSDT" });

describe("stepRisk reserve", () => {
  it("takes the strategyName:symbol slot with the simulated time and persists the book in live mode", () => {
    const [state, effects] = stepRisk(riskState(), { kind: "reserve", signal: btc, time: T0 + MIN }, live());
    expect([...state.positions.keys()]).toEqual(["trend:BTCUSDT"]);
    expect(state.positions.get("trend:BTCUSDT")).toEqual({
      signalId: "sig-1",
      symbol: "BTCUSDT",
      strategyName: "trend",
      exchangeName: "binance",
      position: "long",
      priceOpen: 100,
      openedAt: T0 + MIN,
    });
    expect(effects).toEqual([
      { type: "persist", store: "risk", riskName: "portfolio", value: [["trend:BTCUSDT", state.positions.get("trend:BTCUSDT")]] },
    ]);
  });

  it("persists nothing in a backtest", () => {
    const [state, effects] = stepRisk(riskState(), { kind: "reserve", signal: btc, time: T0 }, backtest());
    expect(state.positions.size).toBe(1);
    expect(effects).toBe(NO_EFFECTS);
  });

  it("returns the same state and no effects when the slot is already held exactly so", () => {
    const [held] = stepRisk(riskState(), { kind: "reserve", signal: btc, time: T0 }, live());
    const [again, effects] = stepRisk(held, { kind: "reserve", signal: btc, time: T0 }, live());
    expect(again).toBe(held);
    expect(effects).toBe(NO_EFFECTS);
  });

  it("keeps one slot per strategy and symbol: a new signal replaces the old one's", () => {
    const [held] = stepRisk(riskState(), { kind: "reserve", signal: btc, time: T0 }, live());
    const [next] = stepRisk(held, { kind: "reserve", signal: signal({ id: "sig-2" }), time: T0 + MIN }, live());
    expect([...next.positions.values()].map((p) => p.signalId)).toEqual(["sig-2"]);
  });

  it("does not alter the state it was given", () => {
    const empty = riskState();
    stepRisk(empty, { kind: "reserve", signal: btc, time: T0 }, live());
    expect(empty.positions.size).toBe(0);
  });
});

describe("stepRisk release", () => {
  it("gives the slot back and persists the smaller book in live mode", () => {
    const [held] = stepRisk(riskState(), { kind: "reserve", signal: btc, time: T0 }, live());
    const [both] = stepRisk(held, { kind: "reserve", signal: eth, time: T0 }, live());
    const [state, effects] = stepRisk(both, { kind: "release", signal: btc }, live());
    expect([...state.positions.keys()]).toEqual(["trend:ETHUSDT"]);
    expect(effects).toEqual([
      { type: "persist", store: "risk", riskName: "portfolio", value: [["trend:ETHUSDT", both.positions.get("trend:ETHUSDT")]] },
    ]);
  });

  it("is a no-op returning the same state for a slot that is not held", () => {
    const [held] = stepRisk(riskState(), { kind: "reserve", signal: eth, time: T0 }, live());
    const [state, effects] = stepRisk(held, { kind: "release", signal: btc }, live());
    expect(state).toBe(held);
    expect(effects).toBe(NO_EFFECTS);
  });

  it("leaves a slot that a newer signal of the same strategy and symbol holds", () => {
    const [held] = stepRisk(riskState(), { kind: "reserve", signal: signal({ id: "sig-2" }), time: T0 }, live());
    const [state, effects] = stepRisk(held, { kind: "release", signal: btc }, live());
    expect(state).toBe(held);
    expect(effects).toBe(NO_EFFECTS);
  });

  it("persists nothing in a backtest", () => {
    const [held] = stepRisk(riskState(), { kind: "reserve", signal: btc, time: T0 }, backtest());
    const [state, effects] = stepRisk(held, { kind: "release", signal: btc }, backtest());
    expect(state.positions.size).toBe(0);
    expect(effects).toBe(NO_EFFECTS);
  });
});

describe("stepRisk reconcile (recovery)", () => {
  const restored = E.getOrElseW(() => {
    throw new Error("fixture must decode");
  })(
    decodeRiskPositions([
      ["trend:BTCUSDT", { signalId: "sig-1", symbol: "BTCUSDT", strategyName: "trend", exchangeName: "binance", position: "long", priceOpen: 100, openedAt: T0 }],
      ["trend:ETHUSDT", { signalId: "eth-1", symbol: "ETHUSDT", strategyName: "trend", exchangeName: "binance", position: "short", priceOpen: 50, openedAt: T0 }],
    ]),
  );

  it("drops the slots of signals that are no longer open and persists the result", () => {
    const [state, effects] = stepRisk(riskState(restored), { kind: "reconcile", openSignalIds: new Set(["eth-1"]) }, live());
    expect([...state.positions.keys()]).toEqual(["trend:ETHUSDT"]);
    expect(effects).toEqual([
      { type: "persist", store: "risk", riskName: "portfolio", value: [["trend:ETHUSDT", restored.get("trend:ETHUSDT")]] },
    ]);
  });

  it("returns the same state and no effects when every slot's signal is still open", () => {
    const start = riskState(restored);
    const [state, effects] = stepRisk(start, { kind: "reconcile", openSignalIds: new Set(["sig-1", "eth-1", "other"]) }, live());
    expect(state).toBe(start);
    expect(effects).toBe(NO_EFFECTS);
  });
});
