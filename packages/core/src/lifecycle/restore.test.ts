import * as E from "#fp-ts/Either";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../model/config.js";
import type { SignalRow } from "../model/signal.js";
import { restoreLifecycle, type RestoreInput } from "./restore.js";
import type { LifecycleParams } from "./state.js";

const params: LifecycleParams = {
  symbol: "BTCUSDT",
  strategyName: "trend",
  exchangeName: "binance",
  backtest: false,
  config: DEFAULT_CONFIG,
  intervalMs: 60_000,
  endDate: Number.POSITIVE_INFINITY,
  riskNames: [],
  progressCallbacks: false,
};

const row: SignalRow = {
  id: "s1",
  symbol: "BTCUSDT",
  strategyName: "trend",
  exchangeName: "binance",
  position: "long",
  priceOpen: 100,
  priceTakeProfit: 110,
  priceStopLoss: 95,
  minuteEstimatedTime: 60,
  scheduledAt: 60_000,
  pendingAt: 0,
  note: "",
};
const open = { ...row, pendingAt: 120_000 };

const restore = (input: Partial<RestoreInput>) => restoreLifecycle({ signal: null, schedule: null, ...input }, params);
const issuesOf = (input: Partial<RestoreInput>) => {
  const result = restore(input);
  if (E.isRight(result)) throw new Error("expected a decode error");
  return result.left.issues.map((issue) => `${issue.field}=${JSON.stringify(issue.value)}`);
};

describe("restoreLifecycle", () => {
  it("gives an idle state that remembers the last signal and the asked bucket", () => {
    expect(restore({ lastSignalId: "s0", askedBucket: 7 })).toEqual(
      E.right({ phase: "idle", askedBucket: 7, lastSignalId: "s0", stopped: false }),
    );
    const fresh = restore({});
    expect(E.isRight(fresh) && Number.isNaN(fresh.right.askedBucket)).toBe(true);
  });

  it("gives the scheduled signal back as it was stored", () => {
    expect(restore({ schedule: row })).toEqual(
      E.right({ phase: "scheduled", askedBucket: Number.NaN, lastSignalId: null, stopped: false, signal: row }),
    );
  });

  it("gives the open position back with its milestone levels, and it becomes the last signal", () => {
    const result = restore({ signal: open, milestones: { profitLevels: [10, 20], lossLevels: [10] } });
    if (E.isLeft(result) || result.right.phase !== "open") throw new Error("expected an open state");
    expect(result.right.lastSignalId).toBe("s1");
    expect(result.right.milestones.signalId).toBe("s1");
    expect([...result.right.milestones.reached.profitLevels]).toEqual([10, 20]);
    expect([...result.right.milestones.reached.lossLevels]).toEqual([10]);
  });

  it("names every bad field and value at once", () => {
    expect(
      issuesOf({
        signal: { ...open, priceOpen: -1, symbol: "ETHUSDT" },
        milestones: { profitLevels: [15], lossLevels: [] },
        askedBucket: 1.5,
      }),
    ).toEqual(["signal.priceOpen=-1", "milestones.profitLevels.0=15", "askedBucket=1.5"]);
    expect(issuesOf({ signal: { ...open, symbol: "ETHUSDT" } })).toEqual(['signal.symbol="ETHUSDT"']);
  });

  it("refuses states that recovery must resolve first, and contradictions", () => {
    expect(issuesOf({ signal: open, schedule: { ...row, id: "s2" } })).toEqual(['schedule="s2"']);
    expect(issuesOf({ signal: row })).toEqual(["signal.pendingAt=0"]);
    expect(issuesOf({ schedule: open })).toEqual(["schedule.pendingAt=120000"]);
    expect(issuesOf({ milestones: { profitLevels: [10], lossLevels: [] } })).toEqual(['milestones={"profitLevels":[10],"lossLevels":[]}']);
    expect(issuesOf({ signal: open, lastSignalId: "other" })).toEqual(['lastSignalId="other"']);
  });
});
