import { type RiskFile, type SignalRow } from "@tickfold/core";
import { riskSlotOf } from "@tickfold/core/internal";
import { describe, expect, it } from "vitest";
import { BTC, ETH, opened, row } from "../live-state.fixture.js";
import { planRecovery } from "./plan-recovery.js";
import { reconcilePair } from "./reconcile.js";
import type { LiveSnapshot, PairFiles } from "./snapshot.js";

const slotOf = (row: SignalRow) => riskSlotOf(row, row.pendingAt);

const EMPTY: PairFiles = { signal: null, schedule: null, partial: {} };
const open = opened(row(BTC, "s1"));
const slot = (signal = open): RiskFile[number] => ["trend:BTCUSDT", slotOf(signal)];

describe("reconciliation rules", () => {
  it("finds nothing to fix in a consistent state", () => {
    const files: PairFiles = { signal: open, schedule: null, partial: { s1: { profitLevels: [10], lossLevels: [] } } };
    expect(reconcilePair(BTC, files, { portfolio: [slot()], "btc-desk": [slot()] })).toEqual([]);
    expect(reconcilePair(BTC, EMPTY, { portfolio: [] })).toEqual([]);
  });

  it("signal and schedule with the same id: the activation happened, the schedule is cleared", () => {
    const fixes = reconcilePair(BTC, { ...EMPTY, signal: open, schedule: row(BTC, "s1") }, { portfolio: [slot()], "btc-desk": [slot()] });
    expect(fixes.map((f) => [f.rule, f.write])).toEqual([["activation-completed", { target: "schedule", value: null }]]);
  });

  it("a schedule beside a different open position is dropped: the open position wins", () => {
    const fixes = reconcilePair(BTC, { ...EMPTY, signal: open, schedule: row(BTC, "s9") }, { portfolio: [slot()], "btc-desk": [slot()] });
    expect(fixes.map((f) => f.rule)).toEqual(["schedule-beside-open-position"]);
  });

  it("milestones of a signal that is not open are dropped; those of the open signal stay", () => {
    const partial = { s0: { profitLevels: [10], lossLevels: [] }, s1: { profitLevels: [20], lossLevels: [] } };
    const fixes = reconcilePair(BTC, { ...EMPTY, signal: open, partial }, { portfolio: [slot()], "btc-desk": [slot()] });
    expect(fixes.map((f) => [f.rule, f.write])).toEqual([["milestones-of-closed-signal", { target: "partial", signalId: "s0", levels: null }]]);
  });

  it("a risk slot whose signal is no longer open is released, in every profile of the pair", () => {
    const fixes = reconcilePair(BTC, EMPTY, { portfolio: [slot()], "btc-desk": [slot()] });
    expect(fixes.map((f) => [f.rule, f.write])).toEqual([
      ["risk-slot-without-open-signal", { target: "risk", riskName: "portfolio", key: "trend:BTCUSDT", position: null }],
      ["risk-slot-without-open-signal", { target: "risk", riskName: "btc-desk", key: "trend:BTCUSDT", position: null }],
    ]);
  });

  it("an open position missing its slot gets it; a slot held by an older signal is handed over", () => {
    const older = opened(row(BTC, "s0"));
    const fixes = reconcilePair(BTC, { ...EMPTY, signal: open }, { portfolio: [slot(older)], "btc-desk": [] });
    expect(fixes.map((f) => [f.rule, f.write])).toEqual([
      ["risk-slot-without-open-signal", { target: "risk", riskName: "portfolio", key: "trend:BTCUSDT", position: slotOf(open) }],
      ["risk-slot-missing-for-open-signal", { target: "risk", riskName: "btc-desk", key: "trend:BTCUSDT", position: slotOf(open) }],
    ]);
  });

  it("leaves other pairs' slots in a shared profile alone", () => {
    const eth = opened(row(ETH, "e1"));
    const fixes = reconcilePair(BTC, EMPTY, { portfolio: [["trend:ETHUSDT", slotOf(eth)]] });
    expect(fixes).toEqual([]);
  });
});

describe("planning a recovery", () => {
  const snapshot = (files: PairFiles, risk: LiveSnapshot["risk"], records: LiveSnapshot["pairs"][number]["records"] = []): LiveSnapshot => ({
    pairs: [{ scope: BTC, files, records }],
    risk,
  });

  it("replays outbox records in order before applying the rules, and hands their events back", () => {
    const scheduled = row(BTC, "s1");
    const plan = planRecovery(
      snapshot({ ...EMPTY, schedule: scheduled }, { portfolio: [], "btc-desk": [] }, [
        { seq: 4, symbol: "BTCUSDT", strategyName: "trend", changes: [{ kind: "activate", row: open, riskNames: [...BTC.riskNames] }], events: [{ id: "s1:opened", topic: "signal", payload: null }] },
        { seq: 5, symbol: "BTCUSDT", strategyName: "trend", changes: [{ kind: "milestone", signalId: "s1", levels: { profitLevels: [10], lossLevels: [] } }], events: [] },
      ]),
    );
    expect(plan.replayed.map((r) => [r.seq, r.kinds])).toEqual([[4, ["activate"]], [5, ["milestone"]]]);
    expect(plan.fixes).toEqual([]);
    expect(plan.writes.map((w) => w.file)).toEqual(["signal", "risk", "risk", "partial", "schedule"]);
    expect(plan.redeliver.map((r) => r.seq)).toEqual([4, 5]);
  });

  it("changes nothing when planned again on its own result", () => {
    const first = planRecovery(snapshot({ ...EMPTY, signal: open, schedule: row(BTC, "s1"), partial: { s0: { profitLevels: [], lossLevels: [10] } } }, { portfolio: [] }));
    expect(first.writes.length).toBeGreaterThan(0);
    const again = planRecovery(first.resolved);
    expect(again.writes).toEqual([]);
    expect(again.fixes).toEqual([]);
  });
});
