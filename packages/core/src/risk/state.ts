import type { RiskPosition } from "../codec/risk-positions.js";
import type { Effect } from "../effects.js";
import type { SignalRow } from "../model/signal.js";

/**
 * One risk profile's book: the positions of every strategy and symbol that use it, keyed
 * `strategyName:symbol` (see `riskKey`). Backtest and live keep separate states (SPEC §6).
 */
export interface RiskState {
  readonly positions: ReadonlyMap<string, RiskPosition>;
}

export const riskState = (positions: ReadonlyMap<string, RiskPosition> = new Map()): RiskState => ({ positions });

/**
 * What the lifecycle asks of the risk profiles: its `checkRisk` effect without the tag, so the
 * effect itself can be passed as it is.
 */
export type RiskCheck = Omit<Extract<Effect, { type: "checkRisk" }>, "type">;
