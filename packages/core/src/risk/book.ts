import { produce } from "../immer.js";
import { riskKey, riskSlotOf, type RiskPosition } from "../codec/risk-positions.js";
import type { SignalRow } from "../model/signal.js";
import type { RiskState } from "./state.js";

/*
 * The in-memory risk book: reserve and release slots. Storage learns of a slot from the
 * lifecycle's commits (a position's open and close name its risk profiles) and recovery rebuilds
 * the books from the files, so these transitions have no effects of their own. When nothing
 * changes the same state comes back.
 */

const sameSlot = (a: RiskPosition, b: RiskPosition): boolean =>
  a.signalId === b.signalId &&
  a.symbol === b.symbol &&
  a.strategyName === b.strategyName &&
  a.exchangeName === b.exchangeName &&
  a.position === b.position &&
  a.priceOpen === b.priceOpen &&
  a.openedAt === b.openedAt;

/** Takes (or retakes) the signal's `strategyName:symbol` slot at simulated `time`; it checks no limit. */
export const reserveRiskSlot = (state: RiskState, signal: SignalRow, time: number): RiskState => {
  const key = riskKey(signal.strategyName, signal.symbol);
  const slot = riskSlotOf(signal, time);
  const held = state.positions.get(key);
  if (held !== undefined && sameSlot(held, slot)) return state;
  return produce(state, (draft) => void draft.positions.set(key, slot));
};

/**
 * Gives the slot back only if this signal holds it: a late release of an older signal must not
 * free the slot a newer signal of the same strategy and symbol has since taken.
 */
export const releaseRiskSlot = (state: RiskState, signal: SignalRow): RiskState => {
  const key = riskKey(signal.strategyName, signal.symbol);
  if (state.positions.get(key)?.signalId !== signal.id) return state;
  return produce(state, (draft) => void draft.positions.delete(key));
};

/**
 * The book with `key` held by `slot`, or free when `slot` is undefined: how a live instance puts
 * its own slot, as its recovery resolved it, into a book another instance may have loaded before.
 */
export const withRiskSlot = (state: RiskState, key: string, slot: RiskPosition | undefined): RiskState => {
  const held = state.positions.get(key);
  if (slot === undefined ? held === undefined : held !== undefined && sameSlot(held, slot)) return state;
  return produce(state, (draft) => void (slot === undefined ? draft.positions.delete(key) : draft.positions.set(key, slot)));
};
