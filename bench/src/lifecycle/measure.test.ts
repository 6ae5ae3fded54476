import { describe, expect, it } from "vitest";
import { measureInterleaved, UnrepeatableRunError } from "./measure.js";
import type { Outcomes } from "./outcomes.js";

const base: Outcomes = { candles: 100, closed: 3, takeProfit: 1, stopLoss: 1, timeExpired: 1, rejected: 0, sumPnl: -1.5, milestones: 4 };

/** A contestant that returns `base` on its first run and `later` afterwards. */
const drifting = (later: Outcomes) => {
  let runs = 0;
  return { name: "drifting", run: () => (runs++ === 0 ? base : later) };
};

const measure = (later: Outcomes) => () =>
  measureInterleaved([drifting(later), { name: "steady", run: () => base }], { warmupRounds: 1, timedRounds: 2 });

describe("the per-round repeatability check", () => {
  it("times contestants that repeat their outcomes bit for bit", () => {
    const measured = measure(base)();
    expect(measured.map((m) => m.runsMs.length)).toEqual([2, 2]);
  });

  it("catches a change in any outcome, milestones included, naming it", () => {
    expect(measure({ ...base, milestones: 5 })).toThrow(UnrepeatableRunError);
    expect(measure({ ...base, milestones: 5 })).toThrow(/milestones: first run 4, this run 5/);
    expect(measure({ ...base, rejected: 1 })).toThrow(/rejected: first run 0, this run 1/);
  });

  it("allows no PnL tolerance between runs of one contestant", () => {
    expect(measure({ ...base, sumPnl: -1.5 * (1 + 1e-12) })).toThrow(/sumPnl: first run -1.5/);
  });
});
