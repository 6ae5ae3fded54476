import { describe, expect, it } from "vitest";
import { validationPayload } from "./payload.js";
import { check, live, MIN, signal, T0 } from "./signals.fixture.js";
import { riskState } from "./state.js";
import { reserveRiskSlot } from "./book.js";

describe("validationPayload", () => {
  it("gives validations the request's signal, price and simulated time and every held slot", () => {
    const eth = signal({ id: "eth-1", symbol: "ETHUSDT", strategyName: "other" });
    const state = reserveRiskSlot(riskState(), eth, T0);
    const row = signal();
    const payload = validationPayload(state, check(row, { price: 99.5, time: T0 + 7 * MIN }));
    expect(payload).toEqual({
      symbol: "BTCUSDT",
      signal: row,
      strategyName: "trend",
      exchangeName: "binance",
      currentPrice: 99.5,
      timestamp: T0 + 7 * MIN,
      activePositionCount: 1,
      activePositions: [
        { signalId: "eth-1", symbol: "ETHUSDT", strategyName: "other", exchangeName: "binance", position: "long", priceOpen: 100, openedAt: T0 },
      ],
    });
  });
});
