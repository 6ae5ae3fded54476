import type { ClosedEvent } from "../../model/events.js";

/** A chart point: time in epoch seconds, value. */
export type Point = readonly [number, number];

/**
 * The compounded equity curve (starting at 100 when the first trade opens) and its drawdown
 * below the running peak in percent, one point per close, as the statistics define them.
 */
export const equityCurves = (trades: ReadonlyArray<ClosedEvent>): { equity: Point[]; drawdown: Point[] } => {
  const ordered = [...trades].sort((a, b) => a.closeTimestamp - b.closeTimestamp);
  const equity: Point[] = [];
  const drawdown: Point[] = [];
  if (ordered.length === 0) return { equity, drawdown };
  let value = 100;
  let peak = 100;
  const push = (time: number, v: number, dd: number) => {
    const t = Math.floor(time / 1000);
    // The chart needs strictly ascending times: a later point in the same second replaces.
    if (equity.length > 0 && equity[equity.length - 1]![0] >= t) {
      equity.pop();
      drawdown.pop();
    }
    equity.push([t, v]);
    drawdown.push([t, dd]);
  };
  push(ordered[0]!.signal.pendingAt, value, 0);
  for (const trade of ordered) {
    value *= 1 + trade.pnl.pnlPercentage / 100;
    if (value >= peak) peak = value;
    push(trade.closeTimestamp, value, (value / peak - 1) * 100);
  }
  return { equity, drawdown };
};
