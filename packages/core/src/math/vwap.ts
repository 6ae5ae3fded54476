/**
 * Volume-weighted average of the typical price (high+low+close)/3 over candles `from..to`
 * (inclusive), or the mean close when the window has no volume (SPEC notation).
 *
 * The window is summed from scratch, in order, numerator and denominator separately, as
 * backtest-kit does: a running sum drifts in the last bits and can flip a `V ≥ TP` decision.
 */
export const vwapOfWindow = (
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  from: number,
  to: number,
): number => {
  let weighted = 0;
  let totalVolume = 0;
  let closes = 0;
  for (let i = from; i <= to; i++) {
    const v = volume[i]!;
    weighted += ((high[i]! + low[i]! + close[i]!) / 3) * v;
    totalVolume += v;
    closes += close[i]!;
  }
  return totalVolume === 0 ? closes / (to - from + 1) : weighted / totalVolume;
};
