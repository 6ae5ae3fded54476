import type { MilestoneData } from "./codec/milestones.js";
import type { RiskFile } from "./codec/risk-positions.js";
import type { LifecycleEvent, MilestoneEvent, RiskEvent, ValidationEvent } from "./model/events.js";
import type { SignalRow } from "./model/signal.js";

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
  /** Give the signal's risk slot back. */
  | { readonly type: "releaseRisk"; readonly signal: SignalRow; readonly time: number }
  | { readonly type: "persist"; readonly store: "signal" | "schedule"; readonly value: SignalRow | null }
  | { readonly type: "persist"; readonly store: "partial"; readonly signalId: string; readonly value: MilestoneData | null }
  | { readonly type: "persist"; readonly store: "risk"; readonly riskName: string; readonly value: RiskFile }
  | { readonly type: "emit"; readonly topic: "signal"; readonly event: LifecycleEvent }
  | { readonly type: "emit"; readonly topic: "partialProfit" | "partialLoss"; readonly event: MilestoneEvent }
  | { readonly type: "emit"; readonly topic: "risk"; readonly event: RiskEvent }
  | { readonly type: "emit"; readonly topic: "validation"; readonly event: ValidationEvent }
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
