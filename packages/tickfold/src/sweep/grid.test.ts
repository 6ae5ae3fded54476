import { describe, expect, it } from "vitest";
import type { BacktestStatistics } from "@tickfold/core/report";
import { canonicalText, fingerprintOf } from "./fingerprint.js";
import { expandGrid, rankRuns } from "./grid.js";
import type { SweepRun } from "./run-job.js";

const run = (params: Record<string, number>, figures: Partial<Record<keyof BacktestStatistics, number | null>>): SweepRun => ({
  params,
  symbol: "X",
  fingerprint: "0",
  closedSignals: 1,
  statistics: figures as unknown as BacktestStatistics,
});

describe("sweep grid and ranking", () => {
  it("expands a grid in sorted key order, values as given", () => {
    expect(expandGrid({ slow: [20, 50], fast: [5, 10] })).toEqual([
      { fast: 5, slow: 20 },
      { fast: 5, slow: 50 },
      { fast: 10, slow: 20 },
      { fast: 10, slow: 50 },
    ]);
    expect(() => expandGrid({ fast: [5, Number.NaN] })).toThrow("Sweep: grid.fast[1] = NaN must be a finite number");
  });

  it("ranks higher first, smaller drawdown first, runs without a value last, ties by parameters whatever the input order", () => {
    const runs = [run({ a: 3 }, { totalPnl: 1, maxDrawdown: 5 }), run({ a: 1 }, { totalPnl: null, maxDrawdown: null }), run({ a: 2 }, { totalPnl: 1, maxDrawdown: 2 }), run({ a: 0 }, { totalPnl: 4, maxDrawdown: 9 })];
    const order = (metric: "totalPnl" | "maxDrawdown", list: SweepRun[]) => rankRuns(list, metric).map((r) => r.params.a);
    expect(order("totalPnl", runs)).toEqual([0, 2, 3, 1]);
    expect(order("totalPnl", [...runs].reverse())).toEqual([0, 2, 3, 1]);
    expect(order("maxDrawdown", runs)).toEqual([2, 3, 0, 1]);
    expect(rankRuns(runs, "totalPnl").map((r) => r.rank)).toEqual([1, 2, 3, 4]);
  });

  it("fingerprints canonical text: key order does not matter, -0 and NaN do", () => {
    expect(canonicalText({ b: 1, a: [Number.NaN, -0] })).toBe('{"a":[NaN,-0],"b":1}');
    expect(fingerprintOf({ a: 1, b: 2 })).toBe(fingerprintOf({ b: 2, a: 1 }));
    expect(fingerprintOf({ a: 0 })).not.toBe(fingerprintOf({ a: -0 }));
    expect(fingerprintOf("x")).toMatch(/^[0-9a-f]{16}$/);
  });
});
