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
    weighted += typicalPrice(high[i]!, low[i]!, close[i]!) * v;
    totalVolume += v;
    closes += close[i]!;
  }
  return totalVolume === 0 ? closes / (to - from + 1) : weighted / totalVolume;
};

/**
 * (high + low + close) / 3, evaluated in this order everywhere: the batch fold bounds VWAPs with
 * it and relies on rounding exactly as `vwapOfWindow` does.
 */
export const typicalPrice = (high: number, low: number, close: number): number => (high + low + close) / 3;
