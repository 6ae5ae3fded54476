import { describe, expect, it } from "vitest";
import { MIN, signal, T0 } from "./signals.fixture.js";
import { riskState } from "./state.js";
import { releaseRiskSlot, reserveRiskSlot } from "./book.js";

const btc = signal();
const eth = signal({ id: "eth-1", symbol: "ETHUSDT" });

describe("reserveRiskSlot", () => {
  it("takes the strategyName:symbol slot with the simulated time", () => {
    const state = reserveRiskSlot(riskState(), btc, T0 + MIN);
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
  });

  it("returns the same state when the slot is already held exactly so", () => {
    const held = reserveRiskSlot(riskState(), btc, T0);
    expect(reserveRiskSlot(held, btc, T0)).toBe(held);
  });

  it("keeps one slot per strategy and symbol: a new signal replaces the old one's", () => {
    const held = reserveRiskSlot(riskState(), btc, T0);
    const next = reserveRiskSlot(held, signal({ id: "sig-2" }), T0 + MIN);
    expect([...next.positions.values()].map((p) => p.signalId)).toEqual(["sig-2"]);
  });

  it("does not alter the state it was given", () => {
    const empty = riskState();
    reserveRiskSlot(empty, btc, T0);
    expect(empty.positions.size).toBe(0);
  });
});

describe("releaseRiskSlot", () => {
  it("gives the slot back and keeps the others", () => {
    const both = reserveRiskSlot(reserveRiskSlot(riskState(), btc, T0), eth, T0);
    const state = releaseRiskSlot(both, btc);
    expect([...state.positions.keys()]).toEqual(["trend:ETHUSDT"]);
    expect(state.positions.get("trend:ETHUSDT")).toBe(both.positions.get("trend:ETHUSDT"));
  });

  it("is a no-op returning the same state for a slot that is not held", () => {
    const held = reserveRiskSlot(riskState(), eth, T0);
    expect(releaseRiskSlot(held, btc)).toBe(held);
  });

  it("leaves a slot that a newer signal of the same strategy and symbol holds", () => {
    const held = reserveRiskSlot(riskState(), signal({ id: "sig-2" }), T0);
    expect(releaseRiskSlot(held, btc)).toBe(held);
  });
});
