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
  it("times contestants that repeat their outcomes bit for bit", async () => {
    const measured = await measure(base)();
    expect(measured.map((m) => m.runsMs.length)).toEqual([2, 2]);
  });

  it("catches a change in any outcome, milestones included, naming it", async () => {
    await expect(measure({ ...base, milestones: 5 })()).rejects.toThrow(UnrepeatableRunError);
    await expect(measure({ ...base, milestones: 5 })()).rejects.toThrow(/milestones: first run 4, this run 5/);
    await expect(measure({ ...base, rejected: 1 })()).rejects.toThrow(/rejected: first run 0, this run 1/);
  });

  it("allows no PnL tolerance between runs of one contestant", async () => {
    await expect(measure({ ...base, sumPnl: -1.5 * (1 + 1e-12) })()).rejects.toThrow(/sumPnl: first run -1.5/);
  });

  it("times an async contestant until its promise settles", async () => {
    const measured = await measureInterleaved([{ name: "slow", run: () => new Promise<Outcomes>((resolve) => setTimeout(() => resolve(base), 20)) }], { warmupRounds: 0, timedRounds: 2 });
    expect(Math.min(...measured[0]!.runsMs)).toBeGreaterThanOrEqual(15);
  });
});
