import * as E from "fp-ts/lib/Either.js";
import type { Effect } from "../effects.js";
import { validateConfig } from "../model/config.js";
import { initialLifecycle, type LifecycleInput, type LifecycleParams, type LifecycleState } from "../lifecycle/state.js";
import { stepLifecycle } from "../lifecycle/step.js";
import type { JournalEntry } from "./entry.js";

const config = validateConfig({ minStopLossDistancePercent: 0.1, scheduleAwaitMinutes: 30 });
if (E.isLeft(config)) throw new Error("the session's config is valid");

/** Live-mode params: `endDate` Infinity, as a live instance has it. */
export const SESSION_PARAMS: LifecycleParams = {
  symbol: "BTCUSDT",
  strategyName: "wave",
  exchangeName: "binance",
  backtest: false,
  config: config.right,
  intervalMs: 5 * 60_000,
  endDate: Number.POSITIVE_INFINITY,
  riskNames: ["desk"],
  progressCallbacks: false,
};

const START = Date.UTC(2025, 2, 3);

/** How a session is recorded: its params, its prices, and how far from the market a proposal's limit order sits (none: market orders). */
export interface SessionShape {
  readonly params: LifecycleParams;
  readonly priceAt: (minute: number) => number;
  /** Per proposal, the limit price's distance from the market in parts (0.001 = 0.1 %), or undefined for a market order. */
  readonly limitAt: (proposal: number) => number | undefined;
  /** The minute before whose tick the instance is stopped (never, when absent). */
  readonly stopAt?: number;
}

const WAVE: SessionShape = {
  params: SESSION_PARAMS,
  priceAt: (m) => 80_000 + 900 * Math.sin(m / 17) + 250 * Math.sin(m / 3),
  limitAt: () => undefined,
};

/** A live session over a price wave (or `shape`'s prices): every price update a tick, each request answered at once. */
export const recordSession = (minutes: number, shape: SessionShape = WAVE): { entries: JournalEntry[]; states: LifecycleState[]; effects: Effect[] } => {
  const { params, priceAt, limitAt, stopAt } = shape;
  const entries: JournalEntry[] = [{ type: "header", format: "tickfold-journal", version: 1, params }];
  // states[i] is the state after entries[i] (the header: the initial state).
  const states: LifecycleState[] = [initialLifecycle()];
  const effects: Effect[] = [];
  let asked = 0;
  const feed = (input: LifecycleInput): ReadonlyArray<Effect> => {
    const [next, produced] = stepLifecycle(states[states.length - 1]!, input, params);
    entries.push({ type: "input", input });
    states.push(next);
    effects.push(...produced);
    return produced;
  };
  for (let m = 0; m < minutes; m++) {
    const time = START + m * 60_000;
    const price = priceAt(m);
    if (m === stopAt) feed({ kind: "stop" });
    let produced = feed({ kind: "tick", time, low: price, high: price, price, priceBefore: m === 0 ? Number.NaN : price });
    for (let request = produced.find(isRequest); request !== undefined; request = produced.find(isRequest)) {
      if (request.type === "requestProposal") {
        const limit = limitAt(asked);
        const long = asked++ % 2 === 0;
        const sign = long ? 1 : -1;
        const entry = limit === undefined ? request.price : request.price * (1 - sign * limit);
        produced = feed({
          kind: "proposal",
          proposal: {
            position: long ? "long" : "short",
            ...(limit === undefined ? {} : { priceOpen: entry }),
            priceTakeProfit: entry * (1 + sign * 0.006),
            priceStopLoss: entry * (1 - sign * 0.004),
            minuteEstimatedTime: 90,
          },
        });
      } else {
        produced = feed({ kind: "risk", allowed: request.time % 7 !== 0 });
      }
    }
  }
  return { entries, states, effects };
};

const isRequest = (effect: Effect): effect is Extract<Effect, { type: "requestProposal" | "checkRisk" }> =>
  effect.type === "requestProposal" || effect.type === "checkRisk";
