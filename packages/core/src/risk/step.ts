import { produce } from "../immer.js";
import { encodeRiskPositions, riskKey, type RiskPosition } from "../codec/risk-positions.js";
import { NO_EFFECTS, type Effect, type Step } from "../effects.js";
import type { SignalRow } from "../model/signal.js";
import type { RiskParams } from "./params.js";
import type { RiskInput, RiskState } from "./state.js";

/**
 * The risk book as a reducer: reserve, release and reconcile slots. A change is persisted in live
 * mode (the whole book, as `[key, position]` pairs); backtests never touch storage. When nothing
 * changes the same state and the shared empty effects come back.
 */
export const stepRisk = (state: RiskState, input: RiskInput, params: RiskParams): Step<RiskState> => {
  switch (input.kind) {
    case "reserve":
      return reserveRiskSlot(state, input.signal, input.time, params);
    case "release":
      return releaseRiskSlot(state, input.signal, params);
    case "reconcile":
      return reconcileRisk(state, input.openSignalIds, params);
  }
};

const slotOf = (signal: SignalRow, time: number): RiskPosition => ({
  signalId: signal.id,
  symbol: signal.symbol,
  strategyName: signal.strategyName,
  exchangeName: signal.exchangeName,
  position: signal.position,
  priceOpen: signal.priceOpen,
  openedAt: time,
});

const sameSlot = (a: RiskPosition, b: RiskPosition): boolean =>
  a.signalId === b.signalId &&
  a.symbol === b.symbol &&
  a.strategyName === b.strategyName &&
  a.exchangeName === b.exchangeName &&
  a.position === b.position &&
  a.priceOpen === b.priceOpen &&
  a.openedAt === b.openedAt;

const changed = (next: RiskState, params: RiskParams): Step<RiskState> => {
  if (params.backtest) return [next, NO_EFFECTS];
  const persist: Effect = { type: "persist", store: "risk", riskName: params.riskName, value: encodeRiskPositions(next.positions) };
  return [next, [persist]];
};

/** Takes (or retakes) the signal's `strategyName:symbol` slot; it does not check any limit. */
export const reserveRiskSlot = (state: RiskState, signal: SignalRow, time: number, params: RiskParams): Step<RiskState> => {
  const key = riskKey(signal.strategyName, signal.symbol);
  const slot = slotOf(signal, time);
  const held = state.positions.get(key);
  if (held !== undefined && sameSlot(held, slot)) return [state, NO_EFFECTS];
  return changed(
    produce(state, (draft) => void draft.positions.set(key, slot)),
    params,
  );
};

/**
 * Gives the slot back only if this signal holds it: a late release of an older signal must not
 * free the slot a newer signal of the same strategy and symbol has since taken.
 */
export const releaseRiskSlot = (state: RiskState, signal: SignalRow, params: RiskParams): Step<RiskState> => {
  const key = riskKey(signal.strategyName, signal.symbol);
  if (state.positions.get(key)?.signalId !== signal.id) return [state, NO_EFFECTS];
  return changed(
    produce(state, (draft) => void draft.positions.delete(key)),
    params,
  );
};

/** Recovery (SPEC §6): drops every slot whose signal is no longer open. */
export const reconcileRisk = (state: RiskState, openSignalIds: ReadonlySet<string>, params: RiskParams): Step<RiskState> => {
  const stale = [...state.positions].filter(([, slot]) => !openSignalIds.has(slot.signalId)).map(([key]) => key);
  if (stale.length === 0) return [state, NO_EFFECTS];
  return changed(
    produce(state, (draft) => {
      for (const key of stale) draft.positions.delete(key);
    }),
    params,
  );
};
