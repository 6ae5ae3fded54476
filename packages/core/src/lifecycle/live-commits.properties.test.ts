import fc from "fast-check";
import * as E from "#fp-ts/Either";
import { describe, expect, it } from "vitest";
import { tickAt, isRunOver } from "../backtest/advance.js";
import type { MilestoneData } from "../codec/milestones.js";
import { riskKey, riskSlotOf, type RiskPosition } from "../codec/risk-positions.js";
import type { StateChange } from "../durable/state-change.js";
import { emittedEvents, type Effect } from "../effects.js";
import { DEFAULT_CONFIG } from "../model/config.js";
import type { SignalRow } from "../model/signal.js";
import { releaseRiskSlot, reserveRiskSlot } from "../risk/book.js";
import { riskState, type RiskState } from "../risk/state.js";
import { serializeReplay } from "../replay.js";
import type { CandleSeries } from "../series/candle-series.js";
import { candleSeriesArb, scriptedStrategy, strategyScriptArb, type ProposalPlan } from "../testing/index.js";
import { restoreLifecycle } from "./restore.js";
import { initialLifecycle, type LifecycleInput, type LifecycleParams, type LifecycleState } from "./state.js";
import { stepLifecycle } from "./step.js";

/** What storage holds for the pair after applying the commits, modelled as plainly as possible. */
interface Stored {
  signal: SignalRow | null;
  schedule: SignalRow | null;
  levels: Map<string, MilestoneData>;
  /** riskName → the pair's slot, as storage writes it (persist's planWrites: `riskSlotOf(row, row.pendingAt)`) */
  slots: Map<string, RiskPosition>;
}

const apply = (stored: Stored, change: StateChange): void => {
  switch (change.kind) {
    case "schedule":
      stored.schedule = change.row;
      return;
    case "cancel":
      stored.schedule = null;
      return;
    case "open":
    case "activate":
      stored.signal = change.row;
      if (change.kind === "activate") stored.schedule = null;
      for (const name of change.riskNames) stored.slots.set(name, riskSlotOf(change.row, change.row.pendingAt));
      return;
    case "milestone":
      stored.levels.set(change.signalId, change.levels);
      return;
    case "close":
      stored.signal = null;
      stored.levels.delete(change.row.id);
      for (const name of change.riskNames) stored.slots.delete(name);
  }
};

const isResting = (state: LifecycleState): boolean => state.phase === "idle" || state.phase === "scheduled" || state.phase === "open";

interface LiveRun {
  readonly inputs: LifecycleInput[];
  /** With each step, the in-memory risk book as the shell keeps it (reserved on an allowed reserving check, released on `releaseRisk`). */
  readonly steps: Array<{ readonly state: LifecycleState; readonly effects: ReadonlyArray<Effect>; readonly book: RiskState }>;
}

/** Drives the reducer candle by candle as a live shell would, answering its requests. */
const driveLive = (series: CandleSeries, script: ReadonlyArray<ProposalPlan | null>, verdicts: ReadonlyArray<boolean>, p: LifecycleParams): LiveRun => {
  const strategy = scriptedStrategy(script);
  const inputs: LifecycleInput[] = [];
  const steps: LiveRun["steps"] = [];
  let state: LifecycleState = initialLifecycle();
  let checks = 0;
  let book = riskState();
  const feed = (input: LifecycleInput): ReadonlyArray<Effect> => {
    inputs.push(input);
    const [next, effects] = stepLifecycle(state, input, p);
    state = next;
    for (const effect of effects) if (effect.type === "releaseRisk") book = releaseRiskSlot(book, effect.signal);
    steps.push({ state, effects, book });
    return effects;
  };
  const answerRisk = (request: Extract<Effect, { type: "checkRisk" }>, allowed: boolean): ReadonlyArray<Effect> => {
    if (allowed && request.reserve) book = reserveRiskSlot(book, request.signal, request.time);
    return feed({ kind: "risk", allowed });
  };
  for (let j = 0; j < series.length && !isRunOver(state, series.timestamp[j]!, p.endDate); j++) {
    let pending: ReadonlyArray<Effect> = feed(tickAt(series, j, p.config.avgPriceCandles));
    for (let request = pending.find((e) => e.type === "requestProposal" || e.type === "checkRisk"); request; ) {
      pending =
        request.type === "requestProposal"
          ? feed({ kind: "proposal", proposal: strategy(p.symbol, request.time, request.price) })
          : answerRisk(request, verdicts[checks++ % verdicts.length]!);
      request = pending.find((e) => e.type === "requestProposal" || e.type === "checkRisk");
    }
  }
  return { inputs, steps };
};

const scenario = fc.record({
  series: candleSeriesArb({ length: { min: 40, max: 200 }, zeroVolume: true }),
  script: strategyScriptArb(),
  verdicts: fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
  riskNames: fc.constantFrom([], ["desk"], ["desk", "firm"]),
  levels: fc.constantFrom([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], [25, 50, 75], [5, 12.5]),
});

const paramsOf = (series: CandleSeries, riskNames: ReadonlyArray<string>, levels: ReadonlyArray<number>, backtest: boolean): LifecycleParams => ({
  symbol: "TEST",
  strategyName: "scripted",
  exchangeName: "x",
  backtest,
  config: { ...DEFAULT_CONFIG, avgPriceCandles: 3, scheduleAwaitMinutes: 30, partialLevels: [...levels] },
  intervalMs: 60_000,
  endDate: series.timestamp[Math.max(0, series.length - 30)]!,
  riskNames,
  progressCallbacks: false,
});

describe("live commits", () => {
  it("commit at most once per step, carry exactly the backtest's events, and restore to the very state they came from", () => {
    fc.assert(
      fc.property(scenario, ({ series, script, verdicts, riskNames, levels }) => {
        const live = paramsOf(series, riskNames, levels, false);
        const run = driveLive(series, script, verdicts, live);
        const stored: Stored = { signal: null, schedule: null, levels: new Map(), slots: new Map() };
        for (const { state, effects, book } of run.steps) {
          const commits = effects.filter((e) => e.type === "commit");
          expect(commits.length).toBeLessThanOrEqual(1);
          expect(effects.some((e) => e.type === "emit" && e.topic !== "validation")).toBe(false);
          for (const commit of commits) for (const change of commit.changes) apply(stored, change);
          if (!isResting(state)) continue;
          const openId = state.phase === "open" ? state.signal.id : null;
          // Storage never holds more than the open position's levels and slots.
          expect([...stored.levels.keys()].filter((id) => id !== openId)).toEqual([]);
          expect([...stored.slots.values()].every((slot) => slot.signalId === openId)).toBe(true);
          expect(stored.slots.size).toBe(openId === null ? 0 : riskNames.length);
          // The slot storage holds is the very slot the in-memory book reserved (one riskSlotOf, one openedAt).
          const held = book.positions.get(riskKey(live.strategyName, live.symbol));
          for (const slot of stored.slots.values()) expect(slot).toEqual(held);
          if (riskNames.length > 0 && state.phase !== "scheduled") expect(held?.signalId ?? null).toBe(openId);
          const restored = restoreLifecycle(
            {
              signal: stored.signal,
              schedule: stored.schedule,
              milestones: openId === null ? undefined : stored.levels.get(openId),
              lastSignalId: state.lastSignalId,
              askedBucket: Number.isNaN(state.askedBucket) ? null : state.askedBucket,
            },
            live,
          );
          if (E.isLeft(restored)) throw new Error(restored.left.message);
          expect(serializeReplay({ state: restored.right, effects: [] })).toBe(serializeReplay({ state, effects: [] }));
        }

        // The same inputs in backtest mode: the same events, and nothing durable at all.
        const backtest = paramsOf(series, riskNames, levels, true);
        let state: LifecycleState = initialLifecycle();
        const backtestEffects: Effect[] = [];
        for (const input of run.inputs) {
          const [next, effects] = stepLifecycle(state, input, backtest);
          state = next;
          backtestEffects.push(...effects);
        }
        expect(backtestEffects.some((e) => e.type === "commit")).toBe(false);
        const asLive = emittedEvents(backtestEffects).map((e) => ("backtest" in e.event ? { ...e, event: { ...e.event, backtest: false } } : e));
        expect(asLive).toEqual(emittedEvents(run.steps.flatMap((s) => s.effects)));
      }),
    );
  });
});
