import type { Position } from "../model/signal.js";

/**
 * Signed progress of a position at price `price` (SPEC §5): positive = percent of the way from
 * entry to take profit, negative = percent of the way from entry to stop loss, clamped to 100;
 * 0 when the price sits exactly at the entry. One number instead of an object keeps the per-candle
 * path free of allocations.
 */
export const signedProgress = (
  position: Position,
  entry: number,
  takeProfit: number,
  stopLoss: number,
  price: number,
): number => {
  const profitSide = position === "long" ? price > entry : price < entry;
  const lossSide = position === "long" ? price < entry : price > entry;
  if (profitSide) return Math.min((Math.abs(price - entry) / Math.abs(takeProfit - entry)) * 100, 100);
  if (lossSide) return -Math.min((Math.abs(price - entry) / Math.abs(stopLoss - entry)) * 100, 100);
  return 0;
};
