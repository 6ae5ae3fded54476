import type { StateChange } from "./durable/state-change.js";
import type { LifecycleEvent, MilestoneEvent, RiskEvent, ValidationEvent } from "./model/events.js";
import type { SignalRow } from "./model/signal.js";

/** An event for the bus, in the order it is to be delivered. */
export type EmitEffect =
  | { readonly type: "emit"; readonly topic: "signal"; readonly event: LifecycleEvent }
  | { readonly type: "emit"; readonly topic: "partialProfit" | "partialLoss"; readonly event: MilestoneEvent }
  | { readonly type: "emit"; readonly topic: "risk"; readonly event: RiskEvent }
  | { readonly type: "emit"; readonly topic: "validation"; readonly event: ValidationEvent };

/**
 * One outbox unit of a live step: the durable changes of the step and the events that go with them.
 * The shell commits it as a whole (changes and events in one durable record), then delivers the
 * events, then acknowledges: after a crash nothing is lost and a redelivered event keeps its id.
 * Backtests never produce one: their events come as plain `emit` effects and nothing durable is built.
 */
export interface CommitEffect {
  readonly type: "commit";
  readonly symbol: string;
  readonly strategyName: string;
  /** In order; recovery replays them in this order. */
  readonly changes: ReadonlyArray<StateChange>;
  /** Signal and milestone events, each with its deterministic id. */
  readonly events: ReadonlyArray<Extract<EmitEffect, { topic: "signal" | "partialProfit" | "partialLoss" }>>;
}

/**
 * Effects are plain data: a reducer describes what should happen and the shell does it, in the
 * order given. Requests (`requestProposal`, `checkRisk`) are answered by feeding an input back.
 */
export type Effect =
  /** Ask the strategy for a proposal; answer with a `proposal` input. */
  | { readonly type: "requestProposal"; readonly time: number; readonly price: number }
  /** Run the risk profiles' checks; answer with a `risk` input. `reserve` takes the slot atomically. */
  | {
      readonly type: "checkRisk";
      readonly stage: "proposal" | "activation";
      readonly signal: SignalRow;
      readonly price: number;
      readonly time: number;
      readonly reserve: boolean;
    }
  /** Give the signal's slot back in the in-memory risk books (storage learns it from the close commit). */
  | { readonly type: "releaseRisk"; readonly signal: SignalRow; readonly time: number }
  | CommitEffect
  | EmitEffect
  /** Strategy callbacks that fire on every candle with the raw progress (not milestone-filtered). */
  | {
      readonly type: "callback";
      readonly name: "onPartialProfit" | "onPartialLoss";
      readonly signal: SignalRow;
      readonly price: number;
      readonly percent: number;
      readonly time: number;
    }
  | { readonly type: "log"; readonly level: "debug" | "info" | "warn"; readonly message: string };

/** What every reducer returns. */
export type Step<S> = readonly [S, ReadonlyArray<Effect>];

/** Shared "nothing happened" result: the hot path allocates nothing. */
export const NO_EFFECTS: ReadonlyArray<Effect> = Object.freeze([]);

/**
 * The events of a list of effects in delivery order, whether they came as plain `emit` effects
 * (backtest) or inside commits (live): the same run gives the same stream in both modes.
 */
export const emittedEvents = (effects: Iterable<Effect>): EmitEffect[] => {
  const out: EmitEffect[] = [];
  for (const effect of effects) {
    if (effect.type === "emit") out.push(effect);
    else if (effect.type === "commit") for (const event of effect.events) out.push(event);
  }
  return out;
};
