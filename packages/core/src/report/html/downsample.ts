import type { CandleSeries } from "../../series/candle-series.js";
import { MINUTE_MS } from "../../model/candle.js";

/** Bar sizes the price pane may use, in minutes: the chart's usual intervals. */
const BAR_MINUTES = [1, 3, 5, 15, 30, 60, 120, 240, 360, 720, 1440, 4320, 10080] as const;

export interface Bars {
  /** Bar size in minutes. */
  readonly minutes: number;
  /** Bar open times in epoch seconds (the chart's time unit), ascending. */
  readonly time: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
}

/** The smallest bar size that shows `spanMs` in at most `maxBars` bars. */
export const barMinutesFor = (spanMs: number, maxBars: number): number =>
  BAR_MINUTES.find((minutes) => Math.ceil(spanMs / (minutes * MINUTE_MS)) <= maxBars) ?? BAR_MINUTES[BAR_MINUTES.length - 1]!;

/**
 * Candles between `from` and `to` (inclusive) merged into bars aligned on UTC multiples of the
 * bar size, so a year of 1-minute candles draws as ~2k bars. Trades keep their exact times;
 * only their markers snap to the bar that contains them (`barTimeOf`).
 */
export const downsampleCandles = (series: CandleSeries, from: number, to: number, maxBars = 3000): Bars => {
  const minutes = barMinutesFor(Math.max(0, to - from) + MINUTE_MS, maxBars);
  const size = minutes * MINUTE_MS;
  const bars: { time: number[]; open: number[]; high: number[]; low: number[]; close: number[] } = { time: [], open: [], high: [], low: [], close: [] };
  let current = NaN;
  for (let i = 0; i < series.length; i++) {
    const t = series.timestamp[i]!;
    if (t < from) continue;
    if (t > to) break;
    const bucket = Math.floor(t / size) * size;
    const last = bars.time.length - 1;
    if (bucket !== current) {
      current = bucket;
      bars.time.push(bucket / 1000);
      bars.open.push(series.open[i]!);
      bars.high.push(series.high[i]!);
      bars.low.push(series.low[i]!);
      bars.close.push(series.close[i]!);
    } else {
      if (series.high[i]! > bars.high[last]!) bars.high[last] = series.high[i]!;
      if (series.low[i]! < bars.low[last]!) bars.low[last] = series.low[i]!;
      bars.close[last] = series.close[i]!;
    }
  }
  return { minutes, ...bars };
};

/** The open time (epoch seconds) of the bar holding `time`. */
export const barTimeOf = (time: number, minutes: number): number => {
  const size = minutes * MINUTE_MS;
  return (Math.floor(time / size) * size) / 1000;
};
