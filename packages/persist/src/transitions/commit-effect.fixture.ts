import {
  DEFAULT_CONFIG,
  emittedEvents,
  initialLifecycle,
  restoreLifecycle,
  serializeReplay,
  stepLifecycle,
  type Effect,
  type LifecycleInput,
  type LifecycleParams,
  type LifecycleState,
} from "@tickfold/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { CommitEffect } from "@tickfold/core";
import type { OutboxEvent } from "../outbox/outbox-record.js";
import type { LiveSnapshot, RecoveryScope } from "../recovery/snapshot.js";

/** What the live path needs of a backend: commit a step's effect (delivered), read the state back. */
export interface LiveBackend {
  /** Commits the effect and sees its events delivered; returns the events as committed. */
  commitEffect(effect: CommitEffect): Promise<ReadonlyArray<OutboxEvent>>;
  readSnapshot(scope: RecoveryScope): Promise<LiveSnapshot>;
}

const T0 = 1_700_000_000_000;
const MIN = 60_000;
const params: LifecycleParams = {
  symbol: "BTCUSDT",
  strategyName: "trend",
  exchangeName: "binance",
  backtest: false,
  config: DEFAULT_CONFIG,
  intervalMs: MIN,
  endDate: Number.POSITIVE_INFINITY,
  riskNames: ["portfolio"],
  progressCallbacks: false,
};
const tick = (i: number, price: number, wick = price): LifecycleInput => ({
  kind: "tick",
  time: T0 + i * MIN,
  low: Math.min(price, wick),
  high: Math.max(price, wick),
  price,
  priceBefore: price,
});

/** A live session: a limit entry that activates, reaches milestones and takes profit, then a market entry left open. */
const session: LifecycleInput[] = [
  tick(1, 100),
  { kind: "proposal", proposal: { id: "s1", position: "long", priceOpen: 99, priceTakeProfit: 104, priceStopLoss: 96 } },
  { kind: "risk", allowed: true },
  tick(2, 99.5, 98.9),
  { kind: "risk", allowed: true },
  tick(3, 101),
  tick(4, 102.5),
  tick(5, 104.2),
  tick(6, 104),
  { kind: "proposal", proposal: { id: "s2", position: "short", priceTakeProfit: 100, priceStopLoss: 106 } },
  { kind: "risk", allowed: true },
  tick(7, 103),
];

/** The persistence suite's live session, run against any backend (the file store, Redis). */
export const describeCommitEffects = (backendName: string, make: () => Promise<LiveBackend>): void => {
describe(`${backendName}: committing the reducer's commit effects as they are`, () => {
  it("leaves storage from which restoreLifecycle rebuilds the exact state after every step", async () => {
    const persistence = await make();
    const scope = { pairs: [{ symbol: "BTCUSDT", strategyName: "trend", riskNames: ["portfolio"] }] };
    let state: LifecycleState = initialLifecycle();
    const all: Effect[] = [];
    let commits = 0;
    for (const input of session) {
      const [next, effects] = stepLifecycle(state, input, params);
      state = next;
      all.push(...effects);
      for (const effect of effects) {
        if (effect.type !== "commit") continue;
        const committed = await persistence.commitEffect(effect);
        expect(committed.map((e) => e.id)).toEqual(effect.events.map((e) => e.event.id));
        commits++;
      }
      if (state.phase !== "idle" && state.phase !== "scheduled" && state.phase !== "open") continue;
      const { pairs, risk } = await persistence.readSnapshot(scope);
      const files = pairs[0]!.files;
      const restored = restoreLifecycle(
        {
          signal: files.signal,
          schedule: files.schedule,
          milestones: files.signal === null ? undefined : files.partial[files.signal.id],
          lastSignalId: state.lastSignalId,
          askedBucket: Number.isNaN(state.askedBucket) ? null : state.askedBucket,
        },
        params,
      );
      if (E.isLeft(restored)) throw new Error(restored.left.message);
      expect(serializeReplay({ state: restored.right, effects: [] })).toBe(serializeReplay({ state, effects: [] }));
      const slotHolder = new Map(risk.portfolio ?? []).get("trend:BTCUSDT")?.signalId ?? null;
      expect(slotHolder).toBe(state.phase === "open" ? state.signal.id : null);
    }
    expect(commits).toBeGreaterThanOrEqual(5);
    // Entry 99, TP 104: 102.5 is 70 % of the way; 104.2 takes profit. s2 shorts at 104 toward 100.
    expect(emittedEvents(all).map((e) => e.event.id)).toEqual([
      "s1:scheduled",
      "s1:opened",
      "s1:profit:10",
      "s1:profit:20",
      "s1:profit:30",
      "s1:profit:40",
      "s1:profit:50",
      "s1:profit:60",
      "s1:profit:70",
      "s1:closed",
      "s2:opened",
      "s2:profit:10",
      "s2:profit:20",
    ]);
  });
});
};
