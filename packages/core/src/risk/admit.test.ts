import { describe, expect, it } from "vitest";
import { NO_EFFECTS } from "../effects.js";
import { admitRisk } from "./admit.js";
import { backtest, check, live, MIN, signal, T0 } from "./signals.fixture.js";
import { riskState } from "./state.js";

const btc = signal();
const eth = signal({ id: "eth-1", symbol: "ETHUSDT", strategyName: "other" });

describe("admitRisk", () => {
  it("takes the slot in the same step when allowed and the request reserves", () => {
    const result = admitRisk(riskState(), check(btc, { time: T0 + 2 * MIN }), live({ maxConcurrentPositions: 1 }), []);
    expect(result.allowed).toBe(true);
    expect(result.state.positions.get("trend:BTCUSDT")?.openedAt).toBe(T0 + 2 * MIN);
    expect(result.effects).toBe(NO_EFFECTS);
  });

  it("refuses the second of two proposals competing for the last slot", () => {
    const params = live({ maxConcurrentPositions: 1 });
    const first = admitRisk(riskState(), check(btc), params, []);
    const second = admitRisk(first.state, check(eth), params, []);
    expect(first.allowed).toBe(true);
    expect(second.allowed).toBe(false);
    expect(second.state).toBe(first.state);
    expect(second.effects).toMatchObject([{ type: "emit", topic: "risk", event: { strategyName: "other" } }]);
  });

  it("only checks when the request does not reserve (a proposal that will be scheduled)", () => {
    const empty = riskState();
    const result = admitRisk(empty, check(btc, { reserve: false }), live(), []);
    expect(result).toEqual({ allowed: true, state: empty, effects: NO_EFFECTS });
    expect(result.state).toBe(empty);
  });

  it("takes nothing when a user validation refused", () => {
    const empty = riskState();
    const result = admitRisk(empty, check(btc), live(), ["outside trading hours"]);
    expect(result.allowed).toBe(false);
    expect(result.state).toBe(empty);
    expect(result.effects).toMatchObject([{ topic: "risk", event: { comment: "outside trading hours" } }]);
  });

  it("takes the same slot in a backtest and in live mode, with no effect of its own (storage learns it from the open commit)", () => {
    const inBacktest = admitRisk(riskState(), check(btc), backtest(), []);
    const inLive = admitRisk(riskState(), check(btc), live(), []);
    expect(inBacktest.effects).toEqual([]);
    expect(inLive.effects).toEqual([]);
    expect(inBacktest.state).toEqual(inLive.state);
  });
});
