import { type SignalRow } from "@tickfold/core";
import { riskSlotOf } from "@tickfold/core/internal";
import { describe, expect, it } from "vitest";
import { BTC, opened, row } from "../live-state.fixture.js";
import { withMilestones, withRiskPosition } from "./file-edits.js";

const slotOf = (row: SignalRow) => riskSlotOf(row, row.pendingAt);

describe("editing shared files", () => {
  it("sets a signal's levels sorted, keeps the others, and removes with null", () => {
    const file = { b: { profitLevels: [10], lossLevels: [] } };
    const added = withMilestones(file, "a", { profitLevels: [30, 10], lossLevels: [20] });
    expect(added).toEqual({ a: { profitLevels: [10, 30], lossLevels: [20] }, b: { profitLevels: [10], lossLevels: [] } });
    expect(Object.keys(added)).toEqual(["a", "b"]);
    expect(withMilestones(added, "a", null)).toEqual(file);
  });

  it("keeps a signal whose id is __proto__", () => {
    const edited = withMilestones({}, "__proto__", { profitLevels: [10], lossLevels: [] });
    expect(Object.keys(edited)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(edited)).toBe(Object.prototype);
  });

  it("sets and releases one slot of a risk file, keys sorted, other slots untouched", () => {
    const btc = slotOf(opened(row(BTC, "s1")));
    const other = { ...btc, strategyName: "alpha", signalId: "x" };
    const file = withRiskPosition([["alpha:BTCUSDT", other]], "trend:BTCUSDT", btc);
    expect(file.map(([key]) => key)).toEqual(["alpha:BTCUSDT", "trend:BTCUSDT"]);
    expect(withRiskPosition(file, "trend:BTCUSDT", null)).toEqual([["alpha:BTCUSDT", other]]);
  });
});
