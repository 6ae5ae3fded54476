import type { ClosedEvent } from "../model/events.js";

export interface TradeCosts {
  /** Fee in percent of the entry (SPEC §4: `f·(1 + X/O)`), and in currency on `pnl.pnlEntries`. */
  readonly feePercent: number;
  readonly feeCost: number;
  /** What slippage took: the raw price move minus the slipped one, in percent and in currency. */
  readonly slippagePercent: number;
  readonly slippageCost: number;
}

/**
 * Splits a closed trade's costs with the PnL formula of SPEC §4 (`computePnl`): slippage moves the
 * entry to O and the exit to X against the trader, and the fee is f % of the entry plus f % of
 * the exit value. raw move − slippage − fee = pnlPercentage.
 */
export const tradeCosts = (event: ClosedEvent, percentFee: number, percentSlippage: number): TradeCosts => {
  const s = percentSlippage / 100;
  const o = event.pnl.priceOpen;
  const x = event.pnl.priceClose;
  const long = event.signal.position === "long";
  const slippedOpen = long ? o * (1 + s) : o * (1 - s);
  const slippedClose = long ? x * (1 - s) : x * (1 + s);
  const rawMove = long ? ((x - o) / o) * 100 : ((o - x) / o) * 100;
  const slippedMove = long ? ((slippedClose - slippedOpen) / slippedOpen) * 100 : ((slippedOpen - slippedClose) / slippedOpen) * 100;
  const feePercent = percentFee * (1 + slippedClose / slippedOpen);
  const slippagePercent = rawMove - slippedMove;
  const notional = event.pnl.pnlEntries / 100;
  return { feePercent, feeCost: feePercent * notional, slippagePercent, slippageCost: slippagePercent * notional };
};
