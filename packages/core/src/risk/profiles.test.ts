import { describe, expect, it } from "vitest";
import { NO_EFFECTS } from "../effects.js";
import { admitAcrossProfiles, releaseAcrossProfiles } from "./profiles.js";
import { check, live, signal, T0 } from "./signals.fixture.js";
import { riskState, type RiskState } from "./state.js";
import { reserveRiskSlot } from "./book.js";

const btc = signal();
const other = signal({ id: "other-1", strategyName: "other", symbol: "ETHUSDT" });
const holding = (row: ReturnType<typeof signal>): RiskState => reserveRiskSlot(riskState(), row, T0);

const desk = live({ riskName: "desk", maxConcurrentPositions: 1 });
const firm = live({ riskName: "firm", maxConcurrentPositions: 5 });

describe("admitAcrossProfiles", () => {
  it("refuses when one profile refuses, reports only that one, and reserves in none", () => {
    const firmState = riskState();
    const result = admitAcrossProfiles(
      [
        { state: holding(other), params: desk, userRejections: [] },
        { state: firmState, params: firm, userRejections: [] },
      ],
      check(btc),
    );
    expect(result.allowed).toBe(false);
    expect(result.effects).toHaveLength(1);
    expect(result.effects[0]).toMatchObject({ type: "emit", topic: "risk", event: { riskName: "desk" } });
    expect(result.states[1]).toBe(firmState);
    expect(result.states[1]!.positions.size).toBe(0);
  });

  it("reports every refusing profile with its own event, without short-circuit", () => {
    const result = admitAcrossProfiles(
      [
        { state: holding(other), params: desk, userRejections: [] },
        { state: riskState(), params: firm, userRejections: ["firm is closed"] },
      ],
      check(btc),
    );
    expect(result.allowed).toBe(false);
    expect(result.effects.map((e) => (e.type === "emit" && e.topic === "risk" ? [e.event.riskName, e.event.comment] : null))).toEqual([
      ["desk", "maxConcurrentPositions = 1 reached: 1 position is already open in this profile"],
      ["firm", "firm is closed"],
    ]);
  });

  it("reserves the slot in every profile when all allow", () => {
    const result = admitAcrossProfiles(
      [
        { state: riskState(), params: desk, userRejections: [] },
        { state: riskState(), params: firm, userRejections: [] },
      ],
      check(btc),
    );
    expect(result.allowed).toBe(true);
    expect(result.states.map((s) => [...s.positions.keys()])).toEqual([["trend:BTCUSDT"], ["trend:BTCUSDT"]]);
    expect(result.effects).toBe(NO_EFFECTS);
  });

  it("only checks when the request does not reserve", () => {
    const states = [riskState(), riskState()];
    const result = admitAcrossProfiles(
      states.map((state, i) => ({ state, params: i === 0 ? desk : firm, userRejections: [] })),
      check(btc, { reserve: false }),
    );
    expect(result).toEqual({ allowed: true, states, effects: NO_EFFECTS });
  });

  it("allows everything when the strategy names no profile", () => {
    expect(admitAcrossProfiles([], check(btc))).toEqual({ allowed: true, states: [], effects: NO_EFFECTS });
  });
});

describe("releaseAcrossProfiles", () => {
  it("gives the slot back in every profile that holds it", () => {
    const result = releaseAcrossProfiles(
      [
        { state: holding(btc), params: desk },
        { state: holding(btc), params: firm },
      ],
      btc,
    );
    expect(result.map((s) => s.positions.size)).toEqual([0, 0]);
  });

  it("leaves profiles that do not hold the slot untouched", () => {
    const untouched = holding(other);
    const result = releaseAcrossProfiles(
      [
        { state: holding(btc), params: desk },
        { state: untouched, params: firm },
      ],
      btc,
    );
    expect(result[0]!.positions.size).toBe(0);
    expect(result[1]).toBe(untouched);
  });
});
