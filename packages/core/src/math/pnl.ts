import type { Position, Pnl } from "../model/signal.js";

export interface CostModel {
  readonly percentFee: number;
  readonly percentSlippage: number;
  readonly positionEntryCost: number;
}

/**
 * Profit and loss of a closed position (SPEC §4): slippage moves entry and exit against the
 * trader, the fee is charged on the entry and on the exit value. `priceOpen`/`priceClose` in the
 * result are the raw prices.
 */
export const computePnl = (position: Position, entry: number, exit: number, costs: CostModel): Pnl => {
  const s = costs.percentSlippage / 100;
  const f = costs.percentFee;
  let pnlPercentage: number;
  if (position === "long") {
    const o = entry * (1 + s);
    const x = exit * (1 - s);
    pnlPercentage = ((x - o) / o) * 100 - f * (1 + x / o);
  } else {
    const o = entry * (1 - s);
    const x = exit * (1 + s);
    pnlPercentage = ((o - x) / o) * 100 - f * (1 + x / o);
  }
  return {
    pnlPercentage,
    priceOpen: entry,
    priceClose: exit,
    pnlCost: (pnlPercentage / 100) * costs.positionEntryCost,
    pnlEntries: costs.positionEntryCost,
  };
};
