import { describe, expect, it } from "vitest";
import { emittedEvents, NO_EFFECTS } from "../effects.js";
import type { SignalRow } from "../model/signal.js";
import fc from "fast-check";
import { milestoneEventId, startTrack, stepMilestones, type MilestoneParams } from "./milestones.js";

const signal: SignalRow = {
  id: "sig-1",
  symbol: "BTCUSDT",
  strategyName: "s",
  exchangeName: "x",
  position: "long",
  priceOpen: 100,
  priceTakeProfit: 110,
  priceStopLoss: 95,
  minuteEstimatedTime: 60,
  scheduledAt: 0,
  pendingAt: 0,
  note: "",
};
const params: MilestoneParams = { levels: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], exchangeName: "x", backtest: false };
const tick = (progress: number, time = 60_000) => ({ signal, time, price: 101, progress });

describe("milestone reducer", () => {
  it("records every newly reached level ascending and commits the levels with their events in live mode", () => {
    const [track, effects] = stepMilestones(startTrack("sig-1"), tick(34.9), params);
    expect([...track.reached.profitLevels]).toEqual([10, 20, 30]);
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({
      type: "commit",
      symbol: "BTCUSDT",
      strategyName: "s",
      changes: [{ kind: "milestone", signalId: "sig-1", levels: { profitLevels: [10, 20, 30], lossLevels: [] } }],
    });
    expect(emittedEvents(effects).flatMap((e) => (e.topic === "partialProfit" ? [e.event.id] : []))).toEqual([
      "sig-1:profit:10",
      "sig-1:profit:20",
      "sig-1:profit:30",
    ]);
  });

  it("emits the same events in a backtest, with nothing durable built", () => {
    const [live, liveEffects] = stepMilestones(startTrack("sig-1"), tick(34.9), params);
    const [inBacktest, effects] = stepMilestones(startTrack("sig-1"), tick(34.9), { ...params, backtest: true });
    expect(effects.every((e) => e.type === "emit")).toBe(true);
    expect(effects.map((e) => e.type === "emit" && { ...e.event, backtest: false })).toEqual(emittedEvents(liveEffects).map((e) => e.event));
    expect(inBacktest).toEqual(live);
  });

  it("never emits a level twice, and returns the same state and shared empty effects when nothing is new", () => {
    const [first] = stepMilestones(startTrack("sig-1"), tick(25), params);
    const [again, effects] = stepMilestones(first, tick(29), params);
    expect(again).toBe(first);
    expect(effects).toBe(NO_EFFECTS);
  });

  it("tracks the loss side independently of the profit side", () => {
    const [afterProfit] = stepMilestones(startTrack("sig-1"), tick(12), params);
    const [afterLoss, effects] = stepMilestones(afterProfit, tick(-21), params);
    expect([...afterLoss.reached.profitLevels]).toEqual([10]);
    expect([...afterLoss.reached.lossLevels]).toEqual([10, 20]);
    expect(emittedEvents(effects).map((e) => e.topic)).toEqual(["partialLoss", "partialLoss"]);
  });

  it("fills in a lower level missing from restored state", () => {
    const restored = startTrack("sig-1", { profitLevels: new Set([20]), lossLevels: new Set() });
    const [track, effects] = stepMilestones(restored, tick(15), params);
    expect([...track.reached.profitLevels].sort((a, b) => a - b)).toEqual([10, 20]);
    expect(emittedEvents(effects)).toHaveLength(1);
  });

  it("refuses a signal that is not the one the state belongs to, naming both ids", () => {
    expect(() => stepMilestones(startTrack("sig-2"), tick(50), params)).toThrow('belongs to signal "sig-2" but was given signal "sig-1"');
  });

  it("names events signalId:side:level for whole and fractional levels alike", () => {
    expect(milestoneEventId("sig-1", "profit", 20)).toBe("sig-1:profit:20");
    expect(milestoneEventId("sig-1", "loss", 12.5)).toBe("sig-1:loss:12.5");
    const level = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: Number.MIN_VALUE, max: 100, noNaN: true }));
    fc.assert(
      fc.property(fc.string(), fc.constantFrom("profit" as const, "loss" as const), level, (id, side, lvl) => {
        expect(milestoneEventId(id, side, lvl)).toBe(`${id}:${side}:${lvl}`);
      }),
    );
  });
});
