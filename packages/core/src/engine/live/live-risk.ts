import { riskKey, riskSlotOf } from "../../codec/risk-positions.js";
import type { LifecycleState } from "../../lifecycle/state.js";
import { createBacktestRiskGate, createRiskBookStore, type BacktestRiskGate, type RiskBookStore } from "../../risk/backtest-gate.js";
import { withRiskSlot } from "../../risk/book.js";
import { riskState } from "../../risk/state.js";
import type { Effect } from "../../effects.js";
import type { Risk } from "../schemas.js";
import type { LiveStorage } from "./storage-port.js";

/**
 * The live risk books of one engine: one per profile, shared by every live instance naming it
 * (SPEC §6: a profile holds the positions of every strategy and symbol using it), never by a
 * backtest. A profile's book is loaded from storage once, by the first instance that needs it.
 */
export interface LiveRiskBooks {
  readonly books: RiskBookStore;
  /** Loads the profiles' books that are not loaded yet (concurrent callers share one load). */
  load(riskNames: ReadonlyArray<string>): Promise<void>;
}

export const liveRiskBooks = (storage: LiveStorage): LiveRiskBooks => {
  const books = createRiskBookStore();
  const loads = new Map<string, Promise<void>>();
  const loadOne = (riskName: string): Promise<void> => {
    let loading = loads.get(riskName);
    if (loading === undefined) {
      if (storage.readRiskBook === undefined) throw new Error(`live risk profile "${riskName}": the storage cannot read risk books (readRiskBook)`);
      loading = storage.readRiskBook(riskName).then((positions) => books.set(riskName, riskState(new Map(positions))));
      // A failed load is tried again by the next instance instead of being remembered.
      loading.catch(() => loads.delete(riskName));
      loads.set(riskName, loading);
    }
    return loading;
  };
  return { books, load: async (riskNames) => void (await Promise.all(riskNames.map(loadOne))) };
};

/**
 * One live instance's risk gate over the engine's shared books, after its recovery: the book may
 * have been loaded before this instance's own slot was reconciled, so the slot is set from the
 * restored state (held by the open position, free otherwise), the same rule recovery applies to the
 * risk file (`riskSlotOf` of the open row at its `pendingAt`). Check and reservation are one
 * synchronous step per request (`createBacktestRiskGate`'s `decide`), so two instances can never
 * both take a profile's last slot.
 */
export const openLiveRiskGate = async (
  shared: LiveRiskBooks,
  risks: ReadonlyArray<Risk>,
  restored: LifecycleState,
  pair: { readonly symbol: string; readonly strategyName: string },
  onEffect: (effect: Effect) => void,
): Promise<BacktestRiskGate> => {
  const riskNames = risks.map((risk) => risk.riskName);
  await shared.load(riskNames);
  const key = riskKey(pair.strategyName, pair.symbol);
  const own = restored.phase === "open" ? riskSlotOf(restored.signal, restored.signal.pendingAt) : undefined;
  for (const riskName of riskNames) shared.books.set(riskName, withRiskSlot(shared.books.get(riskName), key, own));
  return createBacktestRiskGate(risks, { books: shared.books, onEffect, live: true });
};
